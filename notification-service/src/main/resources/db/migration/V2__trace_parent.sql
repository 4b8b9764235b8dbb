-- The W3C traceparent of the event that planned the delivery: the worker's send span and the
-- DeliverySucceeded/Failed event join the trace of the report run (or notification request).
alter table delivery add column trace_parent text;
