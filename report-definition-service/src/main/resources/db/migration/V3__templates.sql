create table report_template (
    id            uuid primary key,
    organization  text,                      -- null for system templates, which every organization sees
    visibility    text        not null check (visibility in ('system', 'public', 'private')),
    created_by    text        not null,
    name          text        not null check (length(name) between 1 and 200),
    description   text,
    category      text        not null,
    dataset       text        not null,
    query_spec    jsonb       not null,
    formats       jsonb       not null,
    layout        jsonb       not null default '{}',
    version       int         not null default 1,
    is_active     boolean     not null default true,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    check ((visibility = 'system') = (organization is null))
);
create index report_template_by_org on report_template (organization, category) where is_active;

-- every version of a template, the current one included; reports remember the version they came from
create table report_template_version (
    template_id  uuid        not null references report_template (id),
    version      int         not null,
    name         text        not null,
    description  text,
    category     text        not null,
    dataset      text        not null,
    query_spec   jsonb       not null,
    formats      jsonb       not null,
    layout       jsonb       not null,
    created_by   text        not null,
    created_at   timestamptz not null default now(),
    primary key (template_id, version)
);

-- System templates over the datasets the execution service declares (see docs/datasets.md).
insert into report_template (id, organization, visibility, created_by, name, description, category, dataset, query_spec, formats, layout) values
('00000000-0000-4000-8000-000000000001', null, 'system', 'system', 'County property analytics',
 'Listings and rent (min, max, average, median) per county and property type', 'kenya', 'properties',
 '{"columns":["county","type"],"groupBy":["county","type"],"aggregations":[{"fn":"count","column":"*","as":"listings"},{"fn":"min","column":"rent","as":"min_rent"},{"fn":"max","column":"rent","as":"max_rent"},{"fn":"avg","column":"rent","as":"avg_rent"},{"fn":"median","column":"rent","as":"median_rent"}],"sort":[{"column":"county","direction":"asc"},{"column":"type","direction":"asc"}],"parameters":{"dateColumn":"listed_at","dateRange":"last_30_days"}}',
 '["xlsx","pdf"]', '{"title":"County property analytics","orientation":"landscape","grouping":["county"],"totals":true}'),
('00000000-0000-4000-8000-000000000002', null, 'system', 'system', 'M-Pesa transaction analytics',
 'M-Pesa payments by status: count and volume in KES', 'kenya', 'payments',
 '{"columns":["status"],"groupBy":["status"],"filters":[{"column":"method","op":"eq","value":"mpesa"}],"aggregations":[{"fn":"count","column":"*","as":"transactions"},{"fn":"sum","column":"amount","as":"volume_kes"},{"fn":"avg","column":"amount","as":"average_kes"}],"sort":[{"column":"transactions","direction":"desc"}],"parameters":{"dateColumn":"occurred_at","dateRange":"last_30_days"}}',
 '["xlsx","csv","pdf"]', '{"title":"M-Pesa transaction analytics","orientation":"portrait","totals":true}'),
('00000000-0000-4000-8000-000000000003', null, 'system', 'system', 'Monthly bookings',
 'Bookings of last month by status, with their value', 'bookings', 'bookings',
 '{"columns":["status"],"groupBy":["status"],"aggregations":[{"fn":"count","column":"*","as":"bookings"},{"fn":"sum","column":"amount","as":"value_kes"}],"parameters":{"dateColumn":"created_at","dateRange":"last_month"}}',
 '["xlsx","pdf"]', '{"title":"Monthly bookings","orientation":"portrait","totals":true}'),
('00000000-0000-4000-8000-000000000004', null, 'system', 'system', 'Active users by role',
 'Active users per role', 'users', 'users',
 '{"columns":["role"],"groupBy":["role"],"filters":[{"column":"status","op":"eq","value":"active"}],"aggregations":[{"fn":"count","column":"*","as":"users"}],"sort":[{"column":"users","direction":"desc"}]}',
 '["csv","pdf"]', '{"title":"Active users by role","orientation":"portrait","totals":true}'),
('00000000-0000-4000-8000-000000000005', null, 'system', 'system', 'Visit report (PDF)',
 'One field visit report with its details, for the client', 'inventory', 'visit_reports',
 '{"columns":["report_number","visit_date","office","technician","status","priority","completion","purpose","summary"],"limit":1}',
 '["pdf"]', '{"title":"Visit report","orientation":"portrait","totals":false}'),
('00000000-0000-4000-8000-000000000006', null, 'system', 'system', 'Hardware inventory by location',
 'Hardware counts per building, floor and category', 'inventory', 'hardware',
 '{"columns":["building","floor","category"],"groupBy":["building","floor","category"],"aggregations":[{"fn":"count","column":"*","as":"items"}],"sort":[{"column":"building","direction":"asc"},{"column":"floor","direction":"asc"}]}',
 '["xlsx","pdf"]', '{"title":"Hardware inventory by location","orientation":"landscape","grouping":["building"],"totals":true}'),
('00000000-0000-4000-8000-000000000007', null, 'system', 'system', 'Warranties expiring in 90 days',
 'Hardware whose warranty ends within the next 90 days', 'inventory', 'hardware',
 '{"columns":["asset_tag","device_name","manufacturer","model","serial_number","building","warranty_expiry"],"sort":[{"column":"warranty_expiry","direction":"asc"}],"parameters":{"dateColumn":"warranty_expiry","dateRange":"next_90_days"}}',
 '["xlsx","csv"]', '{"title":"Warranties expiring in 90 days","orientation":"landscape","totals":false}'),
('00000000-0000-4000-8000-000000000008', null, 'system', 'system', 'Recycling summary',
 'Recycled items and weight by method this year', 'inventory', 'recycling',
 '{"columns":["method"],"groupBy":["method"],"aggregations":[{"fn":"count","column":"*","as":"items"},{"fn":"sum","column":"weight_kg","as":"weight_kg"}],"parameters":{"dateColumn":"recycled_on","dateRange":"this_year"}}',
 '["xlsx","pdf"]', '{"title":"Recycling summary","orientation":"portrait","totals":true}');

insert into report_template_version (template_id, version, name, description, category, dataset, query_spec, formats, layout, created_by)
select id, version, name, description, category, dataset, query_spec, formats, layout, created_by from report_template;
