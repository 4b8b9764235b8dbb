-- The dataset catalog, as the execution service declares it on reports.datasets.v1 (compacted).
-- Query specs are validated against it without calling the execution service.
create table dataset_catalog (
    name         text primary key,
    declaration  jsonb       not null,
    updated_at   timestamptz not null default now()
);

create table report_definition (
    id               uuid primary key,
    organization     text        not null,
    owner            text        not null,
    name             text        not null check (length(name) between 1 and 200),
    description      text        check (length(description) <= 2000),
    dataset          text        not null,
    query_spec       jsonb       not null,
    formats          jsonb       not null,
    tags             jsonb       not null default '[]',
    status           text        not null check (status in ('draft', 'active', 'archived')),
    visibility       text        not null check (visibility in ('private', 'organization')),
    template_id      uuid,
    template_version int,
    run_count        bigint      not null default 0,
    last_run_at      timestamptz,
    last_run_status  text,
    next_run_at      timestamptz,
    is_active        boolean     not null default true,
    deleted_at       timestamptz,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    version          bigint      not null default 0
);
-- list: the organization's live reports, newest first (the default sort), keyset on (created_at, id)
create index report_definition_by_org_created on report_definition (organization, created_at desc, id desc) where is_active;
create index report_definition_by_org_updated on report_definition (organization, updated_at desc, id desc) where is_active;
-- tags filter: tags @> '["finance"]'
create index report_definition_tags on report_definition using gin (tags jsonb_path_ops) where is_active;

-- every run asked for (run now or a due schedule): the request id is the execution's idempotency key
create table run_request (
    id             uuid primary key,
    organization   text        not null,
    report_id      uuid        not null references report_definition (id),
    requested_by   text        not null,
    priority       int         not null,
    formats        jsonb       not null,
    schedule_id    uuid,
    scheduled_for  timestamptz,
    requested_at   timestamptz not null default now(),
    status         text,
    finished_at    timestamptz
);
create index run_request_by_report on run_request (report_id, requested_at desc);
