package com.kaa.reports.platform.queryspec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.platform.problems.Problem.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuerySpecValidatorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DatasetDeclaration PAYMENTS = new DatasetDeclaration(1, "payments", "Payments", null, List.of(
            new DatasetDeclaration.Column("method", ColumnType.STRING, "Method", true, true, false, false),
            new DatasetDeclaration.Column("amount", ColumnType.MONEY, "Amount", true, false, true, false),
            new DatasetDeclaration.Column("attempts", ColumnType.INTEGER, "Attempts", true, true, true, false),
            new DatasetDeclaration.Column("occurred_at", ColumnType.TIMESTAMP, "Occurred", true, true, true, false),
            new DatasetDeclaration.Column("day", ColumnType.DATE, "Day", true, true, true, false),
            new DatasetDeclaration.Column("reversed", ColumnType.BOOLEAN, "Reversed", true, true, false, false),
            new DatasetDeclaration.Column("phone", ColumnType.STRING, "Phone", false, false, false, true)));

    static List<String> fieldsWithErrors(String specJson) throws Exception {
        QuerySpec spec = JSON.readValue(specJson, QuerySpec.class);
        return QuerySpecValidator.validate(spec, PAYMENTS, "q").stream().map(FieldError::field).toList();
    }

    @Test
    void validGroupedAggregationPasses() throws Exception {
        assertThat(fieldsWithErrors("""
                {"columns":["method"],"groupBy":["method"],
                 "aggregations":[{"fn":"sum","column":"amount","as":"volume"},{"fn":"count","column":"*"},{"fn":"median","column":"amount"}],
                 "filters":[{"column":"amount","op":"between","value":[100,"2500.50"]},{"column":"method","op":"in","value":["mpesa","card"]},
                            {"column":"occurred_at","op":"gte","value":"2026-01-01T00:00:00+03:00"},{"column":"day","op":"lt","value":"2026-02-01"},
                            {"column":"reversed","op":"eq","value":false},{"column":"method","op":"contains","value":"pes"},
                            {"column":"attempts","op":"is_null"}],
                 "sort":[{"column":"volume","direction":"desc"},{"column":"method"}],"limit":10,
                 "parameters":{"dateColumn":"occurred_at","dateRange":"this_month"}}""")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> error on {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                                              | q.columns",
            "{\"columns\":[\"password\"]}                                                    | q.columns[0]",
            "{\"columns\":[\"method; drop table x\"]}                                        | q.columns[0]",
            "{\"columns\":[\"method\",\"method\"]}                                            | q.columns[1]",
            "{\"columns\":[\"amount\"],\"groupBy\":[\"amount\"]}                               | q.groupBy[0]",
            "{\"columns\":[\"method\"],\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\"}]} | q.columns[0]",
            "{\"aggregations\":[{\"fn\":\"pg_sleep\",\"column\":\"amount\"}]}                   | q.aggregations[0].fn",
            "{\"aggregations\":[{\"fn\":\"sum\",\"column\":\"method\"}]}                          | q.aggregations[0].column",
            "{\"aggregations\":[{\"fn\":\"avg\",\"column\":\"occurred_at\"}]}                    | q.aggregations[0].fn",
            "{\"aggregations\":[{\"fn\":\"sum\",\"column\":\"*\"}]}                              | q.aggregations[0].column",
            "{\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\",\"as\":\"x\\\" from y\"}]}      | q.aggregations[0].as",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"phone\",\"op\":\"eq\",\"value\":\"0712\"}]}   | q.filters[0].column",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"method\",\"op\":\"like\",\"value\":\"%\"}]}     | q.filters[0].op",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"method\",\"op\":\"gt\",\"value\":\"a\"}]}      | q.filters[0].op",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"amount\",\"op\":\"eq\",\"value\":\"1 or 1=1\"}]} | q.filters[0].value",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"attempts\",\"op\":\"eq\",\"value\":1.5}]}     | q.filters[0].value",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"day\",\"op\":\"eq\",\"value\":\"yesterday\"}]} | q.filters[0].value",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"day\",\"op\":\"eq\",\"value\":\"+10000-01-01\"}]} | q.filters[0].value",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"occurred_at\",\"op\":\"gt\",\"value\":\"+57440-04-10T00:00:00Z\"}]} | q.filters[0].value",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"method\",\"op\":\"eq\",\"value\":\"a\\u0000b\"}]} | q.filters[0].value",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"amount\",\"op\":\"in\",\"value\":[]}]}       | q.filters[0].value",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"amount\",\"op\":\"in\",\"value\":[1,\"x\"]}]} | q.filters[0].value[1]",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"amount\",\"op\":\"between\",\"value\":[1]}]}  | q.filters[0].value",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"amount\",\"op\":\"contains\",\"value\":\"1\"}]} | q.filters[0].op",
            "{\"columns\":[\"method\"],\"filters\":[{\"column\":\"reversed\",\"op\":\"eq\",\"value\":\"true\"}]} | q.filters[0].value",
            "{\"columns\":[\"method\"],\"sort\":[{\"column\":\"amount\"}]}                     | q.sort[0].column",
            "{\"columns\":[\"method\"],\"sort\":[{\"column\":\"method\",\"direction\":\"up\"}]} | q.sort[0].direction",
            "{\"columns\":[\"method\"],\"limit\":0}                                            | q.limit",
            "{\"columns\":[\"method\"],\"limit\":1000001}                                      | q.limit",
            "{\"columns\":[\"method\"],\"parameters\":{\"dateColumn\":\"method\",\"dateRange\":\"this_month\"}} | q.parameters.dateColumn",
            "{\"columns\":[\"method\"],\"parameters\":{\"dateColumn\":\"day\",\"dateRange\":\"next_decade\"}}   | q.parameters.dateRange",
    })
    void everyIdentifierOperatorAndValueIsChecked(String spec, String field) throws Exception {
        assertThat(fieldsWithErrors(spec)).contains(field);
    }

    @Test
    void shareCountsRowsOfAGroupWithinItsParentGroup() throws Exception {
        assertThat(fieldsWithErrors("""
                {"columns":["method"],"groupBy":["method"],"aggregations":[{"fn":"share","column":"*","as":"method_share"}]}""")).isEmpty();
        assertThat(fieldsWithErrors("""
                {"aggregations":[{"fn":"share","column":"*"}]}""")).contains("q.aggregations[0].fn");
        assertThat(fieldsWithErrors("""
                {"columns":["method"],"groupBy":["method"],"aggregations":[{"fn":"share","column":"amount"}]}"""))
                .contains("q.aggregations[0].column");
    }

    @Test
    void relativeRangesResolveToWholeLocalDaysInTheZone() {
        ZoneId nairobi = ZoneId.of("Africa/Nairobi");
        ZonedDateTime now = ZonedDateTime.parse("2026-03-15T01:30:00+03:00[Africa/Nairobi]");
        var lastWeek = RelativeDateRange.LAST_7_DAYS.resolve(now, nairobi);
        assertThat(lastWeek.start()).isEqualTo(ZonedDateTime.parse("2026-03-08T00:00+03:00[Africa/Nairobi]"));
        assertThat(lastWeek.end()).isEqualTo(ZonedDateTime.parse("2026-03-15T00:00+03:00[Africa/Nairobi]"));
        var lastMonth = RelativeDateRange.LAST_MONTH.resolve(now.withZoneSameInstant(ZoneId.of("UTC")), nairobi);
        assertThat(lastMonth.start().toLocalDate()).hasToString("2026-02-01");
        assertThat(lastMonth.end().toLocalDate()).hasToString("2026-03-01");
        var quarter = RelativeDateRange.THIS_QUARTER.resolve(now, nairobi);
        assertThat(quarter.start().toLocalDate()).hasToString("2026-01-01");
        assertThat(quarter.end().toLocalDate()).hasToString("2026-04-01");
    }
}
