-- One row per (event, channel, recipient): the unique key makes a second delivery of the same event to the
-- same recipient impossible, across redeliveries of the event and across replicas.
create table delivery (
    id               uuid primary key,
    organization     text not null,
    event_id         text not null,
    event_type       text not null,
    kind             text not null,            -- report-ready, report-failed, notification
    channel          text not null,            -- email, sms, webhook
    address          text not null,            -- as normalised: lower-case e-mail, E.164 number, URL
    execution_id     uuid,
    report_id        uuid,
    subject          text,                     -- what the delivery is about (report name, notification subject)
    payload          text not null,            -- the event data the message is rendered from (JSON)
    status           text not null,            -- pending, sending, sent, failed
    attempts         int  not null default 0,
    next_attempt_at  timestamptz not null default now(),
    lease_until      timestamptz,              -- a sending row whose replica died is taken again after this
    last_error       text,
    provider_response text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    sent_at          timestamptz,
    unique (event_id, channel, address)
);
-- DeliveryWorker.claim: due pending rows and expired leases, oldest first
create index delivery_due on delivery (next_attempt_at) where status in ('pending', 'sending');
-- DeliveryResource.list: an organization's log, newest first, with filters
create index delivery_org_created on delivery (organization, created_at desc, id desc);
create index delivery_org_execution on delivery (organization, execution_id);
create index delivery_org_report on delivery (organization, report_id, created_at desc);

-- Every attempt, with what the provider said: the delivery log.
create table delivery_attempt (
    id               bigint generated always as identity primary key,
    delivery_id      uuid not null references delivery (id) on delete cascade,
    attempt          int  not null,
    started_at       timestamptz not null,
    finished_at      timestamptz not null,
    outcome          text not null,            -- sent, retry, failed
    error            text,
    provider_status  int,
    provider_response text
);
create index delivery_attempt_delivery on delivery_attempt (delivery_id, attempt);

-- Webhook endpoints an organization registered, each with the secret its deliveries are signed with.
create table webhook_endpoint (
    id            uuid primary key,
    organization  text not null,
    url           text not null,
    secret        text not null,
    description   text,
    created_at    timestamptz not null default now(),
    unique (organization, url)
);
