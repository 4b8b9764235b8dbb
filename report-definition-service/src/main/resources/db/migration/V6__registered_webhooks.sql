-- The webhook endpoints each organization registered with notification-service, as announced on
-- notifications.webhooks.v1 (this service never reads notification's schema): schedules may only name these.
create table registered_webhook (
    webhook_id    uuid primary key,
    organization  text        not null,
    url           text        not null,
    registered_at timestamptz not null
);
create index registered_webhook_by_url on registered_webhook (organization, url);
