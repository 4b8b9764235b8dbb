package com.kaa.reports.execution.executions;

import com.kaa.reports.platform.testing.PostgresTestResource;
import org.eclipse.microprofile.config.ConfigProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.execution.datasets.Preview;
import com.kaa.reports.execution.downloads.UrlSigner;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.KafkaTestResource;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import com.kaa.reports.sampledata.Kaa;
import com.kaa.reports.sampledata.KaaGenerator;
import com.kaa.reports.sampledata.Publisher;
import com.kaa.reports.sampledata.SampleEvent;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@KaaTestInfrastructure(schema = "report_execution")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionsTest {

    static final String BY_STATUS = "{\"columns\":[\"status\"],\"groupBy\":[\"status\"],\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\",\"as\":\"transactions\"},"
            + "{\"fn\":\"sum\",\"column\":\"amount\",\"as\":\"volume_kes\"}],\"sort\":[{\"column\":\"status\",\"direction\":\"asc\"}]}";
    static final String ALL_PAYMENTS = "{\"columns\":[\"id\",\"method\",\"amount\",\"status\",\"occurred_at\"],\"sort\":[{\"column\":\"id\",\"direction\":\"asc\"}]}";

    @Inject
    Workers workers;
    @Inject
    ExecutionQueue queue;
    @Inject
    UrlSigner signer;
    @Inject
    AgroalDataSource dataSource;

    final String org = "org-" + UUID.randomUUID();
    List<Kaa.Payment> payments;

    @BeforeEach
    void ingestPayments() {
        workers.resume();
        if (payments != null) {
            return;
        }
        KaaGenerator generator = new KaaGenerator(3, Instant.now(), 30);
        payments = generator.payments(600, List.of());
        try (Publisher publisher = new Publisher(KafkaTestResource.broker().bootstrapServers())) {
            payments.forEach(p -> publisher.send(SampleEvent.payment(org, p)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Preview.count(org, "payments", null) == payments.size());
    }

    @Test
    void aRequestSentTwiceRunsOnceAndEveryFormatParsesBack() throws Exception {
        UUID report = UUID.randomUUID();
        var request = Requests.send(org, report, "payments", BY_STATUS, List.of("csv", "json", "xlsx", "pdf"), 5, r -> {
        });
        Requests.resend(org, request);
        String id = Requests.awaitStatus(org, report, "completed");
        JsonPath execution = Requests.execution(org, id);
        Map<String, Long> expected = payments.stream().collect(Collectors.groupingBy(Kaa.Payment::status, java.util.TreeMap::new, Collectors.counting()));
        assertThat(execution.getInt("attempts")).isEqualTo(1);
        assertThat(execution.getList("outputs.format")).containsExactly("csv", "json", "pdf", "xlsx");
        // the run request's id finds its execution (what a run-now's Location points at), and only it
        assertThat(given().headers(TestIdentity.of(org, "alice", "analyst")).queryParam("requestId", request.get("requestId").asText())
                .get("/executions").then().statusCode(200).extract().<List<String>>path("items.id")).containsExactly(id);
        assertThat(given().headers(TestIdentity.of(org, "alice", "analyst")).queryParam("requestId", UUID.randomUUID().toString())
                .get("/executions").then().statusCode(200).extract().<List<String>>path("items")).isEmpty();
        // another organization's caller who knows the request id finds nothing
        assertThat(given().headers(TestIdentity.of("org-" + UUID.randomUUID(), "mallory", "admin"))
                .queryParam("requestId", request.get("requestId").asText())
                .get("/executions").then().statusCode(200).extract().<List<String>>path("items")).isEmpty();

        byte[] csv = download(id, "csv");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(csv, StandardCharsets.UTF_8).replace("\uFEFF", ""))).getRecords();
        // headed by labels, as the XLSX is
        assertThat(records).extracting(r -> r.get("Status")).containsExactlyElementsOf(expected.keySet());
        assertThat(records).extracting(r -> Long.parseLong(r.get("transactions"))).containsExactlyElementsOf(expected.values());
        BigDecimal volume = payments.stream().map(Kaa.Payment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(records.stream().map(r -> new BigDecimal(r.get("volume_kes"))).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(volume);

        JsonNode json = Requests.JSON.readTree(download(id, "json"));
        assertThat(json).hasSize(expected.size());
        assertThat(json.get(0).get("transactions").asLong()).isEqualTo(expected.values().iterator().next());

        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(download(id, "xlsx")))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertThat(rows.get(0).getCellText(0)).isEqualTo("Status");
            assertThat(rows).hasSize(expected.size() + 1);
            assertThat(rows.get(1).getCellAsNumber(1)).hasValue(BigDecimal.valueOf(expected.values().iterator().next()));
        }

        try (var pdf = Loader.loadPDF(download(id, "pdf"))) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("M-Pesa by status", "Africa/Nairobi", "Page 1", "Total", volume.toPlainString());
        }

        List<ConsumerRecord<String, String>> events = TopicReader.readAll("reports.executions.v1", Duration.ofSeconds(2)).stream()
                .filter(r -> r.key().equals(id)).toList();
        assertThat(events.stream().map(e -> type(e.value())).filter(t -> !t.equals("ExecutionProgress.v1")))
                .containsExactly("ExecutionStarted.v1", "ExecutionCompleted.v1");
        events.forEach(e -> EventSchemas.assertValid(e.value()));
    }

    static final String BY_PARAMETERS = """
            {"columns":["id","method","status"],"sort":[{"column":"id","direction":"asc"}],"filters":[
              {"column":"method","op":"eq","parameter":"method"},{"column":"status","op":"in","parameter":"statuses"},
              {"column":"occurred_at","op":"between","parameter":"period"}]}""";

    /** Whole days around the generated payments (the last 30 days): both ends included. */
    static final java.time.LocalDate FROM = java.time.LocalDate.now().minusDays(60);
    static final java.time.LocalDate TO = java.time.LocalDate.now().plusDays(1);

    /** The parameters as the definition service binds them for a run: method and statuses given, period by default. */
    static com.fasterxml.jackson.databind.node.ArrayNode parameters(String method, String... statuses) {
        var list = Requests.JSON.createArrayNode();
        list.addObject().put("name", "method").put("label", "Payment method").put("type", "enum").put("required", true)
                .put("valuesFrom", "method").put("value", method).put("source", "run");
        var values = list.addObject().put("name", "statuses").put("label", "Statuses").put("type", "string").put("multiple", true)
                .put("source", statuses.length == 0 ? "none" : "schedule");
        if (statuses.length == 0) {
            values.putNull("value");
        } else {
            values.set("value", Requests.JSON.valueToTree(List.of(statuses)));
        }
        list.addObject().put("name", "period").put("label", "Period").put("type", "dateRange").put("source", "default")
                .putObject("value").put("from", FROM.toString()).put("to", TO.toString());
        return list;
    }

    @Test
    void parametersAreBoundAsValuesRecordedAndPrintedInEveryFile() throws Exception {
        UUID report = UUID.randomUUID();
        Requests.send(org, report, "payments", BY_PARAMETERS, List.of("csv", "xlsx", "pdf"), 5,
                r -> r.set("parameters", parameters("mpesa", "success")));
        String id = Requests.awaitStatus(org, report, "completed");
        List<String> expected = payments.stream().filter(p -> p.method().equals("mpesa") && p.status().equals("success"))
                .map(Kaa.Payment::id).sorted().toList();
        assertThat(expected).isNotEmpty();

        JsonPath execution = Requests.execution(org, id);
        assertThat(execution.getList("parameters.name")).containsExactly("method", "statuses", "period");
        assertThat(execution.getString("parameters[0].value")).isEqualTo("mpesa");
        assertThat(execution.getList("parameters[1].value")).containsExactly("success");
        assertThat(execution.getString("parameters[2].source")).isEqualTo("default");

        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(download(id, "csv"), StandardCharsets.UTF_8).replace("\uFEFF", ""))).getRecords();
        assertThat(records).extracting(r -> r.get(0)).containsExactlyElementsOf(expected);
        // read by Apache POI, not by the library that wrote it
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new ByteArrayInputStream(download(id, "xlsx")))) {
            var sheet = workbook.getSheet("Parameters");
            assertThat(sheet).isNotNull();
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("Payment method");
            assertThat(sheet.getRow(1).getCell(2).getStringCellValue()).isEqualTo("mpesa");
            assertThat(sheet.getRow(2).getCell(2).getStringCellValue()).isEqualTo("success");
            assertThat(sheet.getRow(3).getCell(2).getStringCellValue()).isEqualTo(FROM + " to " + TO);
            assertThat(workbook.getSheet("Report").getLastRowNum()).isEqualTo(expected.size());
        }
        try (var pdf = Loader.loadPDF(download(id, "pdf"))) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("Payment method: mpesa", "Statuses: success", "Period: " + FROM + " to " + TO);
        }
        List<ConsumerRecord<String, String>> completed = TopicReader.readAll("reports.executions.v1", Duration.ofSeconds(2)).stream()
                .filter(r -> r.key().equals(id) && type(r.value()).equals("ExecutionCompleted.v1")).toList();
        assertThat(completed).hasSize(1);
        EventSchemas.assertValid(completed.get(0).value());
        JsonNode event = Requests.JSON.readTree(completed.get(0).value()).get("data");
        assertThat(event.path("parameters").get(0).path("value").asText()).isEqualTo("mpesa");
        assertThat(java.time.OffsetDateTime.parse(event.path("period").path("from").asText()).toLocalDate()).isEqualTo(FROM);
    }

    /**
     * An "only when changed" alert on the row count, over runs of one schedule: told when it starts to hold, not while
     * it keeps holding, not when it does not hold, told again once it held after not holding.
     */
    @Test
    void anAlertTellsWhenItStartsToHoldAndAgainOnlyAfterItCleared() throws Exception {
        UUID report = UUID.randomUUID();
        UUID schedule = UUID.randomUUID();
        Instant slot = Instant.now().minus(Duration.ofHours(1));
        // one condition (at least two rows) over results of one row per status (at least two) or of one status only:
        // holds, holds, does not, holds
        long statuses = payments.stream().map(Kaa.Payment::status).distinct().count();
        assertThat(statuses).isGreaterThanOrEqualTo(2);
        String oneStatus = BY_STATUS.replace("\"sort\"", "\"filters\":[{\"column\":\"status\",\"op\":\"eq\",\"value\":\""
                + payments.get(0).status() + "\"}],\"sort\"");
        List<String> specs = List.of(BY_STATUS, BY_STATUS, oneStatus, BY_STATUS);
        List<String> requests = new java.util.ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Instant at = slot.plus(Duration.ofMinutes(i));
            var request = Requests.send(org, report, "payments", specs.get(i), List.of("csv"), 5, r -> {
                r.put("scheduleId", schedule.toString()).put("scheduledFor", at.toString());
                r.putObject("alert").put("fn", "rows").put("op", "gte").put("threshold", 2).put("onlyWhenChanged", true);
            });
            requests.add(request.get("requestId").asText());
            // one at a time: each is judged against the one before it
            await().atMost(Duration.ofSeconds(40)).until(() -> "completed".equals(Requests.executions(org, report)
                    .getString("items.find { it.requestId == '" + request.get("requestId").asText() + "' }.status")));
        }
        JsonPath executions = Requests.executions(org, report);
        List<Boolean> notified = new java.util.ArrayList<>();
        for (String request : requests) {
            notified.add(executions.getBoolean("items.find { it.requestId == '" + request + "' }.alert.notified"));
        }
        assertThat(notified).containsExactly(true, false, false, true);
        assertThat(executions.getString("items.find { it.requestId == '" + requests.get(2) + "' }.alert.reason"))
                .isEqualTo("the row count is 1, not at least 2");
        // the schedule's alert changed: its state starts afresh, so a condition holding at once is told
        var changed = Requests.send(org, report, "payments", BY_STATUS, List.of("csv"), 5, r -> {
            r.put("scheduleId", schedule.toString()).put("scheduledFor", slot.plus(Duration.ofMinutes(10)).toString());
            r.putObject("alert").put("fn", "rows").put("op", "gte").put("threshold", 1).put("onlyWhenChanged", true);
        });
        await().atMost(Duration.ofSeconds(40)).until(() -> Boolean.TRUE.equals(Requests.executions(org, report)
                .getBoolean("items.find { it.requestId == '" + changed.get("requestId").asText() + "' }.alert.notified")));
        // a run of an older slot finishing late tells nobody, whatever it found
        var late = Requests.send(org, report, "payments", BY_STATUS, List.of("csv"), 5, r -> {
            r.put("scheduleId", schedule.toString()).put("scheduledFor", slot.minus(Duration.ofMinutes(10)).toString());
            r.putObject("alert").put("fn", "rows").put("op", "gte").put("threshold", 1).put("onlyWhenChanged", false);
        });
        await().atMost(Duration.ofSeconds(40)).until(() -> Requests.executions(org, report)
                .get("items.find { it.requestId == '" + late.get("requestId").asText() + "' }.alert") != null);
        assertThat(Requests.executions(org, report).getBoolean("items.find { it.requestId == '" + late.get("requestId").asText()
                + "' }.alert.holds")).isTrue();
        assertThat(Requests.executions(org, report).getBoolean("items.find { it.requestId == '" + late.get("requestId").asText()
                + "' }.alert.notified")).isFalse();
        // the state is a row, as replicas and restarts see it
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("select holds from alert_state where schedule_id = '" + schedule + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
        }
        // an aggregate of an output column, in the event the notification service reads
        UUID sums = UUID.randomUUID();
        Requests.send(org, sums, "payments", BY_STATUS, List.of("csv"), 5, r -> r.put("scheduleId", UUID.randomUUID().toString())
                .put("scheduledFor", Instant.now().toString()).putObject("alert").put("fn", "max").put("column", "transactions")
                .put("op", "gte").put("threshold", 1));
        String id = Requests.awaitStatus(org, sums, "completed");
        ConsumerRecord<String, String> completed = await().atMost(Duration.ofSeconds(10)).until(() -> TopicReader.readAll("reports.executions.v1",
                Duration.ofMillis(500)).stream().filter(r -> r.key().equals(id) && type(r.value()).equals("ExecutionCompleted.v1"))
                .findFirst().orElse(null), r -> r != null);
        EventSchemas.assertValid(completed.value());
        JsonNode alert = Requests.JSON.readTree(completed.value()).path("data").path("alert");
        long largest = payments.stream().collect(Collectors.groupingBy(Kaa.Payment::status, Collectors.counting())).values().stream()
                .max(Long::compare).orElseThrow();
        assertThat(alert.path("value").asLong()).isEqualTo(largest);
        assertThat(alert.path("notified").asBoolean()).isTrue();
    }

    @Test
    void anInjectionInAParameterIsALiteralThatMatchesNothing() {
        UUID report = UUID.randomUUID();
        // method is also a valuesFrom enum here: a value the data lacks is refused by name before the query runs
        Requests.send(org, report, "payments", BY_PARAMETERS, List.of("csv"), 5,
                r -> r.set("parameters", parameters("mpesa' or '1'='1")));
        Requests.awaitStatus(org, report, "failed");
        assertThat(Requests.executions(org, report).getString("items[0].error.message"))
                .contains("parameters.method", "is not a value of column method");

        UUID free = UUID.randomUUID();
        String spec = BY_PARAMETERS.replace("\"op\":\"in\",\"parameter\":\"statuses\"", "\"op\":\"eq\",\"parameter\":\"status\"");
        var bound = Requests.JSON.createArrayNode();
        bound.add(parameters("mpesa").get(0));
        bound.addObject().put("name", "status").put("type", "string").put("value", "success' or '1'='1").put("source", "run");
        bound.add(parameters("mpesa").get(2));
        Requests.send(org, free, "payments", spec, List.of("json"), 5, r -> r.set("parameters", bound));
        String id = Requests.awaitStatus(org, free, "completed");
        assertThat(Requests.execution(org, id).getLong("outputs[0].rowCount")).isZero();
    }

    /**
     * failed before (system tests, after their Postgres restart): every pooled JDBC connection was dead, each attempt
     * borrowed one ("An I/O error occurred while sending to the backend") and the execution failed for good after its
     * three attempts. Connections are not validated when borrowed (a round trip per execution): the run drops the dead
     * one it met at its first statement and runs again within the same attempt (the pool's were used seconds ago, so
     * the foreground validation of idle ones does not catch them first).
     */
    @Test
    void anExecutionAfterTheDatabaseDroppedEveryConnectionSucceedsAtTheFirstAttempt() throws Exception {
        UUID warmUp = UUID.randomUUID();
        Requests.send(org, warmUp, "payments", BY_STATUS, List.of("csv"), 5, r -> {
        });
        Requests.awaitStatus(org, warmUp, "completed");
        String database = ConfigProvider.getConfig().getValue("kaa.test.database", String.class);
        try (Connection admin = PostgresTestResource.admin("postgres"); Statement s = admin.createStatement()) {
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "' and pid <> pg_backend_pid()");
        }
        UUID report = UUID.randomUUID();
        Requests.send(org, report, "payments", BY_STATUS, List.of("csv"), 5, r -> {
        });
        String id = Requests.awaitStatus(org, report, "completed");
        assertThat(Requests.execution(org, id).getInt("attempts")).isEqualTo(1);
    }

    @Test
    void claimsTakeTheHighestPriorityFirstThenTheOldest() throws Throwable {
        workers.pause();
        UUID low = UUID.randomUUID();
        UUID normal = UUID.randomUUID();
        UUID high = UUID.randomUUID();
        UUID normalLater = UUID.randomUUID();
        Requests.send(org, low, "payments", BY_STATUS, List.of("csv"), 9, r -> {
        });
        Requests.awaitStatus(org, low, "queued");
        Requests.send(org, normal, "payments", BY_STATUS, List.of("csv"), 5, r -> {
        });
        Requests.awaitStatus(org, normal, "queued");
        Requests.send(org, high, "payments", BY_STATUS, List.of("csv"), 1, r -> {
        });
        Requests.awaitStatus(org, high, "queued");
        Requests.send(org, normalLater, "payments", BY_STATUS, List.of("csv"), 5, r -> {
        });
        Requests.awaitStatus(org, normalLater, "queued");
        List<UUID> order = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Execution claimed = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> queue.claim("test-claimer"));
            order.add(claimed.reportId);
        }
        assertThat(order).containsExactly(high, normal, normalLater, low);
        // the test's claims are never heartbeated: their leases expire and the workers take them over
        workers.resume();
        for (UUID report : order) {
            Requests.awaitStatus(org, report, "completed");
        }
    }

    @Test
    void aFailingQueryIsRetriedWithBackoffThenFailsAndCanBeRetriedByHand() throws Exception {
        UUID report = UUID.randomUUID();
        try {
            sql("alter table ds_recycling rename to ds_recycling_away");
            Requests.send(org, report, "recycling", "{\"columns\":[\"method\"]}", List.of("csv"), 5, r -> {
            });
            String id = Requests.awaitStatus(org, report, "failed");
            JsonPath failed = Requests.execution(org, id);
            assertThat(failed.getInt("attempts")).isEqualTo(3);
            assertThat(failed.getString("error.message")).contains("ds_recycling");
            assertThat(failed.getString("error.type")).isNotBlank();
            assertThat(failed.getString("error.toString()")).doesNotContain("at com.kaa");
        } finally {
            sql("alter table ds_recycling_away rename to ds_recycling");
        }
        String id = Requests.executions(org, report).getString("items[0].id");
        given().headers(TestIdentity.of(org, "alice", "analyst")).post("/executions/" + id + "/retry").then().statusCode(200)
                .body("status", equalTo("queued")).body("attempts", equalTo(0));
        Requests.awaitStatus(org, report, "completed");
        List<String> types = TopicReader.readAll("reports.executions.v1", Duration.ofSeconds(2)).stream()
                .filter(r -> r.key().equals(id)).map(r -> type(r.value())).filter(t -> !t.equals("ExecutionProgress.v1")).toList();
        assertThat(types).containsExactly("ExecutionStarted.v1", "ExecutionStarted.v1", "ExecutionStarted.v1", "ExecutionFailed.v1",
                "ExecutionStarted.v1", "ExecutionCompleted.v1");
        // failed before: a retry counted as a finish (outcome="retried"), so failure and success rates divided wrongly
        List<String> metrics = given().get("/q/metrics").asString().lines().toList();
        assertThat(metrics).noneMatch(line -> line.startsWith("kaa_executions_finished_total") && line.contains("outcome=\"retried\""));
        assertThat(metrics).anyMatch(line -> line.startsWith("kaa_executions_retries_total"));
    }

    @Test
    void aRequestAwaitingRowsRetriesAnEmptyResultInsteadOfDeliveringIt() {
        UUID report = UUID.randomUUID();
        Requests.send(org, report, "payments", "{\"columns\":[\"id\"],\"filters\":[{\"column\":\"id\",\"op\":\"eq\",\"value\":\"not-yet\"}]}",
                List.of("pdf"), 5, r -> r.put("awaitRows", true));
        String id = Requests.awaitStatus(org, report, "failed");
        assertThat(Requests.execution(org, id).getInt("attempts")).isEqualTo(3);
        assertThat(Requests.execution(org, id).getString("error.message")).contains("no rows yet");
        assertThat(Requests.execution(org, id).getList("outputs")).isEmpty();
    }

    @Test
    void aBadSpecFailsAtOnceWithoutRetries() {
        UUID report = UUID.randomUUID();
        Requests.send(org, report, "payments", "{\"columns\":[\"password\"]}", List.of("csv"), 5, r -> {
        });
        String id = Requests.awaitStatus(org, report, "failed");
        assertThat(Requests.execution(org, id).getInt("attempts")).isEqualTo(1);
        assertThat(Requests.execution(org, id).getString("error.message")).contains("has no column 'password'");
    }

    @Test
    void aQueryBlockedPastTheTimeoutEndsTimedOut() throws Exception {
        UUID report = UUID.randomUUID();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("lock table ds_hardware in access exclusive mode");
            }
            Requests.send(org, report, "hardware", "{\"columns\":[\"category\"]}", List.of("csv"), 5, r -> {
            });
            String id = Requests.awaitStatus(org, report, "timed_out");
            assertThat(Requests.execution(org, id).getString("error.message")).contains("timeout");
            lock.rollback();
        }
    }

    @Test
    void cancellingAQueuedExecutionMeansItNeverStarts() {
        workers.pause();
        UUID report = UUID.randomUUID();
        Requests.send(org, report, "payments", BY_STATUS, List.of("csv"), 5, r -> {
        });
        String id = Requests.awaitStatus(org, report, "queued");
        given().headers(TestIdentity.of(org, "alice", "analyst")).post("/executions/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
        workers.resume();
        given().headers(TestIdentity.of(org, "alice", "analyst")).post("/executions/" + id + "/cancel").then().statusCode(409);
        assertThat(Requests.execution(org, id).getString("startedAt")).isNull();
        assertThat(Requests.execution(org, id).getString("status")).isEqualTo("cancelled");
    }

    @Test
    void cancellingARunningExecutionStopsItWithinASecondAndLeavesNoFile() throws Exception {
        UUID report = UUID.randomUUID();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("lock table ds_bookings in access exclusive mode");
            }
            Requests.send(org, report, "bookings", "{\"columns\":[\"status\"]}", List.of("csv", "xlsx"), 5, r -> {
            });
            String id = Requests.awaitStatus(org, report, "running");
            Instant asked = Instant.now();
            given().headers(TestIdentity.of(org, "alice", "analyst")).post("/executions/" + id + "/cancel").then().statusCode(200);
            Requests.awaitStatus(org, report, "cancelled");
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(3));
            lock.rollback();
            assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("target/storage").resolve(org).resolve(report.toString()))).isFalse();
        }
    }

    @Test
    void cancellingAnExecutionClaimedAheadOfBusyWorkersMeansItNeverRuns() throws Exception {
        workers.assumeRecentRunsTook(Duration.ofMillis(10));   // a storm of short runs: the replica claims ahead
        UUID waiting = UUID.randomUUID();
        String id;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("lock table ds_bookings in access exclusive mode");
            }
            // every worker busy on a blocked query
            List<UUID> blocked = java.util.stream.Stream.generate(UUID::randomUUID).limit(5).toList();
            blocked.forEach(report -> Requests.send(org, report, "bookings", "{\"columns\":[\"status\"]}", List.of("csv"), 5, r -> {
            }));
            blocked.forEach(report -> Requests.awaitStatus(org, report, "running"));
            // claimed (its lease held, its Started published) while no worker is free to run it
            Requests.send(org, waiting, "payments", BY_STATUS, List.of("csv"), 5, r -> {
            });
            id = Requests.awaitStatus(org, waiting, "running");
            given().headers(TestIdentity.of(org, "alice", "analyst")).post("/executions/" + id + "/cancel").then().statusCode(200)
                    .body("status", equalTo("running"));
            Thread.sleep(1200);   // the heartbeat (every 0.5 s here) hears the cancel before a worker is free
            lock.rollback();
        }
        Requests.awaitStatus(org, waiting, "cancelled");
        List<String> types = TopicReader.readAll("reports.executions.v1", Duration.ofSeconds(2)).stream()
                .filter(r -> r.key().equals(id)).map(r -> type(r.value())).toList();
        assertThat(types).containsExactly("ExecutionStarted.v1", "ExecutionCancelled.v1");
        assertThat(Requests.execution(org, id).getList("outputs")).isEmpty();
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("target/storage").resolve(org).resolve(waiting.toString()))).isFalse();
    }

    @Test
    void aStalledExecutionIsTakenOverAndCompletesExactlyOnce() throws Throwable {
        workers.pause();
        UUID report = UUID.randomUUID();
        Requests.send(org, report, "payments", BY_STATUS, List.of("csv", "pdf"), 5, r -> {
        });
        String id = Requests.awaitStatus(org, report, "queued");
        // a worker of a replica that then died: it claimed the execution, and its lease ran out
        sql("update execution set status = 'running', attempts = 1, lease_owner = 'dead-replica', started_at = now(), "
                + "lease_expires_at = now() - interval '1 second' where id = '" + id + "'");
        workers.resume();
        Requests.awaitStatus(org, report, "completed");
        Execution stale = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() ->
                io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> Execution.<Execution>findById(UUID.fromString(id))));
        boolean lateWorkerCompleted = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() ->
                queue.complete(stale, "dead-replica", 1, false, false, List.of(), null));
        assertThat(lateWorkerCompleted).as("the dead worker can no longer complete it").isFalse();
        assertThat(TopicReader.readAll("reports.executions.v1", Duration.ofSeconds(2)).stream()
                .filter(r -> r.key().equals(id) && type(r.value()).equals("ExecutionCompleted.v1"))).hasSize(1);
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("target/storage", org, report.toString(), id))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly("csv", "pdf");
        }
    }

    @Test
    void theRowLimitFailsClearlyOrTruncatesWhenAllowed() {
        UUID failing = UUID.randomUUID();
        Requests.send(org, failing, "payments", ALL_PAYMENTS, List.of("csv"), 5, r -> {
        });
        String failed = Requests.awaitStatus(org, failing, "failed");
        assertThat(Requests.execution(org, failed).getString("error.message")).contains("more than 500 rows");

        UUID truncating = UUID.randomUUID();
        Requests.send(org, truncating, "payments", ALL_PAYMENTS, List.of("csv", "xlsx"), 5, r -> r.put("truncateAtLimit", true));
        String id = Requests.awaitStatus(org, truncating, "completed");
        JsonPath done = Requests.execution(org, id);
        assertThat(done.getBoolean("truncated")).isTrue();
        assertThat(done.getLong("outputs[0].rowCount")).isEqualTo(500);
    }

    @Test
    void anEmptyResultSentOnlyIfRowsCompletesWithoutFiles() {
        UUID report = UUID.randomUUID();
        Requests.send(org, report, "payments", "{\"columns\":[\"id\"],\"filters\":[{\"column\":\"id\",\"op\":\"eq\",\"value\":\"none\"}],"
                        + "\"parameters\":{\"dateColumn\":\"occurred_at\",\"dateRange\":\"last_7_days\"}}",
                List.of("csv"), 5, r -> r.put("sendOnlyIfRows", true).put("scheduledFor", "2026-11-20T06:00:00Z"));
        String id = Requests.awaitStatus(org, report, "completed");
        JsonPath done = Requests.execution(org, id);
        assertThat(done.getBoolean("emptyResultSkipped")).isTrue();
        assertThat(done.getList("outputs")).isEmpty();
        // the same empty result without sendOnlyIfRows: its files are made (no rows) and nothing was skipped
        UUID plain = UUID.randomUUID();
        Requests.send(org, plain, "payments", "{\"columns\":[\"id\"],\"filters\":[{\"column\":\"id\",\"op\":\"eq\",\"value\":\"none\"}]}",
                List.of("csv"), 5, r -> {
                });
        JsonPath empty = Requests.execution(org, Requests.awaitStatus(org, plain, "completed"));
        assertThat(empty.getBoolean("emptyResultSkipped")).isFalse();
        assertThat(empty.getLong("outputs[0].rowCount")).isZero();
        String completed = TopicReader.readAll("reports.executions.v1", Duration.ofSeconds(2)).stream()
                .filter(r -> r.key().equals(id) && type(r.value()).equals("ExecutionCompleted.v1")).findFirst().orElseThrow().value();
        assertThat(completed).contains("\"noRows\":true").contains("\"outputs\":[]")
                // the period the run covered, in the report's time zone (Nairobi, UTC+3), from the scheduled time
                .contains("\"period\":{\"range\":\"last_7_days\",\"from\":\"2026-11-13T00:00:00+03:00\",\"to\":\"2026-11-20T00:00:00+03:00\"}");
    }

    @Test
    void signedLinksAreCheckedForTamperingExpiryOrganizationAndKey() {
        UUID report = UUID.randomUUID();
        Requests.send(org, report, "payments", BY_STATUS, List.of("csv"), 5, r -> {
        });
        String id = Requests.awaitStatus(org, report, "completed");
        String path = given().headers(TestIdentity.of(org, "alice", "analyst")).queryParam("format", "csv").queryParam("ttl", "PT10M")
                .get("/executions/" + id + "/download-url").then().statusCode(200).extract().<String>path("url")
                .replace("http://127.0.0.1:8080/api/v1", "");
        given().get(path).then().statusCode(200).header("Content-Disposition", containsString(".csv"));
        given().headers(TestIdentity.of(org, "bob", "viewer")).get(path).then().statusCode(200);

        int sig = path.indexOf("sig=") + 4;
        String tampered = path.substring(0, sig) + (path.charAt(sig) == 'A' ? 'B' : 'A') + path.substring(sig + 1);
        given().get(tampered).then().statusCode(403).contentType("application/problem+json");
        given().get(path.replace("format", "x").replace("/csv?", "/json?")).then().statusCode(403);
        given().get(path.replace("org=" + org, "org=org-other")).then().statusCode(403);
        given().headers(TestIdentity.of("org-other", "eve", "admin")).get(path).then().statusCode(403)
                .body("detail", containsString("another organization"));
        String expired = signer.path(UUID.fromString(id), "csv", org, Instant.now().minusSeconds(5));
        given().get(expired).then().statusCode(403).body("detail", containsString("expired"));
        String oldKey = signer.path(UUID.fromString(id), "csv", org, Instant.now().plusSeconds(60), "old");
        given().get(oldKey).then().statusCode(200);
        given().get(oldKey.replace("kid=old", "kid=removed")).then().statusCode(403);

        given().headers(TestIdentity.of(org, "alice", "analyst")).queryParam("format", "csv").queryParam("ttl", "P30D")
                .get("/executions/" + id + "/download-url").then().statusCode(400);
        given().headers(TestIdentity.of("org-other", "eve", "admin")).queryParam("format", "csv")
                .get("/executions/" + id + "/download-url").then().statusCode(404);
        given().headers(TestIdentity.of("org-other", "eve", "admin")).get("/executions/" + id).then().statusCode(404);
        given().headers(TestIdentity.of("org-other", "eve", "admin")).post("/executions/" + id + "/cancel").then().statusCode(404);
    }

    @Test
    void progressCanBeFollowedAsServerSentEventsAndStatsShowTheQueue() {
        UUID report = UUID.randomUUID();
        Requests.send(org, report, "payments", BY_STATUS, List.of("json"), 5, r -> {
        });
        String id = Requests.awaitStatus(org, report, "completed");
        String stream = given().headers(TestIdentity.of(org, "alice", "analyst")).get("/executions/" + id + "/events")
                .then().statusCode(200).contentType("text/event-stream").extract().asString();
        assertThat(stream).contains("data:").contains("\"status\":\"completed\"");
        given().headers(TestIdentity.of(org, "alice", "analyst")).get("/executions/stats").then().statusCode(200)
                .body("depth", notNullValue());
        given().get("/q/metrics").then().body(containsString("kaa_executions_queue_depth"))
                .body(containsString("kaa_executions_generation_seconds"));
    }

    private byte[] download(String id, String format) throws Exception {
        String url = given().headers(TestIdentity.of(org, "alice", "analyst")).queryParam("format", format)
                .get("/executions/" + id + "/download-url").then().statusCode(200).extract().path("url");
        var response = given().get(url.replace("http://127.0.0.1:8080/api/v1", "")).then().statusCode(200).extract();
        byte[] body = response.asByteArray();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body))).isEqualTo(response.header("X-Content-SHA256"));
        assertThat(Long.parseLong(response.header("Content-Length"))).isEqualTo(body.length);
        return body;
    }

    private void sql(String statement) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String type(String envelope) {
        try {
            return Requests.JSON.readTree(envelope).path("type").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
