-- Run-time parameters: a report (and a template version) declares them, its filters name them, and each schedule
-- may give its own values (one schedule per county, say). Declarations and values are validated by the service.
alter table report_definition add column parameters jsonb not null default '[]';
alter table report_template add column parameters jsonb not null default '[]';
alter table report_template_version add column parameters jsonb not null default '[]';
alter table schedule add column parameters jsonb not null default '{}';

-- An alert: a condition on each run's result (row count, or an aggregate of an output column, against a threshold);
-- the schedule's recipients hear only when it holds. Null: every run is delivered.
alter table schedule add column alert jsonb;
