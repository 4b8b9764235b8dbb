package com.kaa.reports.execution.datasets;

import com.kaa.reports.platform.queryspec.DatasetDeclaration;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A read model: the topic that feeds it, the event types that upsert or delete one of its entities,
 * the columns they fill ({@link Field}) and the columns reports may use ({@link CatalogColumn}).
 * ignoredTypes are documented types of the topic that carry nothing for this read model: skipped, not dead-lettered.
 * Every row has organization, id and updated_at (the entity's version) besides its fields.
 */
public record Dataset(String name, String label, String description, String topic, String table,
                      Set<String> upsertTypes, Set<String> deleteTypes, Set<String> ignoredTypes, List<Field> fields,
                      List<CatalogColumn> columns) {

    public static final int DECLARATION_VERSION = 1;

    public Dataset {
        ignoredTypes = Set.copyOf(ignoredTypes);
        fields = List.copyOf(fields);
        columns = List.copyOf(columns);
    }

    /** A dataset that owns every event type of its topic. */
    public Dataset(String name, String label, String description, String topic, String table,
                   Set<String> upsertTypes, Set<String> deleteTypes, List<Field> fields, List<CatalogColumn> columns) {
        this(name, label, description, topic, table, upsertTypes, deleteTypes, Set.of(), fields, columns);
    }

    public Optional<CatalogColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public Map<String, CatalogColumn> columnsByName() {
        return columns.stream().collect(Collectors.toMap(CatalogColumn::name, Function.identity()));
    }

    public DatasetDeclaration declaration() {
        return new DatasetDeclaration(DECLARATION_VERSION, name, label, description,
                columns.stream().map(CatalogColumn::declaration).toList());
    }
}
