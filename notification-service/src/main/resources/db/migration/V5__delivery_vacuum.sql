-- Deliveries move pending -> sending -> sent (or back to pending with a retry), each a new row version and new
-- entries in the partial index the delivery lanes claim from. Vacuum after a few thousand changes instead of after 20%
-- of the table (the delivery log keeps every delivery).
alter table delivery set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                          autovacuum_analyze_scale_factor = 0.02);
