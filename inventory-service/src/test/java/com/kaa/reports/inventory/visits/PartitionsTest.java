package com.kaa.reports.inventory.visits;

import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class PartitionsTest {

    @Inject
    VisitReportPartitions partitions;

    @Inject
    Pool pool;

    @AfterEach
    void realTime() {
        partitions.useClock(Clock.systemUTC());
    }

    String partitionOf(String id) {
        return pool.preparedQuery("select tableoid::regclass::text from visit_report where id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely().iterator().next().getString(0);
    }

    @Test
    void startCreatesThisMonthAndTheNextThree() {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        List<String> names = partitions.partitions().await().indefinitely();
        for (int i = 0; i <= 3; i++) {
            YearMonth month = now.plusMonths(i);
            assertThat(names).contains("visit_report_%d_%02d".formatted(month.getYear(), month.getMonthValue()));
        }
        assertThat(names).contains("visit_report_default");
    }

    @Test
    void theMaintenanceJobKeepsMonthsAheadOfItsClock() {
        partitions.useClock(Clock.fixed(LocalDate.of(2041, 11, 15).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
        partitions.maintain().await().indefinitely();
        assertThat(partitions.partitions().await().indefinitely())
                .contains("visit_report_2041_11", "visit_report_2041_12", "visit_report_2042_01", "visit_report_2042_02")
                .doesNotContain("visit_report_2042_03");
    }

    @Test
    void aVisitInAMonthWithoutPartitionGetsItsPartitionBeforeTheInsert() {
        Fixtures f = new Fixtures();
        String id = f.visitReport(LocalDate.of(2031, 7, 14), "Far future visit");
        assertThat(partitionOf(id)).isEqualTo("visit_report_2031_07");
        // moving the visit to another month moves the row to that month's partition
        given().headers(f.who).contentType("application/json").body("{\"version\":0,\"visitDate\":\"2019-02-03\"}")
                .patch("/visit-reports/" + id).then().statusCode(200);
        assertThat(partitionOf(id)).isEqualTo("visit_report_2019_02");
    }

    @Test
    void rowsThatLandedInTheDefaultPartitionMoveWhenTheirMonthIsCreated() {
        Fixtures f = new Fixtures();
        UUID id = UUID.randomUUID();
        pool.preparedQuery("""
                        insert into visit_report (id, organization, report_number, office_id, status, priority, visit_date, purpose, created_by)
                        values ($1, $2, 'VR-LEGACY-1', $3, 'completed', 'normal', '2033-05-20', 'Imported from the old system', 'import')""")
                .execute(Tuple.of(id, f.organization, UUID.fromString(f.office))).await().indefinitely();
        assertThat(partitionOf(id.toString())).isEqualTo("visit_report_default");

        partitions.ensure(LocalDate.of(2033, 5, 1)).await().indefinitely();

        assertThat(partitionOf(id.toString())).isEqualTo("visit_report_2033_05");
        given().headers(f.who).get("/visit-reports/" + id).then().statusCode(200);
    }

    @Test
    void aDateRangeListReadsOnlyTheMonthsItCovers() {
        Fixtures f = new Fixtures();
        f.visitReport(LocalDate.of(2030, 4, 10), "Pruning");
        partitions.ensure(LocalDate.of(2030, 5, 1)).await().indefinitely();
        VisitReportQuery query = new VisitReportQuery(f.organization, null, null, null, null, null, null, null, LocalDate.of(2030, 4, 1),
                LocalDate.of(2030, 4, 30), null, null, null, "visitDate", "desc");
        var where = query.conditions();
        String plan = explain(query.selectSql(where, null, 20, 0), where.tuple());
        assertThat(plan).contains("visit_report_2030_04").doesNotContain("visit_report_2030_05")
                .doesNotContain("visit_report_default");
    }

    @Test
    void oldMonthsCanBeDetachedForArchival() {
        partitions.ensure(LocalDate.of(2001, 1, 1)).await().indefinitely();
        partitions.detachBefore(YearMonth.of(2001, 2)).await().indefinitely();
        assertThat(partitions.partitions().await().indefinitely()).doesNotContain("visit_report_2001_01");
        // the data stays, as a plain table for the operator to archive
        assertThat(pool.query("select to_regclass('visit_report_2001_01') is not null").execute().await().indefinitely()
                .iterator().next().getBoolean(0)).isTrue();
    }

    String explain(String sql, Tuple params) {
        List<String> lines = new ArrayList<>();
        for (Row r : pool.preparedQuery("explain " + sql).execute(params).await().indefinitely()) {
            lines.add(r.getString(0));
        }
        return String.join("\n", lines);
    }
}
