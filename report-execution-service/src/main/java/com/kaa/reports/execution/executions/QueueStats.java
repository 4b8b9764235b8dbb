package com.kaa.reports.execution.executions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queue depth by status and priority, and the oldest queued age: per organization for {@code GET /executions/stats},
 * for the whole queue as gauges ({@code kaa.executions.queue.depth}, {@code kaa.executions.queue.oldest.seconds},
 * the metric the execution service's autoscaler follows).
 */
@ApplicationScoped
public class QueueStats {

    @Schema(name = "QueueDepth")
    public record Depth(String status, int priority, long count) {
    }

    @Schema(name = "QueueStats")
    public record Stats(List<Depth> depth, Long oldestQueuedSeconds) {
    }

    // one query per status, each on its partial index (execution_claim, execution_lease): the table keeps every finished
    // execution, and "status in (...)" or "(?1 is null or organization = ?1)" would read all of them (a generic plan)
    private static final String DEPTH = "select 'queued', priority, count(*) from execution where status = 'queued'%1$s group by priority "
            + "union all select 'running', priority, count(*) from execution where status = 'running'%1$s group by priority order by 1, 2";
    private static final String OLDEST = "select extract(epoch from now() - min(queued_at))::bigint from execution where status = 'queued'%s";

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> depthGauges = new ConcurrentHashMap<>();
    private final AtomicLong oldest = new AtomicLong();

    public QueueStats(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("kaa.executions.queue.oldest.seconds", oldest, AtomicLong::get)
                .description("age of the oldest queued execution").register(registry);
        for (String status : List.of("queued", "running")) {
            depthGauges.put(status, new AtomicLong());
            Gauge.builder("kaa.executions.queue.depth", depthGauges.get(status), AtomicLong::get)
                    .tag("status", status).description("executions by status").register(registry);
        }
    }

    public Uni<Stats> of(String organization) {
        String scope = organization == null ? "" : " and organization = ?1";
        return Panache.withSession(() -> Panache.getSession().flatMap(s -> bind(s.createNativeQuery(DEPTH.formatted(scope), Object[].class),
                        organization).getResultList()
                .flatMap(rows -> bind(s.createNativeQuery(OLDEST.formatted(scope), Long.class), organization).getSingleResultOrNull()
                        .map(age -> new Stats(rows.stream().map(r -> new Depth((String) r[0], ((Number) r[1]).intValue(),
                                ((Number) r[2]).longValue())).toList(), age)))));
    }

    private static <T> Mutiny.SelectionQuery<T> bind(Mutiny.SelectionQuery<T> query,
                                                                                  String organization) {
        return organization == null ? query : query.setParameter(1, organization);
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshGauges() {
        return of(null).invoke(stats -> {
            depthGauges.values().forEach(g -> g.set(0));
            stats.depth().forEach(d -> depthGauges.get(d.status()).addAndGet(d.count()));
            oldest.set(stats.oldestQueuedSeconds() == null ? 0 : stats.oldestQueuedSeconds());
        }).replaceWithVoid();
    }
}
