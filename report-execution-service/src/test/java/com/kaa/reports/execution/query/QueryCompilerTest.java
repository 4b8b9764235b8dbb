package com.kaa.reports.execution.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.execution.datasets.CatalogColumn;
import com.kaa.reports.execution.datasets.Dataset;
import com.kaa.reports.execution.datasets.Datasets;
import com.kaa.reports.platform.queryspec.QuerySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compiler's promise: only catalog identifiers reach the SQL text; every user value is a parameter. */
class QueryCompilerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Datasets DATASETS = new Datasets(() -> "test-key");
    private static final Dataset PAYMENTS = DATASETS.named("payments").orElseThrow();
    private static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, NAIROBI);
    static final List<String> HOSTILE = List.of("'; drop table ds_payments; --", "amount\" from pg_user --", "$1 or true",
            "status) or (1=1", "x'||pg_sleep(10)||'", "%_\\", "\u0000", "county\nunion select *", "ＳＥＬＥＣＴ", "/* */",
            "e'\\x27", "amount::text", "t.phone_hash", "c0 from ds_users");

    @ParameterizedTest
    @ValueSource(strings = {"'; drop table ds_payments; --", "amount\" from pg_user --", "phone_hash", "t.amount",
            "AMOUNT", "amount ", "", "c0", "*"})
    void anIdentifierOutsideTheCatalogIsATypedErrorNamingTheField(String identifier) {
        String text = JSON.valueToTree(identifier).toString();
        assertRejected("{\"columns\":[" + text + "]}", "querySpec.columns[0]");
        assertRejected("{\"columns\":[\"status\"],\"groupBy\":[\"status\"," + text + "]}", "querySpec.groupBy[1]");
        assertRejected("{\"columns\":[\"status\"],\"filters\":[{\"column\":" + text + ",\"op\":\"eq\",\"value\":\"x\"}]}", "querySpec.filters[0].column");
        assertRejected("{\"aggregations\":[{\"fn\":\"sum\",\"column\":" + text + "}]}", "querySpec.aggregations[0].column");
        assertRejected("{\"columns\":[\"status\"],\"sort\":[{\"column\":" + text + "}]}", "querySpec.sort[0].column");
        assertRejected("{\"columns\":[\"status\"],\"parameters\":{\"dateColumn\":" + text + ",\"dateRange\":\"today\"}}", "querySpec.parameters.dateColumn");
    }

    @ParameterizedTest
    @ValueSource(strings = {"drop", "sum) from ds_users --", "SUM", "percentile_cont"})
    void aFunctionOrOperatorOutsideTheListIsRejected(String word) {
        String text = JSON.valueToTree(word).toString();
        assertRejected("{\"aggregations\":[{\"fn\":" + text + ",\"column\":\"amount\"}]}", "querySpec.aggregations[0].fn");
        assertRejected("{\"columns\":[\"status\"],\"filters\":[{\"column\":\"status\",\"op\":" + text + ",\"value\":\"x\"}]}", "querySpec.filters[0].op");
    }

    @Test
    void outputNamesMustBeSimpleAndNeverReachTheSql() {
        assertRejected("{\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\",\"as\":\"n\\\" from x --\"}]}", "querySpec.aggregations[0].as");
        CompiledQuery query = compile("{\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\",\"as\":\"drop_table_users\"}]}");
        assertThat(query.sql()).doesNotContain("drop_table_users");
        assertThat(query.columns()).extracting(CompiledQuery.OutputColumn::name).containsExactly("drop_table_users");
    }

    @Test
    void everyValueIsBoundAsAParameter() {
        for (String hostile : HOSTILE) {
            String value = JSON.valueToTree(hostile).toString();
            if (hostile.indexOf('\u0000') >= 0) {
                // no text column holds a NUL: refused by the validator before any SQL is built
                assertThatThrownBy(() -> compile("{\"columns\":[\"status\"],\"filters\":[{\"column\":\"failure_reason\",\"op\":\"eq\",\"value\":"
                        + value + "}]}")).isInstanceOf(InvalidQueryException.class).hasMessageContaining("NUL");
                continue;
            }
            CompiledQuery query = compile("{\"columns\":[\"status\",\"failure_reason\"],\"filters\":["
                    + "{\"column\":\"failure_reason\",\"op\":\"eq\",\"value\":" + value + "},"
                    + "{\"column\":\"failure_reason\",\"op\":\"ne\",\"value\":" + value + "},"
                    + "{\"column\":\"status\",\"op\":\"in\",\"value\":[" + value + ",\"success\"]},"
                    + "{\"column\":\"mpesa_receipt\",\"op\":\"contains\",\"value\":" + value + "}]}");
            assertThat(query.sql()).doesNotContain(hostile);
            assertThat(query.parameters()).contains(hostile);
        }
    }

    @Test
    void theOrganizationIsAlwaysTheFirstConditionAndAParameter() {
        CompiledQuery query = QueryCompiler.compile(PAYMENTS, spec("{\"columns\":[\"id\"]}"), "acme' or '1'='1", NAIROBI, NOW, null);
        assertThat(query.sql()).contains(" where t.organization = $1::text and not t.deleted").doesNotContain("acme");
        assertThat(query.parameters().get(0)).isEqualTo("acme' or '1'='1");
    }

    @Test
    void relativeRangesResolveInTheReportsZone() {
        CompiledQuery query = compile("{\"columns\":[\"id\"],\"parameters\":{\"dateColumn\":\"occurred_at\",\"dateRange\":\"yesterday\"}}");
        assertThat(query.parameters()).contains("2026-03-14T00:00+03:00", "2026-03-15T00:00+03:00");
        assertThat(query.sql()).contains("t.occurred_at >= $3::text::timestamptz and t.occurred_at < $4::text::timestamptz");
    }

    static List<com.kaa.reports.platform.queryspec.ParameterValue> bound(String json) {
        try {
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<>() {
            });
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static final String BY_PARAMETERS = "{\"columns\":[\"id\"],\"filters\":[{\"column\":\"status\",\"op\":\"eq\",\"parameter\":\"status\"},"
            + "{\"column\":\"amount\",\"op\":\"gte\",\"parameter\":\"minimum\"},"
            + "{\"column\":\"occurred_at\",\"op\":\"between\",\"parameter\":\"period\"}]}";

    @Test
    void aParameterIsBoundAsAValueAndAnOptionalOneWithoutValueLeavesItsFilterOut() {
        String hostile = "success' or '1'='1";
        CompiledQuery query = QueryCompiler.compile(PAYMENTS, spec(BY_PARAMETERS), bound("""
                [{"name":"status","type":"string","value":"success' or '1'='1","source":"run"},
                 {"name":"minimum","type":"number","value":null,"source":"none"},
                 {"name":"period","type":"dateRange","value":{"from":"2026-03-01","to":"2026-03-14"},"source":"schedule"}]"""),
                "acme", NAIROBI, NOW, null);
        assertThat(query.sql()).doesNotContain(hostile).doesNotContain("amount")
                .contains("t.status = $3::text and t.occurred_at >= $4::text::timestamptz and t.occurred_at < $5::text::timestamptz");
        // both days included: the range ends where the day after "to" starts, in the report's zone
        assertThat(query.parameters()).contains(hostile, "2026-03-01T00:00+03:00", "2026-03-15T00:00+03:00");
    }

    @Test
    void aRelativeRangeParameterResolvesAtTheRunsReferenceTime() {
        CompiledQuery query = QueryCompiler.compile(PAYMENTS, spec(BY_PARAMETERS), bound("""
                [{"name":"status","type":"string","value":"success","source":"default"},
                 {"name":"minimum","type":"number","value":250.5,"source":"run"},
                 {"name":"period","type":"dateRange","value":"yesterday","source":"default"}]"""), "acme", NAIROBI, NOW, null);
        assertThat(query.parameters()).contains("success", "250.5", "2026-03-14T00:00+03:00", "2026-03-15T00:00+03:00");
    }

    @Test
    void valuesFromAnEventAreCheckedAgainByName() {
        assertThatThrownBy(() -> QueryCompiler.compile(PAYMENTS, spec(BY_PARAMETERS), bound("""
                [{"name":"status","type":"string","required":true,"value":null,"source":"none"},
                 {"name":"minimum","type":"number","value":"250","source":"run"},
                 {"name":"period","type":"dateRange","value":"fortnight","source":"run"}]"""), "acme", NAIROBI, NOW, null))
                .isInstanceOf(InvalidQueryException.class)
                .satisfies(e -> assertThat(((InvalidQueryException) e).errors()).extracting(er -> er.field())
                        .containsExactlyInAnyOrder("parameters.status", "parameters.minimum", "parameters.period"));
        // a filter naming a parameter the event does not bind is refused, not compiled without its condition
        assertThatThrownBy(() -> QueryCompiler.compile(PAYMENTS, spec(BY_PARAMETERS), List.of(), "acme", NAIROBI, NOW, null))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("querySpec.filters[0].parameter");
    }

    /** Random specs over every dataset's catalog with hostile values: each compiles or is refused, never leaks. */
    @Test
    void randomSpecsNeverPutUserTextIntoTheSql() throws Exception {
        Random random = new Random(20261123);
        String[] ops = {"eq", "ne", "gt", "gte", "lt", "lte", "in", "between", "contains", "is_null"};
        String[] fns = {"count", "count_distinct", "sum", "avg", "min", "max", "median", "share"};
        int compiled = 0;
        for (int i = 0; i < 3000; i++) {
            Dataset dataset = DATASETS.all().get(random.nextInt(DATASETS.all().size()));
            List<CatalogColumn> columns = dataset.columns();
            List<String> userText = new ArrayList<>();
            var spec = JSON.createObjectNode();
            var group = spec.putArray("groupBy");
            var select = spec.putArray("columns");
            boolean aggregating = random.nextBoolean();
            for (int c = 0; c < 1 + random.nextInt(3); c++) {
                String name = columns.get(random.nextInt(columns.size())).name();
                select.add(name);
                if (aggregating) {
                    group.add(name);
                }
            }
            if (aggregating) {
                var aggregations = spec.putArray("aggregations");
                String as = "m" + i;
                userText.add(as);
                aggregations.addObject().put("fn", fns[random.nextInt(fns.length)])
                        .put("column", random.nextInt(4) == 0 ? "*" : columns.get(random.nextInt(columns.size())).name()).put("as", as);
            }
            var filters = spec.putArray("filters");
            for (int f = 0; f < random.nextInt(3); f++) {
                String hostile = HOSTILE.get(random.nextInt(HOSTILE.size())) + i;
                userText.add(hostile);
                var filter = filters.addObject().put("column", columns.get(random.nextInt(columns.size())).name())
                        .put("op", ops[random.nextInt(ops.length)]);
                switch (random.nextInt(4)) {
                    case 0 -> filter.put("value", hostile);
                    case 1 -> filter.putArray("value").add(hostile).add(random.nextInt(1000));
                    case 2 -> filter.put("value", random.nextInt(100_000));
                    default -> filter.put("value", "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10));
                }
            }
            try {
                CompiledQuery query = QueryCompiler.compile(dataset, JSON.treeToValue(spec, QuerySpec.class), "org", NAIROBI, NOW, 100);
                compiled++;
                for (String text : userText) {
                    assertThat(query.sql()).as(spec.toString()).doesNotContain(text);
                }
                assertThat(query.sql()).startsWith("select ").contains(" from " + dataset.table() + " t where t.organization = $1::text");
            } catch (InvalidQueryException refused) {
                assertThat(refused.errors()).isNotEmpty();
            }
        }
        assertThat(compiled).as("enough random specs are valid to mean something").isGreaterThan(300);
    }

    private static CompiledQuery compile(String json) {
        return QueryCompiler.compile(PAYMENTS, spec(json), "acme", NAIROBI, NOW, null);
    }

    private static void assertRejected(String json, String field) {
        assertThatThrownBy(() -> compile(json)).isInstanceOf(InvalidQueryException.class)
                .satisfies(e -> assertThat(((InvalidQueryException) e).errors()).extracting(er -> er.field()).contains(field));
    }

    private static QuerySpec spec(String json) {
        try {
            return JSON.readValue(json, QuerySpec.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
