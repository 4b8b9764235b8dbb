-- The inventory service's schema: field visits to client offices, the hardware found there,
-- what was taken away for recycling, and the files attached to a visit.
-- Every table carries the organization: every query filters by it first (tenant isolation),
-- so every index below starts with it.

create table organization (
    id          text primary key,                 -- the tenant id the gateway puts in the token
    name        text not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table office (
    id            uuid primary key,
    organization  text not null,
    name          text not null,
    address       text,
    county        text,                           -- one of Kenya's 47 counties, canonical spelling
    region        text,
    contact_email text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    version       bigint not null default 0
);
-- OfficeRepository.list: the organization's offices by name; names are unique per organization
create unique index office_organization_name on office (organization, lower(name));

create table technician (
    id            uuid primary key,
    organization  text not null,
    name          text not null,
    email         text,
    phone         text,
    active        boolean not null default true,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    version       bigint not null default 0
);
-- TechnicianRepository.list
create index technician_organization_name on technician (organization, name);

-- Report numbers VR-<year>-<n>: one counter row per organization and year, incremented in the
-- creating transaction, so numbers are unique and gap-free per organization without a global lock.
create table report_number_counter (
    organization text not null,
    year         int  not null,
    last_number  int  not null,
    primary key (organization, year)
);

-- Range-partitioned by month on visit_date (see VisitReportPartitions): date-range lists touch only
-- the months they cover, and old months can be detached for archival. The primary key must contain
-- the partition key, hence (id, visit_date); report numbers are unique by construction (counter above).
create table visit_report (
    id             uuid not null,
    organization   text not null,
    report_number  text not null,
    office_id      uuid not null,
    technician_id  uuid,
    status         text not null,
    priority       text not null,
    visit_date     date not null,
    completion     smallint not null default 0 check (completion between 0 and 100),
    purpose        text not null,
    summary        text,
    created_by     text not null,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    deleted_at     timestamptz,
    version        bigint not null default 0,
    -- full-text search over report number, purpose and summary (the seed's second GIN index)
    search         tsvector generated always as (to_tsvector('english',
                       report_number || ' ' || purpose || ' ' || coalesce(summary, ''))) stored,
    primary key (id, visit_date)
) partition by range (visit_date);

create table visit_report_default partition of visit_report default;

-- VisitReportQuery, default order: newest visits first, per organization, live rows only
create index visit_report_org_date on visit_report (organization, visit_date desc, id desc) where deleted_at is null;
-- VisitReportQuery status filter (the seed's organization/status/date composite)
create index visit_report_org_status_date on visit_report (organization, status, visit_date desc) where deleted_at is null;
-- VisitReportQuery office and technician filters
create index visit_report_org_office_date on visit_report (organization, office_id, visit_date desc) where deleted_at is null;
create index visit_report_org_technician_date on visit_report (organization, technician_id, visit_date desc) where deleted_at is null;
-- VisitReportQuery search (websearch_to_tsquery)
create index visit_report_search on visit_report using gin (search);
-- VisitReportRepository.findByNumber
create index visit_report_org_number on visit_report (organization, report_number);

-- Creates the month's partition of visit_report if it does not exist. Rows of that month that an
-- earlier insert put in the default partition move into the new one (otherwise the create fails).
-- An advisory lock serialises replicas racing to create the same month.
create function ensure_visit_report_partition(p_month date) returns boolean
language plpgsql as $$
declare
    month_start date := date_trunc('month', p_month)::date;
    month_end   date := (date_trunc('month', p_month) + interval '1 month')::date;
    part        text := 'visit_report_' || to_char(month_start, 'YYYY_MM');
    moved       int;
begin
    perform pg_advisory_xact_lock(hashtext('inventory.visit_report partitions'));
    if to_regclass(part) is not null then
        return false;
    end if;
    execute format('create temporary table if not exists visit_report_moving (like visit_report) on commit drop');
    execute format('with gone as (delete from visit_report_default where visit_date >= %L and visit_date < %L returning *)'
                   ' insert into visit_report_moving select * from gone', month_start, month_end);
    get diagnostics moved = row_count;
    execute format('create table %I partition of visit_report for values from (%L) to (%L)', part, month_start, month_end);
    if moved > 0 then
        execute format('insert into visit_report (id, organization, report_number, office_id, technician_id, status, priority,'
                       ' visit_date, completion, purpose, summary, created_by, created_at, updated_at, deleted_at, version)'
                       ' select id, organization, report_number, office_id, technician_id, status, priority, visit_date,'
                       ' completion, purpose, summary, created_by, created_at, updated_at, deleted_at, version'
                       ' from visit_report_moving');
    end if;
    execute 'drop table visit_report_moving';
    return true;
end $$;

create table hardware (
    id               uuid primary key,
    organization     text not null,
    visit_report_id  uuid not null,
    category         text not null,
    device_name      text,
    manufacturer     text,
    model            text,
    serial_number    text,
    asset_tag        text,
    status           text not null,
    purchase_date    date,
    warranty_expiry  date,
    building         text,
    floor            text,
    room             text,
    notes            text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    deleted_at       timestamptz,
    version          bigint not null default 0,
    -- full-text search over device name, manufacturer, model and serial (the seed's first GIN index)
    search           tsvector generated always as (to_tsvector('simple',
                         coalesce(device_name, '') || ' ' || coalesce(manufacturer, '') || ' ' ||
                         coalesce(model, '') || ' ' || coalesce(serial_number, ''))) stored
);
-- a serial number identifies one device in an organization (bulk create reports a duplicate per item)
create unique index hardware_org_serial on hardware (organization, serial_number) where serial_number is not null and deleted_at is null;
-- HardwareQuery by visit report, and the visit report's counts
create index hardware_org_visit on hardware (organization, visit_report_id) where deleted_at is null;
-- HardwareQuery category/status/warranty filters (the seed's composite)
create index hardware_org_category_status_warranty on hardware (organization, category, status, warranty_expiry) where deleted_at is null;
-- HardwareQuery "warranty expiring within N days"
create index hardware_org_warranty on hardware (organization, warranty_expiry) where deleted_at is null and warranty_expiry is not null;
-- HardwareQuery location filter (the seed's building/floor/room index)
create index hardware_org_location on hardware (organization, building, floor, room) where deleted_at is null;
-- HardwareQuery search
create index hardware_search on hardware using gin (search);
-- HardwareQuery default order (keyset on created_at, id)
create index hardware_org_created on hardware (organization, created_at desc, id desc) where deleted_at is null;

create table recycling_record (
    id                  uuid primary key,
    organization        text not null,
    hardware_id         uuid not null references hardware (id),
    visit_report_id     uuid not null,
    method              text not null,
    weight_kg           numeric(10, 3) check (weight_kg >= 0),
    certificate_number  text,
    recycler            text,
    recycled_on         date not null,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    version             bigint not null default 0
);
-- a device is recycled once
create unique index recycling_record_hardware on recycling_record (hardware_id);
-- RecyclingRepository.summary by method and month, and lists by date
create index recycling_record_org_date on recycling_record (organization, recycled_on desc, method);
-- the visit report's recycling count
create index recycling_record_org_visit on recycling_record (organization, visit_report_id);

create table file_attachment (
    id                uuid primary key,
    organization      text not null,
    visit_report_id   uuid not null,
    original_name     text not null,
    content_type      text not null,          -- detected from the bytes, not from the name
    size_bytes        bigint not null,
    sha256            text not null,
    storage_key       text not null,
    uploaded_by       text not null,
    thumbnail_status  text not null,          -- pending, working, ready, failed, none (not an image)
    thumbnail_key     text,
    thumbnail_claimed_at timestamptz,         -- when a replica took it: a dead replica's claim expires
    created_at        timestamptz not null default now()
);
-- AttachmentRepository.list and the visit report's file count (the seed's composite)
create index file_attachment_org_visit on file_attachment (organization, visit_report_id, created_at);
-- ThumbnailJob picks pending images (and claims of replicas that died)
create index file_attachment_thumbnail_todo on file_attachment (created_at) where thumbnail_status in ('pending', 'working');
