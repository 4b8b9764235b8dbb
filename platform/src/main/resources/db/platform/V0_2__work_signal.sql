-- The wake-up of leased work (platform WorkSignals): a statement-level trigger on a work table runs this, and when
-- the statement left a row due it notifies "<schema>.<name>" (delivered on commit, once per transaction however
-- many statements notify). Arguments: the name, and the condition of a due row over the transition table "changed".
--   create trigger … after insert on … referencing new table as changed for each statement
--       execute function work_signal('execution_queued', 'status = ''queued'' and run_after <= now()');
create function work_signal() returns trigger language plpgsql as $$
declare
    due boolean;
begin
    execute format('select exists (select 1 from changed where %s)', tg_argv[1]) into due;
    if due then
        perform pg_notify(current_schema() || '.' || tg_argv[0], '');
    end if;
    return null;
end
$$;
