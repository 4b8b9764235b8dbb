-- Check-out of a device to a technician, an office or a named location, and its check-in. The open check-out of a
-- device is its row without checked_in_at: the partial unique index makes a second one impossible, whatever races.
create table hardware_checkout (
    id               uuid primary key,
    organization     text not null,
    hardware_id      uuid not null references hardware (id),
    technician_id    uuid references technician (id),
    office_id        uuid references office (id),
    location         text,
    expected_return  date,
    note             text,
    checked_out_at   timestamptz not null default now(),
    checked_out_by   text not null,
    checked_in_at    timestamptz,
    checked_in_by    text,
    checkin_note     text,
    version          bigint not null default 0,
    -- exactly one holder
    check ((technician_id is not null)::int + (office_id is not null)::int + (location is not null)::int = 1)
);
create unique index hardware_checkout_open on hardware_checkout (hardware_id) where checked_in_at is null;
-- CheckoutService history of a device, of a technician, of an office (newest first)
create index hardware_checkout_org_device on hardware_checkout (organization, hardware_id, checked_out_at desc);
create index hardware_checkout_org_technician on hardware_checkout (organization, technician_id, checked_out_at desc) where technician_id is not null;
create index hardware_checkout_org_office on hardware_checkout (organization, office_id, checked_out_at desc) where office_id is not null;
-- CheckoutService overdue returns
create index hardware_checkout_org_overdue on hardware_checkout (organization, expected_return) where checked_in_at is null;

-- Offices are deactivated, never deleted: their visits keep naming them. A technician's active flag existed.
alter table office add column active boolean not null default true;
