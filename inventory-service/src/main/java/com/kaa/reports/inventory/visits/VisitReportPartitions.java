package com.kaa.reports.inventory.visits;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps visit_report's monthly partitions: the next months are created ahead by a daily job (and at
 * start), a month a write needs is created before the write (a report backfilled for an old month does
 * not pile into the default partition), and with a retention window old months are detached.
 * Creation runs ensure_visit_report_partition (V1__inventory.sql), which is idempotent and serialised
 * across replicas.
 */
@ApplicationScoped
public class VisitReportPartitions {

    private static final Logger LOG = Logger.getLogger(VisitReportPartitions.class);

    private final Pool pool;
    private final PartitionConfig config;
    private final Set<YearMonth> existing = ConcurrentHashMap.newKeySet();
    private Clock clock = Clock.systemUTC();

    public VisitReportPartitions(Pool pool, PartitionConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        maintain().await().indefinitely();
    }

    @Scheduled(cron = "${kaa.partitions.maintenance-cron:0 17 2 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledMaintenance() {
        return maintain().onFailure().invoke(e -> LOG.error("visit_report partition maintenance failed", e));
    }

    /** Creates this month and the next ones, then detaches those past the retention window, if any. */
    public Uni<Void> maintain() {
        YearMonth current = YearMonth.now(clock);
        List<YearMonth> ahead = new ArrayList<>();
        for (int i = 0; i <= config.monthsAhead(); i++) {
            ahead.add(current.plusMonths(i));
        }
        return Multi.createFrom().iterable(ahead).onItem().transformToUniAndConcatenate(this::ensure).collect().last()
                .chain(this::detachExpired);
    }

    /** Makes sure the partition of this date's month exists; cheap when it is already known. */
    public Uni<Void> ensure(LocalDate date) {
        return ensure(YearMonth.from(date));
    }

    private Uni<Void> ensure(YearMonth month) {
        if (existing.contains(month)) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("select ensure_visit_report_partition($1)").execute(Tuple.of(month.atDay(1)))
                .invoke(rows -> {
                    if (rows.iterator().next().getBoolean(0)) {
                        LOG.infof("created partition visit_report_%d_%02d", month.getYear(), month.getMonthValue());
                    }
                    existing.add(month);
                })
                .replaceWithVoid();
    }

    /** Partitions as Postgres has them: name and the first day of their month. */
    public Uni<List<String>> partitions() {
        return pool.query("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                         where i.inhparent = 'visit_report'::regclass order by c.relname""").execute()
                .map(rows -> {
                    List<String> names = new ArrayList<>();
                    for (Row r : rows) {
                        names.add(r.getString(0));
                    }
                    return names;
                });
    }

    private Uni<Void> detachExpired() {
        if (config.retentionMonths().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return detachBefore(YearMonth.now(clock).minusMonths(config.retentionMonths().get()));
    }

    /** Detaches every month partition older than oldestKept. */
    Uni<Void> detachBefore(YearMonth oldestKept) {
        return partitions().chain(names -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String name : names) {
                YearMonth month = monthOf(name);
                if (month != null && month.isBefore(oldestKept)) {
                    // a plain table stays: archive it (pg_dump) and drop it when done; queries no longer see it
                    // (not CONCURRENTLY: Postgres refuses it while a default partition exists)
                    chain = chain.chain(() -> pool.query("alter table visit_report detach partition " + name).execute()
                            .invoke(() -> {
                                existing.remove(month);
                                LOG.infof("detached partition %s (before %s)", name, oldestKept);
                            })
                            .replaceWithVoid());
                }
            }
            return chain;
        });
    }

    /** visit_report_2026_03 → 2026-03; the default partition and anything else → null. Names come from pg_class. */
    static YearMonth monthOf(String partition) {
        if (!partition.matches("visit_report_\\d{4}_\\d{2}")) {
            return null;
        }
        return YearMonth.of(Integer.parseInt(partition.substring(13, 17)), Integer.parseInt(partition.substring(18, 20)));
    }

    /** Tests move time to prove what the job does in other months. */
    void useClock(Clock clock) {
        this.clock = clock;
        existing.clear();
    }
}
