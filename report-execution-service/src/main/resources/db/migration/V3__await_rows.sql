-- An execution whose request said awaitRows: an empty result means "not arrived yet" and is retried with backoff.
alter table execution add column await_rows boolean not null default false;
