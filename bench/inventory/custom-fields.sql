-- Run: psql -h 127.0.0.1 -U postgres -d kaa -f bench/inventory/custom-fields.sql (a scratch schema, dropped at the end)
-- JSONB + GIN (jsonb_path_ops) vs a typed side table for custom field search: 1,000,000 devices in 20 organizations,
-- 3 custom fields each; the query: an organization's devices with ram_gb = 16 and os = 'Ubuntu 24.04'.
\timing on
set client_min_messages = warning;
drop schema if exists cf_measure cascade;
create schema cf_measure;
set search_path = cf_measure;
create table device (id uuid primary key, organization text not null, custom_fields jsonb not null);
create table device_field (device_id uuid not null, organization text not null, key text not null, text_value text, number_value numeric);
\echo '-- load 1,000,000 devices: JSONB'
insert into device select gen_random_uuid(), 'org-' || (g % 20),
  jsonb_build_object('ram_gb', (array[4,8,16,32])[1 + g % 4], 'os', (array['Windows 11','Ubuntu 24.04','macOS'])[1 + g % 3], 'hostname', 'h-' || g)
  from generate_series(1, 1000000) g;
\echo '-- the same values in the side table (3 rows per device)'
insert into device_field select id, organization, 'ram_gb', null, (custom_fields->>'ram_gb')::numeric from device;
insert into device_field select id, organization, 'os', custom_fields->>'os', null from device;
insert into device_field select id, organization, 'hostname', custom_fields->>'hostname', null from device;
\echo '-- indexes'
create index device_cf on device using gin (custom_fields jsonb_path_ops);
create index device_org on device (organization);
create index device_field_text on device_field (organization, key, text_value);
create index device_field_number on device_field (organization, key, number_value);
vacuum analyze device; vacuum analyze device_field;
select pg_size_pretty(pg_relation_size('device_cf')) as gin, pg_size_pretty(pg_relation_size('device_field') + pg_relation_size('device_field_text') + pg_relation_size('device_field_number')) as side_table_and_indexes;
\echo '-- query: JSONB containment (count of matches, then a page of 20)'
select count(*) from device where organization = 'org-6' and custom_fields @> '{"ram_gb":16,"os":"Ubuntu 24.04"}';
select count(*) from device where organization = 'org-6' and custom_fields @> '{"ram_gb":16,"os":"Ubuntu 24.04"}';
select id from device where organization = 'org-6' and custom_fields @> '{"ram_gb":16,"os":"Ubuntu 24.04"}' order by id limit 20;
\echo '-- query: side table, one join per field'
select count(*) from device d join device_field a on a.device_id = d.id and a.organization = 'org-6' and a.key = 'ram_gb' and a.number_value = 16
  join device_field b on b.device_id = d.id and b.organization = 'org-6' and b.key = 'os' and b.text_value = 'Ubuntu 24.04' where d.organization = 'org-6';
select count(*) from device d join device_field a on a.device_id = d.id and a.organization = 'org-6' and a.key = 'ram_gb' and a.number_value = 16
  join device_field b on b.device_id = d.id and b.organization = 'org-6' and b.key = 'os' and b.text_value = 'Ubuntu 24.04' where d.organization = 'org-6';
\echo '-- a rare value: one hostname'
select id from device where organization = 'org-6' and custom_fields @> '{"hostname":"h-500006"}';
select d.id from device d join device_field a on a.device_id = d.id and a.organization = 'org-6' and a.key = 'hostname' and a.text_value = 'h-500006' where d.organization = 'org-6';
\echo '-- write cost of 10,000 more devices: JSONB row alone vs row + 3 side rows'
insert into device select gen_random_uuid(), 'org-1', jsonb_build_object('ram_gb', 16, 'os', 'macOS', 'hostname', 'x-' || g) from generate_series(1, 10000) g;
insert into device_field select gen_random_uuid(), 'org-1', k, case when k = 'ram_gb' then null else 'v' || g end, case when k = 'ram_gb' then 16 end from generate_series(1, 10000) g, unnest(array['ram_gb','os','hostname']) k;
drop schema cf_measure cascade;
