package com.kaa.reports.execution.storage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes files whose outputs passed their expiry and marks the outputs expired (their download links stop
 * working); keeps the storage gauges ({@code kaa.storage.bytes}, {@code kaa.storage.files}) current.
 */
// created at start-up, not on the first sweep: the storage gauges exist from the first scrape
@Startup
@ApplicationScoped
public class OutputRetention {

    private static final Logger LOG = Logger.getLogger(OutputRetention.class);
    private static final String DUE = "select storage_key from execution_output where not expired and expires_at < now() "
            + "order by expires_at limit 500 for update skip locked";
    private static final String MARK = "update execution_output set expired = true where storage_key = any(cast(?1 as text[]))";

    private final FileStorage storage;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong files = new AtomicLong();

    public OutputRetention(FileStorage storage, MeterRegistry registry) {
        this.storage = storage;
        Gauge.builder("kaa.storage.bytes", bytes, AtomicLong::get).description("bytes of stored output files").register(registry);
        Gauge.builder("kaa.storage.files", files, AtomicLong::get).description("stored output files").register(registry);
    }

    @Scheduled(every = "${kaa.storage.retention-every:15m}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() throws Throwable {
        int deleted = expireDue();
        if (deleted > 0) {
            LOG.infof("deleted %d expired output files", deleted);
        }
        FileStorage.Usage usage = storage.usage();
        bytes.set(usage.bytes());
        files.set(usage.files());
    }

    /** Deletes the files of outputs past expiry (in batches) and returns how many. */
    public int expireDue() throws Throwable {
        int total = 0;
        while (true) {
            int n = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .flatMap(s -> s.createNativeQuery(DUE, String.class).getResultList().flatMap(keys -> {
                        for (String key : keys) {
                            delete(key);
                        }
                        return keys.isEmpty() ? io.smallrye.mutiny.Uni.createFrom().item(0)
                                : s.createNativeQuery(MARK).setParameter(1, keys.toArray(String[]::new)).executeUpdate();
                    }))));
            total += n;
            if (n < 500) {
                return total;
            }
        }
    }

    private void delete(String key) {
        try {
            storage.delete(key);
        } catch (java.io.IOException e) {
            LOG.warnf("cannot delete %s: %s", key, e.getMessage());
        }
    }

}
