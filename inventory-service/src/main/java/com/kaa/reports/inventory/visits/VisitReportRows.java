package com.kaa.reports.inventory.visits;

import io.vertx.mutiny.sqlclient.Row;

/** The SQL that reads visit reports as the API shows them: with office, technician and counts. */
final class VisitReportRows {

    /** Select list and joins; callers add the WHERE. The counts use the per-visit indexes of each table. */
    static final String SELECT = """
            select v.id, v.report_number, v.office_id, o.name as office_name, o.county, v.technician_id,
                   t.name as technician_name, v.visit_type, v.status, v.priority, v.visit_date, v.completion, v.purpose, v.summary,
                   v.created_by, v.created_at, v.updated_at, v.version,
                   (select count(*) from hardware h where h.organization = v.organization and h.visit_report_id = v.id
                      and h.deleted_at is null) as hardware_count,
                   (select count(*) from recycling_record r where r.organization = v.organization and r.visit_report_id = v.id) as recycling_count,
                   (select count(*) from file_attachment f where f.organization = v.organization and f.visit_report_id = v.id) as file_count
              from visit_report v
              join office o on o.id = v.office_id
              left join technician t on t.id = v.technician_id""";

    private VisitReportRows() {
    }

    static VisitReportRequests.VisitReport read(Row r) {
        return new VisitReportRequests.VisitReport(r.getUUID("id"), r.getString("report_number"), r.getUUID("office_id"),
                r.getString("office_name"), r.getString("county"), r.getUUID("technician_id"), r.getString("technician_name"),
                r.getString("visit_type"), r.getString("status"), r.getString("priority"), r.getLocalDate("visit_date"), r.getInteger("completion"),
                r.getString("purpose"), r.getString("summary"), r.getString("created_by"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"), r.getLong("version"),
                new VisitReportRequests.Counts(r.getLong("hardware_count"), r.getLong("recycling_count"), r.getLong("file_count")));
    }
}
