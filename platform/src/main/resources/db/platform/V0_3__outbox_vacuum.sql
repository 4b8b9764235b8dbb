-- The outbox is a queue: every event is inserted, marked published within a second and deleted by housekeeping.
-- Postgres' default autovacuum waits for 20% of the table to be dead; until then the relay's partial index
-- (outbox_event_unpublished) keeps an entry for every event already published, and each relay poll walks them all
-- (measured on a Postgres without autovacuum after a storm of 100,000 run requests: 2.9 ms per bucket for an empty
-- outbox, 46 ms per poll). Vacuum after a thousand dead rows instead, whatever the size of the table, and analyze as
-- often: the relay's plan depends on how many events wait.
alter table outbox_event set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
                              autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000,
                              autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000);
