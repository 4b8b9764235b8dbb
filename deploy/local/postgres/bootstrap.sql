-- Roles and schemas of the suite, applied to the suite's database (idempotent; run by deploy/local/infra
-- and by the Postgres test resource; CloudNativePG declares the same roles in deploy/k8s).
-- Each service logs in with its own role, which owns exactly one schema and has no privilege on the
-- others: reading another service's tables is "permission denied", enforced by Postgres itself.
do $$
declare
    service text;
begin
    foreach service in array array['report_definition', 'report_execution', 'inventory', 'notification', 'gateway'] loop
        if not exists (select from pg_roles where rolname = 'kaa_' || service) then
            -- local password = role name; production roles get theirs from a Kubernetes secret
            execute format('create role %I login password %L', 'kaa_' || service, 'kaa_' || service);
        end if;
        execute format('create schema if not exists %I authorization %I', service, 'kaa_' || service);
        execute format('alter role %I set search_path = %I', 'kaa_' || service, service);
    end loop;
end $$;

-- nobody but the owner creates in the public schema (the default since PostgreSQL 15; explicit for older servers)
revoke create on schema public from public;
