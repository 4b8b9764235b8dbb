-- A table of leased work for LeasesTest, with the wake-up trigger a service adds to its own work tables.
create table leased_work (
    id               uuid primary key,
    status           text not null default 'due',
    lease_owner      text,
    lease_expires_at timestamptz,
    done_by          text
);

create trigger leased_work_inserted_signal after insert on leased_work referencing new table as changed
    for each statement execute function work_signal('leased_work_due', 'status = ''due''');
