-- The seed's hardware fields that were missing: network identity, a condition rating, and free-form
-- specifications/metadata. Expand only (new nullable columns, defaults for the JSON objects): pods of the previous
-- version keep writing rows during a rolling update, and their rows read back with empty objects.
alter table hardware
    add column ip_address       inet,           -- one address (v4 or v6), no prefix: HardwareRequests.IP_ADDRESS
    add column mac_address      macaddr,        -- stored canonical (08:00:2b:01:02:03) whatever form was sent
    add column condition_rating smallint check (condition_rating between 1 and 5),
    add column specifications   jsonb not null default '{}' check (jsonb_typeof(specifications) = 'object'),
    add column metadata         jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object');

-- HardwareQuery ipAddress filter: one address, or every address of a network (10.2.0.0/16) with <<=
create index hardware_org_ip on hardware using gist (ip_address inet_ops) where deleted_at is null and ip_address is not null;
-- HardwareQuery macAddress filter
create index hardware_org_mac on hardware (organization, mac_address) where deleted_at is null and mac_address is not null;
