-- Recycling as the seed tracks it: a pickup is requested, scheduled for a pickup_date, collected (recycled_on, the
-- device becomes recycled) and certified (certificate_number). Records made before were recycling already done:
-- collected, or certified when they carry a certificate. recycled_on is now the collection day, unknown before it.
alter table recycling_record
    add column status      text not null default 'collected'
        check (status in ('requested', 'scheduled', 'collected', 'certified')),
    add column pickup_date date,
    alter column recycled_on drop not null;
update recycling_record set status = 'certified' where certificate_number is not null;
alter table recycling_record
    add constraint recycling_record_stage check (
        (status not in ('collected', 'certified') or recycled_on is not null)
        and (status <> 'scheduled' or pickup_date is not null)
        and (status <> 'certified' or certificate_number is not null));

-- RecyclingRepository pickups due and the status filter (the seed's status/pickup_date composite)
create index recycling_record_org_status_pickup on recycling_record (organization, status, pickup_date);
