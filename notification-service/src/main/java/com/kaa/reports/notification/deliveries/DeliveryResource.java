package com.kaa.reports.notification.deliveries;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.kaa.reports.platform.http.PageLinks;
import com.kaa.reports.platform.paging.Conditions;
import com.kaa.reports.platform.paging.SqlPage;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Path("/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deliveries", description = "What happened to every e-mail, SMS and webhook")
public class DeliveryResource {

    /** A delivery without its payload (the rendered content is not part of the log). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(UUID id, String kind, String channel, String address, UUID executionId, UUID reportId,
                               String subject, String status, int attempts, OffsetDateTime nextAttemptAt, String lastError,
                               String providerResponse, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                               OffsetDateTime sentAt, List<Attempt> attemptLog) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, OffsetDateTime startedAt, OffsetDateTime finishedAt, String outcome, String error,
                          Integer providerStatus, String providerResponse) {
    }

    public record DeliveryPage(List<DeliveryView> items, long total, int page, int limit, boolean hasMore, PageLinks links) {
    }

    private final Pool pool;
    private final TenantContext tenant;

    public DeliveryResource(Pool pool, TenantContext tenant) {
        this.pool = pool;
        this.tenant = tenant;
    }

    @GET
    @Operation(operationId = "listDeliveries", summary = "The delivery log", description = "Newest first; filters combine with and; dates are creation days (UTC, inclusive).")
    public Uni<DeliveryPage> list(
            @QueryParam("reportId") UUID report,
            @QueryParam("executionId") UUID execution,
            @QueryParam("channel") @Pattern(regexp = "email|sms|webhook|slack|teams", message = "must be email, sms, webhook, slack or teams") String channel,
            @QueryParam("status") @Pattern(regexp = "pending|sending|sent|failed", message = "must be pending, sending, sent or failed") String status,
            @QueryParam("from") LocalDate from,
            @QueryParam("to") LocalDate to,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
            @Context UriInfo uri) {
        Conditions where = new Conditions().always("organization = ?", tenant.organization())
                .and("report_id = ?", report)
                .and("execution_id = ?", execution)
                .and("channel = ?", channel)
                .and("status = ?", status)
                .and("created_at >= ?", from == null ? null : from.atStartOfDay().atOffset(ZoneOffset.UTC))
                .and("created_at < ?", to == null ? null : to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        return SqlPage.fetch(pool, "select " + Delivery.COLUMNS + " from delivery" + where.sql()
                                + " order by created_at desc, id desc limit " + (limit + 1) + " offset " + (page - 1) * limit, where.tuple(),
                        "select count(*) from delivery" + where.sql(), where.tuple(), limit, r -> view(Delivery.read(r), null))
                .map(p -> new DeliveryPage(p.items(), p.total(), page, limit, p.hasMore(), PageLinks.of(uri, page, p.hasMore())));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getDelivery", summary = "One delivery with every attempt and what the provider answered")
    public Uni<DeliveryView> get(@PathParam("id") UUID id) {
        return find(id).chain(d -> pool.preparedQuery("""
                        select attempt, started_at, finished_at, outcome, error, provider_status, provider_response
                          from delivery_attempt where delivery_id = $1 order by attempt, id""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<Attempt> attempts = new ArrayList<>();
                    for (Row r : rows) {
                        attempts.add(new Attempt(r.getInteger("attempt"), r.getOffsetDateTime("started_at"),
                                r.getOffsetDateTime("finished_at"), r.getString("outcome"), r.getString("error"),
                                r.getInteger("provider_status"), r.getString("provider_response")));
                    }
                    return view(d, attempts);
                }));
    }

    @POST
    @Path("/{id}/retry")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "retryDelivery", summary = "Send a failed delivery again", description = "It is queued at once with a fresh set of attempts.")
    @APIResponse(responseCode = "202", description = "Queued", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "409", description = "Not failed (pending, sending or sent)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> retry(@PathParam("id") UUID id) {
        return pool.preparedQuery("""
                        update delivery set status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
                         where organization = $1 and id = $2 and status = 'failed' returning\s""" + Delivery.COLUMNS)
                .execute(Tuple.of(tenant.organization(), id))
                .chain(rows -> rows.size() == 1 ? Uni.createFrom().item(Response.accepted(view(Delivery.read(rows.iterator().next()), null)).build())
                        : find(id).map(d -> {
                            throw ProblemException.conflict("delivery " + id + " is " + d.status() + "; only failed deliveries can be retried");
                        }));
    }

    private Uni<Delivery> find(UUID id) {
        return pool.preparedQuery("select " + Delivery.COLUMNS + " from delivery where organization = $1 and id = $2")
                .execute(Tuple.of(tenant.organization(), id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("delivery", id);
                    }
                    return Delivery.read(rows.iterator().next());
                });
    }

    private static DeliveryView view(Delivery d, List<Attempt> attempts) {
        return new DeliveryView(d.id(), d.kind(), d.channel(), d.address(), d.executionId(), d.reportId(), d.subject(), d.status(),
                d.attempts(), d.status().equals("pending") ? d.nextAttemptAt() : null, d.lastError(), d.providerResponse(),
                d.createdAt(), d.updatedAt(), d.sentAt(), attempts);
    }
}
