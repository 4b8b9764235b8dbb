-- The execution queue (see README: lifecycle). Workers claim with FOR UPDATE SKIP LOCKED ordered by
-- priority (1 first), run_after, queued_at; a running execution holds a lease its worker extends; an expired
-- lease means the worker died and the execution is queued again.
create table execution (
    id                 uuid primary key,
    request_id         uuid        not null unique,
    organization       text        not null,
    report_id          uuid        not null,
    definition_version int         not null,
    report_name        text        not null,
    dataset            text        not null,
    query_spec         jsonb       not null,
    formats            jsonb       not null,
    priority           int         not null check (priority between 1 and 10),
    recipients         jsonb       not null default '[]',
    schedule_id        uuid,
    scheduled_for      timestamptz,
    time_zone          text        not null,
    send_only_if_rows  boolean     not null default false,
    truncate_at_limit  boolean     not null default false,
    requested_by       text        not null,
    requested_at       timestamptz not null,
    status             text        not null check (status in ('queued', 'running', 'completed', 'failed', 'cancelled', 'timed_out')),
    attempts           int         not null default 0,
    max_attempts       int         not null,
    run_after          timestamptz not null,
    lease_owner        text,
    lease_expires_at   timestamptz,
    cancel_requested   boolean     not null default false,
    rows_done          bigint      not null default 0,
    rows_estimated     bigint,
    truncated          boolean     not null default false,
    no_rows            boolean     not null default false,
    queued_at          timestamptz not null default now(),
    started_at         timestamptz,
    finished_at        timestamptz,
    error_message      text,
    error_class        text
);
create index execution_claim on execution (priority, run_after, queued_at) where status = 'queued';
create index execution_lease on execution (lease_expires_at) where status = 'running';
create index execution_by_org on execution (organization, queued_at desc);
create index execution_by_report on execution (organization, report_id, queued_at desc);

create table execution_output (
    execution_id uuid        not null references execution (id),
    format       text        not null check (format in ('csv', 'json', 'xlsx', 'pdf')),
    storage_key  text        not null,
    content_type text        not null,
    size_bytes   bigint      not null,
    sha256       text        not null,
    row_count    bigint      not null,
    expires_at   timestamptz not null,
    expired      boolean     not null default false,
    created_at   timestamptz not null default now(),
    primary key (execution_id, format)
);
create index execution_output_expiry on execution_output (expires_at) where not expired;
