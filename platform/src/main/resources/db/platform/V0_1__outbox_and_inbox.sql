-- Shared by every service, applied by each service's Flyway to its own schema
-- (quarkus.flyway.locations includes db/platform; service migrations start at V1).

-- Transactional outbox: written in the same transaction as the state change it announces.
create table outbox_event (
    id            bigint generated always as identity primary key, -- publish order
    event_id      text        not null unique,
    topic         text        not null,
    message_key   text        not null,
    event_type    text        not null,
    -- relays lock one bucket at a time, so events of one key are published in order even with replicas
    bucket        int         not null,
    payload       text        not null,                              -- the CloudEvents JSON, exactly as sent
    created_at    timestamptz not null default now(),
    published_at  timestamptz
);
-- the relay's queries: which buckets have unpublished events, then those events in id order
create index outbox_event_unpublished on outbox_event (bucket, id) where published_at is null;
-- retention cleanup of published events
create index outbox_event_published_at on outbox_event (published_at) where published_at is not null;

-- Idempotent inbox: a consumer records each event id in the same transaction as its effect.
create table inbox_message (
    consumer      text        not null,
    event_id      text        not null,
    topic         text        not null,
    kafka_partition int       not null,
    kafka_offset  bigint      not null,
    event_type    text,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);
create index inbox_message_processed_at on inbox_message (processed_at);
