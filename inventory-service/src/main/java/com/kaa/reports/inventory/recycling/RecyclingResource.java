package com.kaa.reports.inventory.recycling;

import com.kaa.reports.inventory.cache.CachedJson;
import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

@Path("/recycling")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Recycling", description = "Devices taken away for recycling")
public class RecyclingResource {

    private final RecyclingService service;
    private final RecyclingStages stages;
    private final TenantContext tenant;

    public RecyclingResource(RecyclingService service, RecyclingStages stages, TenantContext tenant) {
        this.service = service;
        this.stages = stages;
        this.tenant = tenant;
    }

    @POST
    @Operation(operationId = "createRecycling", summary = "Request a pickup, or record a recycling done",
            description = "Without recycledOn a pickup is requested (scheduled when pickupDate is given); with it the device was collected "
                    + "already and its status becomes recycled (certified too with a certificateNumber). A device has one recycling record (409).")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecyclingRequests.Recycling.class)))
    @APIResponse(responseCode = "409", description = "The device already has a recycling record", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> record(@Valid @NotNull RecyclingRequests.RecordRecycling request) {
        return service.record(tenant.organization(), request)
                .map(r -> Response.created(PublicLinks.to("/recycling/" + r.id())).entity(r).build());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getRecycling", summary = "Get a recycling record")
    public Uni<RecyclingRequests.Recycling> get(@PathParam("id") UUID id) {
        return service.get(tenant.organization(), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "updateRecycling", summary = "Correct a recycling record", description = "Send the version you read; a stale version is a 409.")
    @APIResponse(responseCode = "200", description = "The record as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecyclingRequests.Recycling.class)))
    @APIResponse(responseCode = "409", description = "Stale version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RecyclingRequests.Recycling> change(@PathParam("id") UUID id, @Valid @NotNull RecyclingRequests.ChangeRecycling request) {
        return service.change(tenant.organization(), id, request);
    }

    @POST
    @Path("/{id}/schedule")
    @Operation(operationId = "scheduleRecycling", summary = "Schedule (or reschedule) a pickup", description = "From requested or scheduled; 409 from a later stage.")
    @APIResponse(responseCode = "200", description = "The record as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecyclingRequests.Recycling.class)))
    @APIResponse(responseCode = "409", description = "Stale version, or the record is past this stage", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RecyclingRequests.Recycling> schedule(@PathParam("id") UUID id, @Valid @NotNull RecyclingRequests.ScheduleRecycling request) {
        return stages.schedule(tenant.organization(), id, request);
    }

    @POST
    @Path("/{id}/collect")
    @Operation(operationId = "collectRecycling", summary = "Record the collection: the device becomes recycled", description = "From requested or scheduled; 409 from a later stage.")
    @APIResponse(responseCode = "200", description = "The record as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecyclingRequests.Recycling.class)))
    @APIResponse(responseCode = "409", description = "Stale version, or the record is past this stage", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RecyclingRequests.Recycling> collect(@PathParam("id") UUID id, @Valid @NotNull RecyclingRequests.CollectRecycling request) {
        return stages.collect(tenant.organization(), id, request);
    }

    @POST
    @Path("/{id}/certify")
    @Operation(operationId = "certifyRecycling", summary = "Record the recycler's certificate", description = "Only from collected; 409 otherwise.")
    @APIResponse(responseCode = "200", description = "The record as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecyclingRequests.Recycling.class)))
    @APIResponse(responseCode = "409", description = "Stale version, or the record is not collected", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RecyclingRequests.Recycling> certify(@PathParam("id") UUID id, @Valid @NotNull RecyclingRequests.CertifyRecycling request) {
        return stages.certify(tenant.organization(), id, request);
    }

    @GET
    @Path("/pickups-due")
    @Operation(operationId = "listRecyclingPickupsDue", summary = "Scheduled pickups due within some days",
            description = "Scheduled records whose pickup date is on or before today plus days (default 7: this week), overdue ones first.")
    public Uni<RecyclingRequests.RecyclingPage> pickupsDue(
            @QueryParam("days") @DefaultValue("7") @Min(0) @Max(366) int days,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return service.pickupsDue(tenant.organization(), LocalDate.now().plusDays(days), page, limit);
    }

    @DELETE
    // a client that knows only the problems it may get asks for those (the 204 has no body)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{id}")
    @Operation(operationId = "deleteRecycling", summary = "Delete a recycling record entered by mistake")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenant.organization(), id).replaceWith(Response.noContent().build());
    }

    @GET
    @Operation(operationId = "listRecycling", summary = "List recycling records",
            description = "Newest collection first, records not collected yet before them; from and to filter by collection day.")
    public Uni<RecyclingRequests.RecyclingPage> list(
            @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
            @QueryParam("method") @Size(max = 100) String method,
            @QueryParam("status") @Pattern(regexp = RecyclingRequests.STATUSES, message = "must be requested, scheduled, collected or certified") String status,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return service.list(tenant.organization(), from, to, method, status, page, limit);
    }

    @GET
    @Path("/summary")
    @Operation(operationId = "summarizeRecycling", summary = "Devices and kilograms recycled per month and method", description = "Default: the last 12 months. At most 10 years.")
    @APIResponseSchema(value = RecyclingRequests.RecyclingSummary.class, responseCode = "200", responseDescription = "OK")
    public Uni<CachedJson> summary(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        LocalDate end = to == null ? LocalDate.now() : to;
        LocalDate start = from == null ? end.minusMonths(12).withDayOfMonth(1) : from;
        if (start.isAfter(end)) {
            throw ProblemException.invalidField("from", "must not be after to");
        }
        if (ChronoUnit.YEARS.between(start, end) >= 10) {
            throw ProblemException.invalidField("from", "the range must be shorter than 10 years");
        }
        return service.summary(tenant.organization(), start, end);
    }
}
