-- A schedule's own subject and body templates for its recipients' messages (JSON MessageTemplate); null: standard.
alter table schedule add column message jsonb;
