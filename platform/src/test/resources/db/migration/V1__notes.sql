create table note (
    id           uuid primary key,
    organization text not null,
    text         text not null,
    version      int  not null default 0,
    edits        int  not null default 0
);
-- one row per effect of a consumed NoteCreated: exactly-once means exactly one row per note
create table note_copy (
    id       bigint generated always as identity primary key,
    note_id  uuid not null,
    event_id text not null
);
