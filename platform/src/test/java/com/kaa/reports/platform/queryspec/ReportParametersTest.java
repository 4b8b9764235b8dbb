package com.kaa.reports.platform.queryspec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.platform.problems.Problem.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static com.kaa.reports.platform.queryspec.QuerySpecValidatorTest.JSON;
import static com.kaa.reports.platform.queryspec.QuerySpecValidatorTest.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

class ReportParametersTest {

    /** One parameter of each kind, each used by a filter that fits it. */
    static final String SPEC = """
            {"columns":["method"],"filters":[
              {"column":"method","op":"eq","parameter":"method"},
              {"column":"method","op":"in","parameter":"methods"},
              {"column":"amount","op":"gte","parameter":"minimum"},
              {"column":"day","op":"lt","parameter":"before"},
              {"column":"occurred_at","op":"between","parameter":"period"},
              {"column":"method","op":"contains","parameter":"text"}]}""";
    static final String DECLARED = """
            [{"name":"method","label":"Method","type":"enum","allowedValues":["mpesa","card"],"required":true},
             {"name":"methods","type":"enum","multiple":true,"valuesFrom":"method"},
             {"name":"minimum","type":"number","default":100},
             {"name":"before","type":"date"},
             {"name":"period","type":"dateRange","default":"last_month"},
             {"name":"text","type":"string"}]""";

    static List<ReportParameter> declared(String json) throws Exception {
        return JSON.readValue(json, new TypeReference<>() {
        });
    }

    static List<String> errors(String spec, String parameters) throws Exception {
        QuerySpec querySpec = JSON.readValue(spec, QuerySpec.class);
        List<ReportParameter> declared = declared(parameters);
        List<FieldError> errors = new java.util.ArrayList<>(QuerySpecValidator.validate(querySpec, PAYMENTS, "querySpec", declared));
        errors.addAll(ReportParameters.validate(declared, querySpec, PAYMENTS, "parameters"));
        return errors.stream().map(e -> e.field() + ": " + e.message()).toList();
    }

    @Test
    void everyKindOfParameterFitsItsFilter() throws Exception {
        assertThat(errors(SPEC, DECLARED)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // declarations
            "[{\"name\":\"Method\",\"type\":\"string\"}]                                     | parameters[0].name",
            "[{\"name\":\"method\",\"type\":\"text\"}]                                        | parameters[0].type",
            "[{\"name\":\"method\",\"type\":\"enum\"}]                                        | parameters[0].allowedValues",
            "[{\"name\":\"method\",\"type\":\"enum\",\"allowedValues\":[\"a\"],\"valuesFrom\":\"method\"}] | parameters[0].allowedValues",
            "[{\"name\":\"method\",\"type\":\"enum\",\"valuesFrom\":\"phone\"}]               | parameters[0].valuesFrom",
            "[{\"name\":\"method\",\"type\":\"enum\",\"valuesFrom\":\"amount\"}]              | parameters[0].valuesFrom",
            "[{\"name\":\"method\",\"type\":\"string\",\"allowedValues\":[\"a\"]}]            | parameters[0].allowedValues",
            "[{\"name\":\"method\",\"type\":\"string\",\"default\":5}]                        | parameters[0].default",
            "[{\"name\":\"method\",\"type\":\"enum\",\"allowedValues\":[\"a\"],\"default\":\"b\"}] | parameters[0].default",
            "[{\"name\":\"method\",\"type\":\"string\"},{\"name\":\"method\",\"type\":\"string\"}] | parameters[1].name",
            "[{\"name\":\"method\",\"type\":\"string\"},{\"name\":\"unused\",\"type\":\"string\"}] | parameters[1].name",
            "[{\"name\":\"method\",\"type\":\"date\"}]                                        | querySpec.filters[0].parameter",
            "[{\"name\":\"method\",\"type\":\"number\"}]                                      | querySpec.filters[0].parameter",
            "[{\"name\":\"method\",\"type\":\"string\",\"multiple\":true}]                    | querySpec.filters[0].parameter",
            "[{\"name\":\"method\",\"type\":\"dateRange\",\"multiple\":true}]                 | parameters[0].multiple",
            "[]                                                                                | querySpec.filters[0].parameter"})
    void aBadDeclarationIsNamed(String parameters, String field) throws Exception {
        assertThat(errors("{\"columns\":[\"method\"],\"filters\":[{\"column\":\"method\",\"op\":\"eq\",\"parameter\":\"method\"}]}", parameters))
                .anySatisfy(e -> assertThat(e).startsWith(field + ": "));
    }

