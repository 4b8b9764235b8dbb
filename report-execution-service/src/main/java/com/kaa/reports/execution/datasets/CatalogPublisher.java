package com.kaa.reports.execution.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.queryspec.DatasetDeclaration;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Declares every dataset on the compacted topic reports.datasets.v1 (through the outbox) when its
 * declaration is new or changed, so the definition service validates query specs against the same catalog
 * without calling this service. Unchanged declarations are not re-sent at each start.
 */
@ApplicationScoped
public class CatalogPublisher {

    private static final Logger LOG = Logger.getLogger(CatalogPublisher.class);
    private static final String CURRENT = "select cast(declaration as text) from dataset_declaration where name = ?1";
    private static final String SAVE = "insert into dataset_declaration (name, declaration) values (?1, cast(cast(?2 as text) as jsonb)) "
            + "on conflict (name) do update set declaration = excluded.declaration, declared_at = now()";

    private final Datasets datasets;
    private final Outbox outbox;
    private final ObjectMapper mapper;

    public CatalogPublisher(Datasets datasets, Outbox outbox, ObjectMapper mapper) {
        this.datasets = datasets;
        this.outbox = outbox;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent start) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::declareChanged));
    }

    /** Publishes the declarations that differ from the last published ones; returns their names. */
    public Uni<List<String>> declareChanged() {
        return Multi.createFrom().iterable(datasets.all())
                .onItem().transformToUniAndConcatenate(this::declareIfChanged)
                .filter(name -> !name.isEmpty())
                .collect().asList()
                .invoke(names -> LOG.infof("dataset catalog: %d datasets, declared %s", datasets.all().size(), names));
    }

    private Uni<String> declareIfChanged(Dataset dataset) {
        DatasetDeclaration declaration = dataset.declaration();
        JsonNode json = mapper.valueToTree(declaration);
        return Panache.getSession().flatMap(session -> session.createNativeQuery(CURRENT, String.class)
                .setParameter(1, dataset.name()).getResultList()
                .flatMap(current -> {
                    if (!current.isEmpty() && json.equals(read(current.get(0)))) {
                        return Uni.createFrom().item("");
                    }
                    return session.createNativeQuery(SAVE).setParameter(1, dataset.name()).setParameter(2, json.toString())
                            .executeUpdate()
                            .chain(() -> outbox.publish(Topics.DATASETS, dataset.name(), DatasetDeclaration.EVENT_TYPE, null, declaration))
                            .replaceWith(dataset.name());
                }));
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
