create table schedule (
    id                  uuid primary key,
    organization        text        not null,
    report_id           uuid        not null references report_definition (id),
    created_by          text        not null,
    frequency           text        not null check (frequency in ('once', 'daily', 'weekly', 'monthly', 'cron')),
    run_at              timestamptz,
    time_of_day         time,
    days_of_week        jsonb       not null default '[]',
    day_of_month        int         check (day_of_month = -1 or day_of_month between 1 and 31),
    cron                text,
    time_zone           text        not null,
    start_date          date,
    end_date            date,
    excluded_dates      jsonb       not null default '[]',
    exclusion_calendar  text,
    recipients          jsonb       not null default '[]',
    formats             jsonb,
    send_only_if_rows   boolean     not null default false,
    missed_fire_policy  text        not null default 'fire_once' check (missed_fire_policy in ('fire_once', 'skip')),
    status              text        not null check (status in ('active', 'paused', 'cancelled', 'completed')),
    next_run_at         timestamptz,
    last_fired_at       timestamptz,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    version             bigint      not null default 0
);
-- the dispatcher's query: active schedules that are due, oldest first
create index schedule_due on schedule (next_run_at) where status = 'active';
create index schedule_by_report on schedule (report_id);
create index schedule_by_org on schedule (organization, created_at desc);

-- one row per fired slot: the primary key makes a second run of the same slot impossible,
-- whatever the number of dispatcher replicas
create table schedule_fire (
    schedule_id    uuid        not null references schedule (id),
    scheduled_for  timestamptz not null,
    request_id     uuid        not null,
    fired_at       timestamptz not null default now(),
    primary key (schedule_id, scheduled_for)
);

-- named exclusion calendars (dates on which scheduled runs are skipped)
create table holiday_calendar (
    calendar  text not null,
    day       date not null,
    label     text not null,
    primary key (calendar, day)
);

-- Kenya public holidays 2025-2030 (Public Holidays Act; Easter from the Gregorian computus).
-- Islamic holidays (Eid al-Fitr, Eid al-Adha) are gazetted each year and added by a later migration.
insert into holiday_calendar (calendar, day, label)
select 'kenya_public_holidays', make_date(y, m, d), label
  from generate_series(2025, 2030) as y,
       (values (1, 1, 'New Year''s Day'), (5, 1, 'Labour Day'), (6, 1, 'Madaraka Day'), (10, 10, 'Mazingira Day'),
               (10, 20, 'Mashujaa Day'), (12, 12, 'Jamhuri Day'), (12, 25, 'Christmas Day'), (12, 26, 'Boxing Day'))
       as fixed(m, d, label);
insert into holiday_calendar (calendar, day, label)
select 'kenya_public_holidays', easter + offset_days, label
  from (values (date '2025-04-20'), (date '2026-04-05'), (date '2027-03-28'), (date '2028-04-16'),
               (date '2029-04-01'), (date '2030-04-21')) as e(easter),
       (values (-2, 'Good Friday'), (1, 'Easter Monday')) as o(offset_days, label);
