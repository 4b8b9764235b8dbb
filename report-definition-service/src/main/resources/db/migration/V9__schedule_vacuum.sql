-- Every fire moves a schedule's next run (a new row version, a new entry in the due index the dispatcher reads).
-- Vacuum after a few thousand such changes instead of after 20% of the table (a Monday-08:00 storm of 10,000
-- schedules otherwise leaves 10,000 dead entries for every later poll to walk).
alter table schedule set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                          autovacuum_analyze_scale_factor = 0.02);
