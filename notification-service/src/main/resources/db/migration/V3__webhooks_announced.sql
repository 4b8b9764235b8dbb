-- Webhooks registered before notifications.webhooks.v1 existed were never announced, so report-definition-service
-- would refuse schedules naming them. Existing rows start unannounced (webhooks/WebhookBackfill announces them once);
-- rows registered from now on are announced in their own transaction, hence the default true.
alter table webhook_endpoint add column announced boolean not null default false;
alter table webhook_endpoint alter column announced set default true;
