-- Read models built from Kafka events (see docs/datasets.md). One row per (organization, entity id).
-- updated_at is the entity's version: an upsert only wins when it is newer, so a redelivered or late
-- event changes nothing. A deletion keeps the row as a tombstone (deleted = true) so that an older
-- upsert arriving after it cannot bring the entity back.

create table ds_users (
    organization text        not null,
    id           text        not null,
    updated_at   timestamptz not null,
    deleted      boolean     not null default false,
    role         text,
    county       text,
    status       text,
    created_at   timestamptz,
    primary key (organization, id)
);

create table ds_properties (
    organization text        not null,
    id           text        not null,
    updated_at   timestamptz not null,
    deleted      boolean     not null default false,
    owner_id     text,
    title        text,
    type         text,
    county       text,
    town         text,
    rent         numeric(14, 2),
    bedrooms     int,
    status       text,
    listed_at    timestamptz,
    primary key (organization, id)
);
create index ds_properties_listed on ds_properties (organization, listed_at) include (county, type, rent, status) where not deleted;

create table ds_bookings (
    organization text        not null,
    id           text        not null,
    updated_at   timestamptz not null,
    deleted      boolean     not null default false,
    property_id  text,
    tenant_id    text,
    status       text,
    check_in     date,
    check_out    date,
    amount       numeric(14, 2),
    created_at   timestamptz,
    primary key (organization, id)
);
create index ds_bookings_created on ds_bookings (organization, created_at) where not deleted;

-- phone is personal data: only a masked form (for display) and a keyed hash (to count distinct payers) are kept
create table ds_payments (
    organization   text        not null,
    id             text        not null,
    updated_at     timestamptz not null,
    deleted        boolean     not null default false,
    booking_id     text,
    payer_id       text,
    method         text,
    amount         numeric(14, 2),
    status         text,
    failure_reason text,
    mpesa_receipt  text,
    phone_masked   text,
    phone_hash     text,
    occurred_at    timestamptz,
    primary key (organization, id)
);
create index ds_payments_occurred on ds_payments (organization, method, occurred_at) include (status, amount, failure_reason) where not deleted;

create table ds_visit_reports (
    organization  text        not null,
    id            text        not null,
    updated_at    timestamptz not null,
    deleted       boolean     not null default false,
    report_number text,
    office        text,
    county        text,
    technician    text,
    status        text,
    priority      text,
    visit_date    date,
    completion    int,
    purpose       text,
    summary       text,
    primary key (organization, id)
);
create index ds_visit_reports_date on ds_visit_reports (organization, visit_date) where not deleted;

create table ds_hardware (
    organization    text        not null,
    id              text        not null,
    updated_at      timestamptz not null,
    deleted         boolean     not null default false,
    visit_report_id text,
    category        text,
    device_name     text,
    manufacturer    text,
    model           text,
    serial_number   text,
    asset_tag       text,
    status          text,
    purchase_date   date,
    warranty_expiry date,
    building        text,
    floor           text,
    room            text,
    primary key (organization, id)
);
create index ds_hardware_warranty on ds_hardware (organization, warranty_expiry) where not deleted;

create table ds_recycling (
    organization       text        not null,
    id                 text        not null,
    updated_at         timestamptz not null,
    deleted            boolean     not null default false,
    hardware_id        text,
    method             text,
    weight_kg          numeric(12, 3),
    certificate_number text,
    recycler           text,
    recycled_on        date,
    primary key (organization, id)
);
create index ds_recycling_on on ds_recycling (organization, recycled_on) where not deleted;

-- the catalog as last declared on reports.datasets.v1: a declaration is published only when it changed
create table dataset_declaration (
    name        text primary key,
    declaration jsonb       not null,
    declared_at timestamptz not null default now()
);
