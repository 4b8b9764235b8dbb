-- The W3C traceparent of the request that queued the execution: the worker's span and the execution's
-- events (Started, Progress, Completed, Failed, Cancelled) join that trace, however much later they run.
alter table execution add column trace_parent text;
