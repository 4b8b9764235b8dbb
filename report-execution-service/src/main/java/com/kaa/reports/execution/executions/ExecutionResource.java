package com.kaa.reports.execution.executions;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.kaa.reports.execution.downloads.DownloadsConfig;
import com.kaa.reports.execution.downloads.UrlSigner;
import com.kaa.reports.execution.outputs.OutputFormat;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Executions of the caller's organization: follow, list, cancel, retry, queue stats, signed download links. Those of
 * another user's private report are not the caller's (404), unless the caller is an admin: as the report itself.
 */
@Tag(name = "Executions", description = "Runs of reports: the queue, progress, outputs and their download links")
@Path("/executions")
public class ExecutionResource {

    @Schema(name = "ExecutionPage")
    public record Page(List<ExecutionView> items, long total, int page, int limit) {
    }

    public record DownloadUrl(String url, OffsetDateTime expiresAt) {
    }

    private final ExecutionQueue queue;
    private final QueueStats stats;
    private final TenantContext tenant;
    private final UrlSigner signer;
    private final DownloadsConfig downloads;

    public ExecutionResource(ExecutionQueue queue, QueueStats stats, TenantContext tenant, UrlSigner signer, DownloadsConfig downloads) {
        this.queue = queue;
        this.stats = stats;
        this.tenant = tenant;
        this.signer = signer;
        this.downloads = downloads;
    }

    @GET
    @WithSession
    @Operation(operationId = "listExecutions", summary = "Executions of the organization, newest first; by report, status and queued-at range",
            description = "requestId finds the execution of one run request (the executionRequestId a run-now answered, the "
                    + "Location it pointed at): no item until the execution service has queued it, then exactly one.")
    public Uni<Page> list(@QueryParam("reportId") UUID reportId,
                          @QueryParam("requestId") UUID requestId,
                          @QueryParam("status") @Pattern(regexp = "queued|running|completed|failed|cancelled|timed_out",
                                  message = "must be queued, running, completed, failed, cancelled or timed_out") String status,
                          // typed, so the platform's converter refuses what is not a date-time or not within years 0001-9999
                          @QueryParam("from") OffsetDateTime from, @QueryParam("to") OffsetDateTime to,
                          @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
                          @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        TenantContext.Identity caller = tenant.require();
        StringBuilder where = new StringBuilder("from Execution e where e.organization = :org and " + ReportAccess.READABLE_BY_CALLER);
        Map<String, Object> params = ReportAccess.callerParameters(caller);
        if (reportId != null) {
            where.append(" and e.reportId = :report");
            params.put("report", reportId);
        }
        if (requestId != null) {
            where.append(" and e.requestId = :request");
            params.put("request", requestId);
        }
        if (status != null) {
            where.append(" and e.status = :status");
            params.put("status", status);
        }
        if (from != null) {
            where.append(" and e.queuedAt >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.append(" and e.queuedAt < :to");
            params.put("to", to);
        }
        var query = Execution.<Execution>find(where + " order by e.queuedAt desc, e.id", params);
        return query.page(page - 1, limit).list().flatMap(items -> query.count().flatMap(total -> views(items)
                .map(views -> new Page(views, total, page, limit))));
    }

    @GET
    @Path("/stats")
    @Operation(operationId = "getExecutionStats", summary = "Queue depth by status and priority, and the age of the oldest queued execution (this organization)")
    public Uni<QueueStats.Stats> stats() {
        return stats.of(tenant.require().organization());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(operationId = "getExecution", summary = "One execution with its progress, error and outputs")
    public Uni<ExecutionView> get(@PathParam("id") UUID id) {
        return queue.owned(id, tenant.require()).flatMap(this::view);
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "cancelExecution", summary = "Cancel: a queued execution never starts; a running one stops within a second and leaves no file")
    public Uni<ExecutionView> cancel(@PathParam("id") UUID id) {
        return queue.requestCancel(id, tenant.require()).flatMap(e -> Panache.withSession(() -> view(e)));
    }

    @POST
    @Path("/{id}/retry")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "retryExecution", summary = "Run a failed, timed-out or cancelled execution again, with fresh attempts")
    public Uni<ExecutionView> retry(@PathParam("id") UUID id) {
        return queue.retry(id, tenant.require()).flatMap(e -> Panache.withSession(() -> view(e)));
    }

    /** Only called for an execution of the caller's organization: {@link ExecutionEventsFilter} answers 404 otherwise. */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(operationId = "followExecution", summary = "Server-sent events: the execution each time it changes, until it ends",
            description = "A text/event-stream (not a JSON array): each event's data line is one Execution as JSON; the "
                    + "stream ends after the event in which the execution reaches a terminal status.")
    @APIResponse(responseCode = "200", description = "The stream of changes",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    // binary: a generated client hands the stream over as it is (as a string it JSON-parsed the data lines)
                    schema = @Schema(type = SchemaType.STRING, format = "binary",
                            description = "event: data: <Execution as JSON>, one per change")))
    @APIResponse(responseCode = "404",
            description = "No execution of the caller's organization has this id",
            content = @Content(mediaType = "application/problem+json"))
    public Multi<ExecutionView> events(@PathParam("id") UUID id) {
        TenantContext.Identity caller = tenant.require();
        return Multi.createBy().repeating().uni(() -> Panache.withSession(() -> queue.owned(id, caller).flatMap(this::view)))
                .withDelay(Duration.ofMillis(500))
                // the view in which the execution ends is the last one sent, then the stream completes
                .whilst(view -> !Execution.TERMINAL.contains(view.status()))
                .skip().repetitions();
    }

