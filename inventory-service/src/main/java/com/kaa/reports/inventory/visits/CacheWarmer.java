package com.kaa.reports.inventory.visits;

import com.kaa.reports.inventory.cache.CacheConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * At start, loads the first visit-report page (the default list every user opens) of the most recently
 * active organizations into the cache, in the background: a new replica's first users do not all miss.
 */
@ApplicationScoped
public class CacheWarmer {

    private static final Logger LOG = Logger.getLogger(CacheWarmer.class);

    private final Pool pool;
    private final VisitReportService visitReports;
    private final CacheConfig config;

    public CacheWarmer(Pool pool, VisitReportService visitReports, CacheConfig config) {
        this.pool = pool;
        this.visitReports = visitReports;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled() || config.warmOrganizations() <= 0) {
            return;
        }
        // visits of the last month: the date range prunes to the newest partitions
        pool.preparedQuery("""
                        select organization from (select organization, max(updated_at) as last from visit_report
                         where visit_date >= current_date - 31 and deleted_at is null group by organization) recent
                         order by last desc limit $1""")
                .execute(Tuple.of(config.warmOrganizations()))
                .map(rows -> {
                    List<String> organizations = new ArrayList<>();
                    rows.forEach(r -> organizations.add(r.getString(0)));
                    return organizations;
                })
                .onItem().transformToMulti(organizations -> Multi.createFrom().iterable(organizations))
                .onItem().transformToUniAndConcatenate(organization -> visitReports.list(new VisitReportQuery(organization,
                        null, null, null, null, null, null, null, null, null, null, null, null, "visitDate", "desc"), null, 1, 20))
                .collect().with(java.util.stream.Collectors.counting())
                .subscribe().with(n -> LOG.infof("cache warmed with the first visit-report page of %d organizations", n),
                        e -> LOG.warnf("cache warming failed (the cache fills on demand): %s", e.getMessage()));
    }
}
