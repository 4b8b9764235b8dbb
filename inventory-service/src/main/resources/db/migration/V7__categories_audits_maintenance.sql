-- Categories of devices, each with its own custom fields (definitions in fields, values on the device in
-- custom_fields), an audit interval and a depreciation period. A device's category text stays: it is the category's
-- name when the device has one, free text otherwise (devices recorded before categories existed).
create table category (
    id                  uuid primary key,
    organization        text not null,
    name                text not null,
    description         text,
    fields              jsonb not null default '[]' check (jsonb_typeof(fields) = 'array'),
    audit_months        int check (audit_months between 1 and 120),
    depreciation_months int check (depreciation_months between 1 and 600),
    active              boolean not null default true,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    version             bigint not null default 0
);
create unique index category_org_name on category (organization, lower(name));

alter table hardware
    add column category_id      uuid references category (id),
    add column custom_fields    jsonb not null default '{}' check (jsonb_typeof(custom_fields) = 'object'),
    add column purchase_cost    numeric(12, 2) check (purchase_cost >= 0),
    add column last_audited_at  timestamptz,
    add column next_audit_date  date;
-- HardwareQuery categoryId filter
create index hardware_org_category_id on hardware (organization, category_id) where deleted_at is null and category_id is not null;
-- HardwareQuery custom field filters (custom_fields @> {"key": value}); jsonb_path_ops: containment only, a third the size
create index hardware_custom_fields on hardware using gin (custom_fields jsonb_path_ops) where deleted_at is null;
-- AuditService overdue audits
create index hardware_org_next_audit on hardware (organization, next_audit_date) where deleted_at is null and next_audit_date is not null;

-- Every time a device was seen: where, by whom, in what condition
create table hardware_audit (
    id               uuid primary key,
    organization     text not null,
    hardware_id      uuid not null references hardware (id),
    audited_at       timestamptz not null,
    audited_by       text not null,
    building         text,
    floor            text,
    room             text,
    condition_rating smallint check (condition_rating between 1 and 5),
    note             text,
    created_at       timestamptz not null default now()
);
create index hardware_audit_org_device on hardware_audit (organization, hardware_id, audited_at desc);

-- Repairs, upgrades and services done on a device, with what they cost and who did them
create table hardware_maintenance (
    id            uuid primary key,
    organization  text not null,
    hardware_id   uuid not null references hardware (id),
    kind          text not null check (kind in ('repair', 'upgrade', 'service', 'calibration', 'inspection')),
    title         text not null,
    supplier      text,
    cost          numeric(12, 2) check (cost >= 0),
    started_on    date not null,
    completed_on  date,
    note          text,
    created_by    text not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    version       bigint not null default 0,
    check (completed_on is null or completed_on >= started_on)
);
create index hardware_maintenance_org_device on hardware_maintenance (organization, hardware_id, started_on desc);
