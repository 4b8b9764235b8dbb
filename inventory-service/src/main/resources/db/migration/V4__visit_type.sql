-- The seed's visit_type: what kind of visit it was. Existing reports were routine visits (the only kind before).
alter table visit_report add column visit_type text not null default 'routine'
    check (visit_type in ('routine', 'installation', 'repair', 'audit', 'emergency', 'decommission'));

-- VisitReportQuery visitType filter
create index visit_report_org_type_date on visit_report (organization, visit_type, visit_date desc) where deleted_at is null;

-- V1's partition maker, now moving visit_type with the rows it moves out of the default partition
create or replace function ensure_visit_report_partition(p_month date) returns boolean
language plpgsql as $$
declare
    month_start date := date_trunc('month', p_month)::date;
    month_end   date := (date_trunc('month', p_month) + interval '1 month')::date;
    part        text := 'visit_report_' || to_char(month_start, 'YYYY_MM');
    moved       int;
begin
    perform pg_advisory_xact_lock(hashtext('inventory.visit_report partitions'));
    if to_regclass(part) is not null then
        return false;
    end if;
    execute format('create temporary table if not exists visit_report_moving (like visit_report) on commit drop');
    execute format('with gone as (delete from visit_report_default where visit_date >= %L and visit_date < %L returning *)'
                   ' insert into visit_report_moving select * from gone', month_start, month_end);
    get diagnostics moved = row_count;
    execute format('create table %I partition of visit_report for values from (%L) to (%L)', part, month_start, month_end);
    if moved > 0 then
        execute format('insert into visit_report (id, organization, report_number, office_id, technician_id, status, priority,'
                       ' visit_date, completion, purpose, summary, created_by, created_at, updated_at, deleted_at, version,'
                       ' visit_type)'
                       ' select id, organization, report_number, office_id, technician_id, status, priority, visit_date,'
                       ' completion, purpose, summary, created_by, created_at, updated_at, deleted_at, version, visit_type'
                       ' from visit_report_moving');
    end if;
    execute 'drop table visit_report_moving';
    return true;
end $$;
