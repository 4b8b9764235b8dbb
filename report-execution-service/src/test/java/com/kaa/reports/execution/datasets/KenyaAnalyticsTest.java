package com.kaa.reports.execution.datasets;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.KafkaTestResource;
import com.kaa.reports.sampledata.Kaa;
import com.kaa.reports.sampledata.KaaGenerator;
import com.kaa.reports.sampledata.Publisher;
import com.kaa.reports.sampledata.SampleEvent;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.kaa.reports.sampledata.KaaGenerator.NAIROBI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kenya analytics, run as query specs over ingested sample events, must equal an independent
 * computation in Java over the same generated entities: exact decimals, to the shilling.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_execution")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KenyaAnalyticsTest {

    private static final Instant NOW = Instant.parse("2026-03-31T21:00:00Z");
    private static final Instant FROM = NOW.minus(30, ChronoUnit.DAYS);
    private final String org = "org-" + UUID.randomUUID();
    private List<Kaa.Property> properties;
    private List<Kaa.Payment> payments;

    /** Once for the class (RestAssured knows the test port only from the first test on, hence not @BeforeAll). */
    @BeforeEach
    void ingestSampleData() {
        if (properties != null) {
            return;
        }
        KaaGenerator generator = new KaaGenerator(7, NOW, 60);
        List<Kaa.User> users = generator.users(200);
        // no listing at all in Turkana: the "county with no listings" case
        properties = generator.properties(800, users).stream().filter(p -> !p.county().equals("Turkana")).toList();
        List<Kaa.Booking> bookings = generator.bookings(300, properties, users);
        payments = generator.payments(5000, bookings);
        try (Publisher publisher = new Publisher(KafkaTestResource.broker().bootstrapServers())) {
            properties.forEach(p -> publisher.send(SampleEvent.property(org, p)));
            payments.forEach(p -> publisher.send(SampleEvent.payment(org, p)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Preview.count(org, "payments", null) == payments.size()
                && Preview.count(org, "properties", null) == properties.size());
    }

    @Test
    void countyPropertyAnalyticsMatchAnIndependentComputation() {
        List<Map<String, Object>> rows = Preview.rows(org, "properties", countySpec("[\"Nairobi\",\"Mombasa\",\"Kiambu\",\"Nakuru\",\"Kisumu\",\"Turkana\",\"Lamu\"]"));

        Map<String, Map<String, List<Kaa.Property>>> byCounty = properties.stream()
                .filter(p -> !p.listedAt().isBefore(FROM) && !p.listedAt().isAfter(NOW))
                .filter(p -> List.of("Nairobi", "Mombasa", "Kiambu", "Nakuru", "Kisumu", "Turkana", "Lamu").contains(p.county()))
                .collect(Collectors.groupingBy(Kaa.Property::county, TreeMap::new, Collectors.groupingBy(Kaa.Property::type, TreeMap::new, Collectors.toList())));
        List<Map<String, Object>> expected = new ArrayList<>();
        byCounty.forEach((county, types) -> {
            long inCounty = types.values().stream().mapToLong(List::size).sum();
            types.forEach((type, listed) -> {
                List<BigDecimal> rents = listed.stream().map(Kaa.Property::rent).sorted().toList();
                long occupied = listed.stream().filter(p -> p.status().equals("occupied")).count();
                long notInactive = listed.stream().filter(p -> !p.status().equals("inactive")).count();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("county", county);
                row.put("type", type);
                row.put("listings", BigDecimal.valueOf(listed.size()));
                row.put("min_rent", rents.get(0));
                row.put("max_rent", rents.get(rents.size() - 1));
                row.put("avg_rent", sum(rents).divide(BigDecimal.valueOf(rents.size()), 2, RoundingMode.HALF_UP));
                row.put("median_rent", median(rents, 2));
                row.put("occupancy_rate", notInactive == 0 ? null
                        : BigDecimal.valueOf(occupied).divide(BigDecimal.valueOf(notInactive), 4, RoundingMode.HALF_UP));
                row.put("type_share", BigDecimal.valueOf(listed.size()).divide(BigDecimal.valueOf(inCounty), 4, RoundingMode.HALF_UP));
                expected.add(row);
            });
        });
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(rows.stream().map(r -> r.get("county")).distinct()).doesNotContain("Turkana");
        assertSameRows(rows, expected);
    }

    @Test
    void anEmptyRangeGivesNoRowsRatherThanAnError() {
        String spec = countySpec("[\"Nairobi\"]").replace(FROM.toString(), "2020-01-01T00:00:00Z").replace(NOW.toString(), "2020-01-31T00:00:00Z");
        assertThat(Preview.rows(org, "properties", spec)).isEmpty();
        assertThat(Preview.rows(org, "payments", mpesaSummarySpec().replace(FROM.toString(), "2020-01-01T00:00:00Z")
                .replace(NOW.toString(), "2020-01-31T00:00:00Z")))
                .singleElement().satisfies(row -> {
                    assertThat(number(row.get("transactions"))).isZero();
                    assertThat(row.get("volume_kes")).isNull();
                });
    }

    @Test
    void mpesaSummaryMatchesAnIndependentComputation() {
        List<Kaa.Payment> mpesa = mpesaInRange();
        List<BigDecimal> successful = mpesa.stream().filter(p -> p.status().equals("success")).map(Kaa.Payment::amount).toList();
        long failed = mpesa.stream().filter(p -> p.status().equals("failed")).count();

        Map<String, Object> row = Preview.rows(org, "payments", mpesaSummarySpec()).get(0);

        assertThat(number(row.get("transactions"))).isEqualTo(mpesa.size());
        assertThat(number(row.get("successful"))).isEqualTo(successful.size());
        assertThat(number(row.get("failed"))).isEqualTo(failed);
        assertThat(decimal(row.get("success_rate"))).isEqualTo(BigDecimal.valueOf(successful.size())
                .divide(BigDecimal.valueOf(mpesa.size()), 4, RoundingMode.HALF_UP));
        assertThat(decimal(row.get("volume_kes"))).isEqualTo(sum(successful));
        assertThat(decimal(row.get("average_kes"))).isEqualTo(sum(successful).divide(BigDecimal.valueOf(successful.size()), 2, RoundingMode.HALF_UP));
    }

    @Test
    void mpesaHourlyDistributionIsInNairobiTime() {
        List<Map<String, Object>> rows = Preview.rows(org, "payments", "{\"columns\":[\"occurred_hour\"],\"groupBy\":[\"occurred_hour\"],"
                + mpesaFilters() + ",\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\",\"as\":\"transactions\"},"
                + "{\"fn\":\"sum\",\"column\":\"successful_amount\",\"as\":\"volume_kes\"}]}");
        Map<Integer, List<Kaa.Payment>> byHour = mpesaInRange().stream()
                .collect(Collectors.groupingBy(p -> p.occurredAt().atZone(NAIROBI).getHour(), TreeMap::new, Collectors.toList()));
        List<Map<String, Object>> expected = new ArrayList<>();
        byHour.forEach((hour, list) -> expected.add(row("occurred_hour", BigDecimal.valueOf(hour), "transactions", BigDecimal.valueOf(list.size()),
                "volume_kes", sumOrNull(list.stream().filter(p -> p.status().equals("success")).map(Kaa.Payment::amount).toList()))));
        assertSameRows(rows, expected);
        // the generator's rhythm is Nairobi's: the evening peak outnumbers 3 a.m. by far
        assertThat(byHour.get(18).size()).isGreaterThan(10 * byHour.getOrDefault(3, List.of()).size());
    }

    @Test
    void mpesaTopTenFailureReasons() {
        List<Map<String, Object>> rows = Preview.rows(org, "payments", "{\"columns\":[\"failure_reason\"],\"groupBy\":[\"failure_reason\"],"
                + "\"filters\":[{\"column\":\"method\",\"op\":\"eq\",\"value\":\"mpesa\"},{\"column\":\"status\",\"op\":\"eq\",\"value\":\"failed\"},"
                + range() + "],\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\",\"as\":\"failures\"}],"
                + "\"sort\":[{\"column\":\"failures\",\"direction\":\"desc\"},{\"column\":\"failure_reason\",\"direction\":\"asc\"}],\"limit\":10}");
        List<Map<String, Object>> expected = mpesaInRange().stream().filter(p -> p.status().equals("failed"))
                .collect(Collectors.groupingBy(Kaa.Payment::failureReason, Collectors.counting())).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10).map(e -> row("failure_reason", e.getKey(), "failures", BigDecimal.valueOf(e.getValue()))).toList();
        assertThat(expected).isNotEmpty();
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < rows.size(); i++) {
            assertSameRow(rows.get(i), expected.get(i));
        }
    }

    @Test
    void mpesaDailySeriesUsesNairobiDays() {
        List<Map<String, Object>> rows = Preview.rows(org, "payments", "{\"columns\":[\"occurred_date\"],\"groupBy\":[\"occurred_date\"],"
                + mpesaFilters() + ",\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\",\"as\":\"transactions\"},"
                + "{\"fn\":\"sum\",\"column\":\"succeeded\",\"as\":\"successful\"},{\"fn\":\"sum\",\"column\":\"successful_amount\",\"as\":\"volume_kes\"}]}");
        Map<String, List<Kaa.Payment>> byDay = mpesaInRange().stream()
                .collect(Collectors.groupingBy(p -> p.occurredAt().atZone(NAIROBI).toLocalDate().toString(), TreeMap::new, Collectors.toList()));
        List<Map<String, Object>> expected = new ArrayList<>();
        byDay.forEach((day, list) -> {
            List<BigDecimal> ok = list.stream().filter(p -> p.status().equals("success")).map(Kaa.Payment::amount).toList();
            expected.add(row("occurred_date", day, "transactions", BigDecimal.valueOf(list.size()),
                    "successful", BigDecimal.valueOf(ok.size()), "volume_kes", sumOrNull(ok)));
        });
        assertThat(expected).hasSizeGreaterThanOrEqualTo(30);
        assertSameRows(rows, expected);
    }

    private String countySpec(String counties) {
        return "{\"columns\":[\"county\",\"type\"],\"groupBy\":[\"county\",\"type\"],"
                + "\"filters\":[{\"column\":\"county\",\"op\":\"in\",\"value\":" + counties + "},"
                + "{\"column\":\"listed_at\",\"op\":\"between\",\"value\":[\"" + FROM + "\",\"" + NOW + "\"]}],"
                + "\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\",\"as\":\"listings\"},{\"fn\":\"min\",\"column\":\"rent\",\"as\":\"min_rent\"},"
                + "{\"fn\":\"max\",\"column\":\"rent\",\"as\":\"max_rent\"},{\"fn\":\"avg\",\"column\":\"rent\",\"as\":\"avg_rent\"},"
                + "{\"fn\":\"median\",\"column\":\"rent\",\"as\":\"median_rent\"},{\"fn\":\"avg\",\"column\":\"occupancy\",\"as\":\"occupancy_rate\"},"
                + "{\"fn\":\"share\",\"column\":\"*\",\"as\":\"type_share\"}]}";
    }

    private String mpesaSummarySpec() {
        return "{" + mpesaFilters() + ",\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\",\"as\":\"transactions\"},"
                + "{\"fn\":\"sum\",\"column\":\"succeeded\",\"as\":\"successful\"},{\"fn\":\"sum\",\"column\":\"failed\",\"as\":\"failed\"},"
                + "{\"fn\":\"avg\",\"column\":\"succeeded\",\"as\":\"success_rate\"},{\"fn\":\"sum\",\"column\":\"successful_amount\",\"as\":\"volume_kes\"},"
                + "{\"fn\":\"avg\",\"column\":\"successful_amount\",\"as\":\"average_kes\"}]}";
    }

    private static String mpesaFilters() {
        return "\"filters\":[{\"column\":\"method\",\"op\":\"eq\",\"value\":\"mpesa\"}," + range() + "]";
    }

    private static String range() {
        return "{\"column\":\"occurred_at\",\"op\":\"between\",\"value\":[\"" + FROM + "\",\"" + NOW + "\"]}";
    }

    private List<Kaa.Payment> mpesaInRange() {
        return payments.stream().filter(p -> p.method().equals("mpesa"))
                .filter(p -> !p.occurredAt().isBefore(FROM) && !p.occurredAt().isAfter(NOW)).toList();
    }

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    private static void assertSameRows(List<Map<String, Object>> actual, List<Map<String, Object>> expected) {
        Function<Map<String, Object>, String> key = r -> r.values().iterator().next() + "|" + r.values().stream().skip(1).findFirst().orElse("");
        List<Map<String, Object>> sortedActual = actual.stream().sorted(Comparator.comparing(key)).toList();
        List<Map<String, Object>> sortedExpected = expected.stream().sorted(Comparator.comparing(key)).toList();
        assertThat(sortedActual).hasSameSizeAs(sortedExpected);
        for (int i = 0; i < sortedActual.size(); i++) {
            assertSameRow(sortedActual.get(i), sortedExpected.get(i));
        }
    }

    /** Numbers compare as exact decimals (scale aside: 45000 equals 45000.00), everything else as text. */
    private static void assertSameRow(Map<String, Object> actual, Map<String, Object> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((column, value) -> {
            Object got = actual.get(column);
            if (value instanceof BigDecimal number) {
                assertThat(got).as(column + " of " + expected).isNotNull();
                assertThat(decimal(got)).as(column + " of " + expected).isEqualByComparingTo(number);
            } else {
                assertThat(got == null ? null : got.toString()).as(column + " of " + expected).isEqualTo(value == null ? null : value.toString());
            }
        });
    }

    private static BigDecimal decimal(Object value) {
        return value == null ? null : new BigDecimal(value.toString());
    }

    private static long number(Object value) {
        return decimal(value).longValueExact();
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal sumOrNull(List<BigDecimal> values) {
        return values.isEmpty() ? null : sum(values);
    }

    private static BigDecimal median(List<BigDecimal> sorted, int scale) {
        int n = sorted.size();
        BigDecimal middle = n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2));
        return middle.setScale(scale, RoundingMode.HALF_UP);
    }
}
