-- The audit log: every mutating request, every download and every refused request, as the gateway saw it.
-- Written with its AuditRecorded event (outbox) in one transaction; queried by admins (GET /api/v1/audit).
create table audit_event (
    id            uuid primary key,
    occurred_at   timestamptz not null,
    organization  text,                 -- null when the caller could not be identified (401)
    user_id       text,
    roles         text,
    action        text not null,        -- e.g. POST /api/v1/reports/{id}/run
    method        text not null,
    resource      text not null,        -- the path as requested
    outcome       int  not null,        -- the HTTP status answered
    request_id    text not null,
    client_ip     text,
    user_agent    text
);
-- AuditResource.list: an organization's events, newest first
create index audit_event_org_time on audit_event (organization, occurred_at desc, id desc);
-- AuditRetention: delete by age
create index audit_event_time on audit_event (occurred_at);
