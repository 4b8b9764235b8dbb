package com.kaa.reports.execution.executions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

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

    private static final String DEPTH = "select status, priority, count(*) from execution "
            + "where (cast(?1 as text) is null or organization = cast(?1 as text)) and status in ('queued', 'running') group by status, priority order by status, priority";
    private static final String OLDEST = "select extract(epoch from now() - min(queued_at))::bigint from execution "
            + "where (cast(?1 as text) is null or organization = cast(?1 as text)) and status = 'queued'";

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
        return Panache.withSession(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(DEPTH, Object[].class)
                .setParameter(1, organization).getResultList()
                .flatMap(rows -> s.createNativeQuery(OLDEST, Long.class).setParameter(1, organization).getSingleResultOrNull()
                        .map(age -> new Stats(rows.stream().map(r -> new Depth((String) r[0], ((Number) r[1]).intValue(),
                                ((Number) r[2]).longValue())).toList(), age)))));
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
