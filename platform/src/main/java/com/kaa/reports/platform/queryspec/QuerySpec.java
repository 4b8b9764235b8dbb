package com.kaa.reports.platform.queryspec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * What a report asks of a dataset, in data only: never SQL. The definition service validates it against
 * the dataset catalog ({@link QuerySpecValidator}); the execution service compiles it into one
 * parameterized statement over catalog identifiers.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "Columns, filters, grouping, aggregations, sort and limit over one dataset")
public record QuerySpec(
        @Schema(description = "Output columns (plain, non-aggregated)", examples = "[\"county\", \"type\"]")
        List<String> columns,
        List<Filter> filters,
        @JsonProperty("groupBy") List<String> groupBy,
        List<Aggregation> aggregations,
        List<Sort> sort,
        @Schema(description = "Maximum rows", minimum = "1", maximum = "1000000") Integer limit,
        Parameters parameters) {

    public QuerySpec {
        columns = columns == null ? List.of() : List.copyOf(columns);
        filters = filters == null ? List.of() : List.copyOf(filters);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        aggregations = aggregations == null ? List.of() : List.copyOf(aggregations);
        sort = sort == null ? List.of() : List.copyOf(sort);
    }

    /**
     * {@code value} is a JSON scalar, an array for {@code in}, a two-element array for {@code between}; or
     * {@code parameter} names a {@link ReportParameter} whose value each run binds.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Filter(
            String column,
            String op,
            // a JsonNode to the code, a scalar or an array of scalars to clients: published as Jackson's JsonNode
            // (an object of its bean properties) it made generated clients turn "mpesa" into {}
            @Schema(description = "A string, number or boolean; an array of them for in, two for between",
                    oneOf = {String.class, java.math.BigDecimal.class, Boolean.class, String[].class, java.math.BigDecimal[].class,
                            Boolean[].class})
            JsonNode value,
            @Schema(description = "Instead of a value: the name of one of the report's parameters, bound when it runs",
                    examples = "county")
            String parameter) {

        public Filter(String column, String op, JsonNode value) {
            this(column, op, value, null);
        }
    }

    /** {@code column} may be "*" for count; {@code as} names the output column (defaults to fn_column). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Aggregation(String fn, String column, String as) {
        public String outputName() {
            return as != null && !as.isBlank() ? as : fn + "_" + ("*".equals(column) ? "all" : column);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sort(String column, String direction) {
    }

    /**
     * Run-time parameters. {@code dateRange} (e.g. {@code last_7_days}) applies to {@code dateColumn}
     * and is resolved when the report runs, in the schedule's time zone.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "QueryParameters")
    public record Parameters(String dateColumn, String dateRange) {
    }
}
