package com.kaa.reports.inventory.labels;

import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The labels of one device, or of a selection (named devices, or all of a visit report's) as sheets. */
@ApplicationScoped
public class HardwareLabels {

    /** Ten sheets of 21: more is a print job for the reports, not a request. */
    public static final int MAX_LABELS = 210;

    private static final String SELECT = "select id, asset_tag, device_name, manufacturer, model, serial_number from hardware"
            + " where organization = $1 and deleted_at is null";

    private final Pool pool;

    public HardwareLabels(Pool pool) {
        this.pool = pool;
    }

    public Uni<byte[]> single(String organization, UUID id) {
        return pool.preparedQuery(SELECT + " and id = $2").execute(Tuple.of(organization, id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("device", id);
                    }
                    return label(rows.iterator().next());
                })
                // drawing is CPU work: off the event loop
                .emitOn(Infrastructure.getDefaultWorkerPool()).map(LabelPdf::single);
    }

    /** Which devices to print: ids (in that order) or a visit report's. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "LabelSelection")
    public record Selection(@Size(max = MAX_LABELS, message = "at most " + MAX_LABELS + " devices per request") List<@NotNull UUID> ids,
                            UUID visitReportId) {
    }

    /** In the order given for ids, by asset tag for a visit report's devices. */
    public Uni<byte[]> sheets(String organization, Selection selection) {
        List<UUID> ids = selection.ids() == null ? List.of() : selection.ids();
        UUID visitReport = selection.visitReportId();
        if (ids.isEmpty() == (visitReport == null)) {
            throw ProblemException.invalidField("ids", "give device ids or a visitReportId, not both");
        }
        Uni<List<LabelPdf.Label>> labels = visitReport != null
                ? pool.preparedQuery(SELECT + " and visit_report_id = $2 order by asset_tag nulls last, serial_number, id limit "
                        + (MAX_LABELS + 1)).execute(Tuple.of(organization, visitReport)).map(rows -> {
                    List<LabelPdf.Label> all = new ArrayList<>();
                    rows.forEach(r -> all.add(label(r)));
                    if (all.isEmpty()) {
                        throw ProblemException.invalidField("visitReportId", "no devices of visit report " + visitReport + " in your organization");
                    }
                    if (all.size() > MAX_LABELS) {
                        throw ProblemException.invalidField("visitReportId", "has more than " + MAX_LABELS + " devices: select them by id");
                    }
                    return all;
                })
                : pool.preparedQuery(SELECT + " and id = any($2::uuid[])").execute(Tuple.of(organization, ids.toArray(UUID[]::new)))
                .map(rows -> {
                    java.util.Map<UUID, LabelPdf.Label> found = new java.util.HashMap<>();
                    rows.forEach(r -> found.put(r.getUUID("id"), label(r)));
                    List<LabelPdf.Label> ordered = new ArrayList<>();
                    Set<UUID> seen = new HashSet<>();
                    for (UUID id : ids) {
                        if (!found.containsKey(id)) {
                            throw ProblemException.invalidField("ids", "no device " + id + " in your organization");
                        }
                        if (seen.add(id)) {
                            ordered.add(found.get(id));
                        }
                    }
                    return ordered;
                });
        return labels.emitOn(Infrastructure.getDefaultWorkerPool()).map(LabelPdf::sheets);
    }

    private static LabelPdf.Label label(Row r) {
        String name = r.getString("device_name");
        if (name == null) {
            name = String.join(" ", java.util.stream.Stream.of(r.getString("manufacturer"), r.getString("model"))
                    .filter(java.util.Objects::nonNull).toList());
        }
        return new LabelPdf.Label(r.getString("asset_tag"), name, r.getString("serial_number"),
                PublicLinks.to("/hardware/" + r.getUUID("id")).toString());
    }
}
