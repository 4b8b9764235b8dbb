-- The seed's fields the inventory events gained (inventory V3, V4). Rows stored from v1 events keep them empty.
-- HardwareUpserted.v2: network identity, condition, and the JSON objects as their text.
alter table ds_hardware
    add column ip_address       text,
    add column mac_address      text,
    add column condition_rating int,
    add column specifications   text,
    add column metadata         text,
    -- the device's category, its custom field values (JSON text), cost and depreciation period, audits
    add column category_id          text,
    add column custom_fields        text,
    add column purchase_cost        numeric(12, 2),
    add column depreciation_months  int,
    add column last_audited_at      timestamptz,
    add column next_audit_date      date;

-- VisitReportCreated/Updated/StatusChanged.v2: the kind of visit
alter table ds_visit_reports add column visit_type text;

-- RecyclingRecorded.v2: the record's stage and pickup day (recycled_on is empty until collection)
alter table ds_recycling add column status text, add column pickup_date date;
