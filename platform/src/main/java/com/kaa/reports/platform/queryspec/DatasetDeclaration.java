package com.kaa.reports.platform.queryspec;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.List;
import java.util.Optional;

/**
 * One dataset of the catalog: the execution service declares it on the compacted topic
 * {@code reports.datasets.v1} (event {@code DatasetDeclared.v1}, key = dataset name) and serves it at
 * {@code GET /datasets}.
 */
public record DatasetDeclaration(int version, String name, String label, String description, List<Column> columns) {

    public static final String EVENT_TYPE = "DatasetDeclared.v1";

    public DatasetDeclaration {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    @Schema(name = "DatasetColumn")
    public record Column(String name, ColumnType type, String label, boolean filterable, boolean groupable,
                         boolean aggregatable, boolean pii) {
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
