package com.kaa.reports.execution.ingestion;

import com.kaa.reports.execution.datasets.Dataset;
import com.kaa.reports.execution.datasets.Field;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The one statement that stores a whole batch of a dataset: every column travels as a text array and is
 * unnested and cast by Postgres (exact decimals, no per-row round trip). A row only replaces a stored one
 * that is older (updated_at), which makes redelivery and out-of-order arrival harmless. Built from the
 * dataset's definition in code, never from event content.
 */
final class UpsertStatement {

    private UpsertStatement() {
    }

    static String of(Dataset dataset) {
        List<String> columns = new ArrayList<>(List.of("organization", "id", "updated_at", "deleted"));
        List<String> types = new ArrayList<>(List.of("text", "text", "timestamptz", "boolean"));
        for (Field field : dataset.fields()) {
            columns.add(field.column());
            types.add(field.sqlType());
        }
        String names = String.join(", ", columns);
        String arrays = IntStream.range(0, columns.size()).mapToObj(i -> "$" + (i + 1) + "::text[]")
                .collect(Collectors.joining(", "));
        String casts = IntStream.range(0, columns.size()).mapToObj(i -> "u." + columns.get(i) + "::" + types.get(i))
                .collect(Collectors.joining(", "));
        String updates = columns.stream().skip(2).map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
        return "insert into " + dataset.table() + " as t (" + names + ") select " + casts
                + " from unnest(" + arrays + ") as u(" + names + ")"
                + " on conflict (organization, id) do update set " + updates
                + " where t.updated_at < excluded.updated_at";
    }
}
