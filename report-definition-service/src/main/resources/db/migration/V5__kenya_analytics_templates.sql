-- Kenya analytics as the execution service's catalog now allows them (derived columns occupancy,
-- occurred_date, occurred_hour, succeeded, failed, successful_amount and the share aggregation):
-- county analytics gain occupancy rate and type share; M-Pesa analytics become a daily series with
-- success rate and successful volume, plus hourly distribution and top failure reasons.
-- System templates change by new version; reports made from version 1 keep it.

update report_template set version = 2, updated_at = now(),
    description = 'Per county and property type: listings, rent (min, max, average, median), occupancy rate (occupied / all not inactive) and the type''s share of the county''s listings',
    dataset = 'properties', query_spec = '{"columns":["county","type"],"groupBy":["county","type"],"aggregations":[{"fn":"count","column":"*","as":"listings"},{"fn":"min","column":"rent","as":"min_rent"},{"fn":"max","column":"rent","as":"max_rent"},{"fn":"avg","column":"rent","as":"avg_rent"},{"fn":"median","column":"rent","as":"median_rent"},{"fn":"avg","column":"occupancy","as":"occupancy_rate"},{"fn":"share","column":"*","as":"type_share"}],"sort":[{"column":"county","direction":"asc"},{"column":"type","direction":"asc"}],"parameters":{"dateColumn":"listed_at","dateRange":"last_30_days"}}'
 where id = '00000000-0000-4000-8000-000000000001';

update report_template set version = 2, updated_at = now(),
    description = 'M-Pesa per day (Nairobi time): transactions, successful and failed counts, success rate, successful volume and average in KES',
    dataset = 'payments', query_spec = '{"columns":["occurred_date"],"groupBy":["occurred_date"],"filters":[{"column":"method","op":"eq","value":"mpesa"}],"aggregations":[{"fn":"count","column":"*","as":"transactions"},{"fn":"sum","column":"succeeded","as":"successful"},{"fn":"sum","column":"failed","as":"failed"},{"fn":"avg","column":"succeeded","as":"success_rate"},{"fn":"sum","column":"successful_amount","as":"volume_kes"},{"fn":"avg","column":"successful_amount","as":"average_kes"}],"sort":[{"column":"occurred_date","direction":"asc"}],"parameters":{"dateColumn":"occurred_at","dateRange":"last_30_days"}}'
 where id = '00000000-0000-4000-8000-000000000002';

insert into report_template (id, organization, visibility, created_by, name, description, category, dataset, query_spec, formats, layout) values
('00000000-0000-4000-8000-000000000009', null, 'system', 'system', 'M-Pesa hourly distribution',
 'M-Pesa transactions and successful volume per hour of the day, in the report''s time zone', 'kenya', 'payments',
 '{"columns":["occurred_hour"],"groupBy":["occurred_hour"],"filters":[{"column":"method","op":"eq","value":"mpesa"}],"aggregations":[{"fn":"count","column":"*","as":"transactions"},{"fn":"sum","column":"successful_amount","as":"volume_kes"}],"sort":[{"column":"occurred_hour","direction":"asc"}],"parameters":{"dateColumn":"occurred_at","dateRange":"last_30_days"}}',
 '["xlsx","pdf"]', '{"title":"M-Pesa hourly distribution","orientation":"portrait","totals":true,"chart":"bar"}'),
('00000000-0000-4000-8000-00000000000a', null, 'system', 'system', 'M-Pesa top failure reasons',
 'The 10 most frequent reasons M-Pesa payments failed', 'kenya', 'payments',
 '{"columns":["failure_reason"],"groupBy":["failure_reason"],"filters":[{"column":"method","op":"eq","value":"mpesa"},{"column":"status","op":"eq","value":"failed"}],"aggregations":[{"fn":"count","column":"*","as":"failures"}],"sort":[{"column":"failures","direction":"desc"},{"column":"failure_reason","direction":"asc"}],"limit":10,"parameters":{"dateColumn":"occurred_at","dateRange":"last_30_days"}}',
 '["xlsx","csv","pdf"]', '{"title":"M-Pesa top failure reasons","orientation":"portrait","totals":false,"chart":"bar"}');

update report_template set layout = layout || '{"chart":"bar"}'
 where id in ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002');

insert into report_template_version (template_id, version, name, description, category, dataset, query_spec, formats, layout, created_by)
select id, version, name, description, category, dataset, query_spec, formats, layout, created_by from report_template
 where id in ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002',
              '00000000-0000-4000-8000-000000000009', '00000000-0000-4000-8000-00000000000a');
