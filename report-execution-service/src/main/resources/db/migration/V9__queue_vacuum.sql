-- The execution table is the queue and its history: each execution changes status (queued, running, finished) and
-- lease (a heartbeat a second) in place, and every change leaves a dead row and dead entries in the partial indexes
-- the claim and the takeover sweep read (execution_claim, execution_lease). With the default autovacuum (after 20% of
-- the table) a table holding a million finished executions would carry 200,000 dead entries through those indexes
-- (measured without autovacuum: the takeover sweep read 104,965 of them to find none, 270 ms). Vacuum after a few
-- thousand changes instead, whatever the size of the history.
alter table execution set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                           autovacuum_analyze_scale_factor = 0.02);
