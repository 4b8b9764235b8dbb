package com.kaa.reports.definition.catalog;

import com.kaa.reports.definition.JsonColumns;
import com.kaa.reports.platform.inbox.Inbox;
import com.kaa.reports.platform.inbox.PermanentEventFailure;
import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.queryspec.DatasetDeclaration;
import com.kaa.reports.platform.queryspec.QuerySpec;
import com.kaa.reports.platform.queryspec.QuerySpecValidator;
import com.kaa.reports.platform.queryspec.ReportParameter;
import com.kaa.reports.platform.queryspec.ReportParameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The dataset catalog as the execution service declares it (compacted topic reports.datasets.v1, read
 * from the beginning by channel datasets-in): query specs are validated against it here, without calling that service.
 */
@ApplicationScoped
public class DatasetCatalog {

    private final Inbox inbox;
    private final EventCodec codec;
    private final JsonColumns json;

    public DatasetCatalog(Inbox inbox, EventCodec codec, JsonColumns json) {
        this.inbox = inbox;
        this.codec = codec;
        this.json = json;
    }

    @Incoming("datasets-in")
    public Uni<Void> onDeclaration(ConsumerRecord<String, String> record) {
        return inbox.consume("dataset-catalog", record, event -> {
            if (!DatasetDeclaration.EVENT_TYPE.equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            DatasetDeclaration declaration = codec.data(event, DatasetDeclaration.class);
            if (declaration.name() == null || !declaration.name().matches("[a-z][a-z0-9_]{0,62}")) {
                throw new PermanentEventFailure("dataset name must match [a-z][a-z0-9_]{0,62}");
            }
            return DatasetEntry.<DatasetEntry>findById(declaration.name()).flatMap(existing -> {
                DatasetEntry entry = existing != null ? existing : new DatasetEntry();
                entry.name = declaration.name();
                entry.declaration = codec.tree(declaration).toString();
                entry.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                return existing != null ? Uni.createFrom().voidItem() : entry.persist().replaceWithVoid();
            });
        });
    }

    /** The dataset's declaration; 400 naming {@code field} when the catalog has no such dataset. */
    public Uni<DatasetDeclaration> require(String dataset, String field) {
        return DatasetEntry.<DatasetEntry>findById(dataset).map(entry -> {
            if (entry == null) {
                throw ProblemException.invalidField(field, "unknown dataset '" + abbreviate(dataset) + "'");
            }
            return read(entry);
        });
    }

    /**
     * Validates a query spec against its dataset, with the report's parameters (which its filters may name); a 400
     * problem listing every invalid field.
     */
    public Uni<Void> validate(String dataset, QuerySpec spec, List<ReportParameter> parameters) {
        return require(dataset, "type").invoke(declaration -> {
            List<Problem.FieldError> errors = new ArrayList<>(QuerySpecValidator.validate(spec, declaration, "querySpec", parameters));
            errors.addAll(ReportParameters.validate(parameters, spec, declaration, "parameters"));
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
        }).replaceWithVoid();
    }

    private DatasetDeclaration read(DatasetEntry entry) {
        return json.read(entry.declaration, DatasetDeclaration.class);
    }

    private static String abbreviate(String text) {
        return text == null ? "(missing)" : text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