    @GET
    @Path("/{id}/download-url")
    @WithSession
    @Operation(operationId = "createDownloadUrl", summary = "A signed link to one output, valid for ttl (ISO-8601 duration, default PT1H, at most the configured maximum)")
    public Uni<DownloadUrl> downloadUrl(@PathParam("id") UUID id,
                                        @QueryParam("format") @jakarta.validation.constraints.NotNull
                                        @Pattern(regexp = "csv|json|xlsx|pdf", message = "must be csv, json, xlsx or pdf") String format,
                                        @QueryParam("ttl") @DefaultValue("PT1H") String ttl) {
        TenantContext.Identity caller = tenant.require();
        String organization = caller.organization();
        Duration validity = ttl(ttl);
        return queue.owned(id, caller).flatMap(e -> ExecutionOutput.<ExecutionOutput>find("executionId = ?1 and format = ?2", id, format)
                .firstResult().map(output -> {
                    if (output == null || output.expired) {
                        throw ProblemException.notFound("output " + format + " of execution", id);
                    }
                    Instant expires = Instant.now().plus(validity);
                    if (expires.isAfter(output.expiresAt.toInstant())) {
                        expires = output.expiresAt.toInstant();
                    }
                    return new DownloadUrl(signer.url(id, OutputFormat.of(format).orElseThrow().key(), organization, expires),
                            OffsetDateTime.ofInstant(expires, java.time.ZoneOffset.UTC));
                }));
    }

    private Duration ttl(String text) {
        try {
            Duration ttl = Duration.parse(text);
            if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(downloads.maxTtl()) > 0) {
                throw ProblemException.invalidField("ttl", "must be between PT1M and " + downloads.maxTtl());
            }
            return ttl;
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("ttl", "must be an ISO-8601 duration such as PT1H");
        }
    }

    private Uni<ExecutionView> view(Execution e) {
        return ExecutionOutput.<ExecutionOutput>list("executionId = ?1 order by format", e.id)
                .map(outputs -> ExecutionView.of(e, queue.formats(e), queue.parameters(e), outputs, queue.alert(e)));
    }

    private Uni<List<ExecutionView>> views(List<Execution> executions) {
        Uni<List<ExecutionView>> all = Uni.createFrom().item(new ArrayList<>());
        for (Execution e : executions) {
            all = all.flatMap(list -> view(e).map(v -> {
                list.add(v);
                return list;
            }));
        }
        return all;
    }
}
