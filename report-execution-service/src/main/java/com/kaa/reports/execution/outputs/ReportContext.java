package com.kaa.reports.execution.outputs;

import com.kaa.reports.execution.query.CompiledQuery;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** What every output shows besides the rows: title, parameters, when and where it was generated. */
public record ReportContext(String title, String parameters, List<com.kaa.reports.platform.queryspec.ParameterValue> values,
                            ZonedDateTime generatedAt, ZoneId zone, List<CompiledQuery.OutputColumn> columns) {
}
