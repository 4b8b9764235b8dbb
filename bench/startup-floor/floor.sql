-- The role and schema the floors of bench/startup log in with (applied by the bench as the Postgres admin; idempotent):
-- a schema of their own, as each service has, so that the floors never touch the suite's tables.
do $$
begin
    if not exists (select from pg_roles where rolname = 'kaa_floor') then
        create role kaa_floor login password 'kaa_floor';
    end if;
end $$;
create schema if not exists floor authorization kaa_floor;
alter role kaa_floor set search_path = floor;
