-- Deliveries are claimed like every leased work of the suite (platform LeaseTable): the lease names its replica,
-- so a replica whose lease ran out and was taken over can no longer record an outcome.
alter table delivery add column lease_owner text;
update delivery set lease_owner = 'before-v4' where status = 'sending';

-- The channel lanes sleep while nothing is due; a statement that adds due deliveries (the planner's insert, a retry by
-- hand) wakes them on commit (platform's work_signal: NOTIFY "notification.delivery_due").
create trigger delivery_inserted_signal after insert on delivery referencing new table as changed
    for each statement execute function work_signal('delivery_due', 'status = ''pending'' and next_attempt_at <= now()');
create trigger delivery_updated_signal after update on delivery referencing new table as changed
    for each statement execute function work_signal('delivery_due', 'status = ''pending'' and next_attempt_at <= now()');
