-- Workers sleep while the queue is empty; a statement that queues executions due now (a request's insert, a retry,
-- a takeover) wakes them on commit (platform's work_signal: NOTIFY "report_execution.execution_queued").
create trigger execution_inserted_signal after insert on execution referencing new table as changed
    for each statement execute function work_signal('execution_queued', 'status = ''queued'' and run_after <= now()');
create trigger execution_updated_signal after update on execution referencing new table as changed
    for each statement execute function work_signal('execution_queued', 'status = ''queued'' and run_after <= now()');
