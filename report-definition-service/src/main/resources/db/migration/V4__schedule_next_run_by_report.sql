-- A report's nextRunAt is min(next_run_at) of its active schedules, refreshed after every dispatch
-- batch and schedule change: an index lookup instead of a scan of the report's schedules.
create index schedule_next_run_by_report on schedule (report_id, next_run_at) where status = 'active';