    @Test
    void aFilterTakesAValueOrAParameterNotBoth() throws Exception {
        assertThat(errors("{\"columns\":[\"method\"],\"filters\":[{\"column\":\"method\",\"op\":\"eq\",\"value\":\"x\",\"parameter\":\"method\"}]}",
                "[{\"name\":\"method\",\"type\":\"string\"}]")).containsExactly("querySpec.filters[0].value: give a value or a parameter, not both");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "method  | \"cash\"",
            "method  | 3",
            "methods | \"mpesa\"",
            "methods | []",
            "minimum | \"100\"",
            "minimum | true",
            "before  | \"2026-13-01\"",
            "before  | \"2026-01-01T00:00:00Z\"",
            "period  | \"last_fortnight\"",
            "period  | {\"from\":\"2026-02-01\",\"to\":\"2026-01-01\"}",
            "period  | {\"from\":\"2026-01-01\"}",
            "text    | \"\"",
            "text    | \"a\\u0000b\""})
    void aValueThatDoesNotFitIsRefusedByName(String name, String value) throws Exception {
        Map<String, JsonNode> run = new java.util.HashMap<>(Map.of("method", JSON.readTree("\"mpesa\"")));
        run.put(name, JSON.readTree(value));
        ReportParameters.Resolution resolution = ReportParameters.resolve(declared(DECLARED), run, "parameters", null, "parameters");
        assertThat(resolution.errors()).extracting(FieldError::field).allSatisfy(f -> assertThat(f).startsWith("parameters." + name));
        assertThat(resolution.errors()).isNotEmpty();
    }

    @Test
    void theRunsValueWinsThenTheSchedulesThenTheDefault() throws Exception {
        ReportParameters.Resolution resolution = ReportParameters.resolve(declared(DECLARED),
                Map.of("method", JSON.readTree("\"card\"")), "parameters",
                Map.of("method", JSON.readTree("\"mpesa\""), "minimum", JSON.readTree("250"), "before", JSON.readTree("\"2026-03-01\"")),
                "schedule.parameters");
        assertThat(resolution.errors()).isEmpty();
        assertThat(resolution.values()).extracting(p -> p.name() + "=" + p.value() + " (" + p.source() + ")").containsExactly(
                "method=\"card\" (run)", "methods=null (none)", "minimum=250 (schedule)", "before=\"2026-03-01\" (schedule)",
                "period=\"last_month\" (default)", "text=null (none)");
        assertThat(resolution.values().get(4).text()).isEqualTo("last month");
    }

    @Test
    void aValueThatFitsItsDeclarationButNotItsColumnIsRefusedByName() throws Exception {
        QuerySpec spec = JSON.readValue("{\"columns\":[\"method\"],\"filters\":[{\"column\":\"attempts\",\"op\":\"gte\",\"parameter\":\"n\"},"
                + "{\"column\":\"occurred_at\",\"op\":\"between\",\"parameter\":\"period\"}]}", QuerySpec.class);
        List<ReportParameter> declared = declared("[{\"name\":\"n\",\"type\":\"number\"},{\"name\":\"period\",\"type\":\"dateRange\"}]");
        assertThat(errors(JSON.writeValueAsString(spec), JSON.writeValueAsString(declared))).isEmpty();
        for (String value : List.of("2.5", "1e19", "12345678901234567890")) {
            var values = ReportParameters.resolve(declared, Map.of("n", JSON.readTree(value)), "parameters", null, "parameters");
            assertThat(values.errors()).isEmpty();
            assertThat(ReportParameters.bind(spec, values.values(), PAYMENTS).errors()).extracting(FieldError::field)
                    .as(value).containsExactly("parameters.n");
        }
        var fine = ReportParameters.resolve(declared, Map.of("n", JSON.readTree("3"), "period", JSON.readTree("\"last_month\"")),
                "parameters", null, "parameters");
        ReportParameters.Bound bound = ReportParameters.bind(spec, fine.values(), PAYMENTS);
        assertThat(bound.errors()).isEmpty();
        assertThat(bound.spec().filters()).extracting(f -> f.column() + " " + f.op() + " " + f.value()).containsExactly("attempts gte 3");
        assertThat(bound.ranges()).extracting(f -> f.column() + " " + f.value()).containsExactly("occurred_at \"last_month\"");
        // the year after a range's last day must exist in Postgres
        assertThat(ReportParameters.resolve(declared, Map.of("period", JSON.readTree("{\"from\":\"2026-01-01\",\"to\":\"9999-12-31\"}")),
                "parameters", null, "parameters").errors()).extracting(FieldError::field).containsExactly("parameters.period");
        // all values together stay small enough for one event
        var many = JSON.createArrayNode();
        for (int i = 0; i < 100; i++) {
            many.add("x".repeat(200));
        }
        List<ReportParameter> multi = declared("[{\"name\":\"m\",\"type\":\"string\",\"multiple\":true}]");
        assertThat(ReportParameters.resolve(multi, Map.of("m", many), "parameters", null, "parameters").errors())
                .extracting(FieldError::field).containsExactly("parameters");
    }

    @Test
    void aRequiredParameterWithoutValueAndUnknownNamesAreRefused() throws Exception {
        ReportParameters.Resolution resolution = ReportParameters.resolve(declared(DECLARED),
                Map.of("county", JSON.readTree("\"Nairobi\"")), "parameters", null, "parameters");
        assertThat(resolution.errors()).extracting(e -> e.field() + ": " + e.message()).containsExactly(
                "parameters.county: the report has no parameter county; it declares [method, methods, minimum, before, period, text]",
                "parameters.method: parameter method is required and has no default");
    }
}
