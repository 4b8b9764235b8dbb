-- The schedule's message templates (ExecutionRequested.message), passed on in ExecutionCompleted/Failed.
alter table execution add column message jsonb;
