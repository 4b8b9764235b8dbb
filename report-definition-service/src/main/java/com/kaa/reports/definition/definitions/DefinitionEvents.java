package com.kaa.reports.definition.definitions;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Events on reports.definitions.v1 (key: report id). */
public final class DefinitionEvents {

    private DefinitionEvents() {
    }

    public record ReportDefinitionCreated(int version, UUID reportId, String owner, String name, String dataset,
                                          String status, String visibility, long definitionVersion) {
        public static final String TYPE = "ReportDefinitionCreated.v1";
    }

    public record ReportDefinitionUpdated(int version, UUID reportId, String name, String dataset, String status,
                                          String visibility, long definitionVersion) {
        public static final String TYPE = "ReportDefinitionUpdated.v1";
    }

    public record ReportDefinitionDeleted(int version, UUID reportId, OffsetDateTime deletedAt) {
        public static final String TYPE = "ReportDefinitionDeleted.v1";
    }
}
