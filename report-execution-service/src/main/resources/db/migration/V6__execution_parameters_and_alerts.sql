-- The report's parameters with the values a run binds (ExecutionRequested.parameters): shown by the API, printed
-- in the files and messages. Null for a report without parameters.
alter table execution add column parameters jsonb;

-- A schedule's alert (ExecutionRequested.alert) and what the run found: the measure, whether the condition held,
-- whether the recipients were told.
alter table execution add column alert jsonb, add column alert_outcome jsonb;

-- Whether each schedule's alert held at its latest run: "only when changed" compares against it. Kept here, not in
-- memory, so that it survives restarts and is the same for every replica; a run of an older slot finishing late
-- does not overwrite a newer one.
create table alert_state (
    schedule_id   uuid        primary key,
    organization  text        not null,
    holds         boolean     not null,
    slot          timestamptz not null,
    execution_id  uuid        not null,
    -- the condition the state was judged by: a schedule whose alert changed starts afresh
    condition     text        not null,
    changed_at    timestamptz not null default now()
);
