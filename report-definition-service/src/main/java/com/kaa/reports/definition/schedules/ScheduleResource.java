package com.kaa.reports.definition.schedules;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Schedules", description = "When reports run, in which time zone, and to whom they go")
public class ScheduleResource {

    private final ScheduleService service;

    public ScheduleResource(ScheduleService service) {
        this.service = service;
    }

    @GET
    @WithSession
    @Operation(operationId = "listSchedules", summary = "Schedules of the organization's reports the caller can see")
    public Uni<ScheduleRequests.SchedulePage> all(
            @QueryParam("status") @Pattern(regexp = "active|paused|cancelled|completed", message = "must be active, paused, cancelled or completed") String status,
            @QueryParam("reportId") UUID reportId,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(100000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
            @Context UriInfo uri) {
        return service.list(status, reportId, page, limit, uri);
    }

    @GET
    @Path("{id}")
    @WithSession
    @Operation(operationId = "getSchedule", summary = "Get a schedule")
    public Uni<ScheduleRequests.ScheduleView> get(@PathParam("id") UUID id) {
        return service.readable(id).map(service::view);
    }

    @PUT
    @Path("{id}")
    @WithTransaction
    @Operation(operationId = "updateSchedule", summary = "Change a schedule", description = "Replaces its timing and delivery; nextRunAt is recomputed. Send the version you read.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Monthly on the last day", value = """
            {"version":2,"schedule":{"frequency":"monthly","time":"18:00","dayOfMonth":-1,"timeZone":"Europe/London","recipients":[{"channel":"webhook","address":"https://hooks.acme.example/reports"}]}}""")))
    public Uni<ScheduleRequests.ScheduleView> update(@PathParam("id") UUID id, @Valid @NotNull ScheduleRequests.UpdateSchedule request) {
        return service.update(id, request).map(service::view);
    }

    @POST
    @Path("{id}/pause")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    @Operation(operationId = "pauseSchedule", summary = "Pause a schedule")
    public Uni<ScheduleRequests.ScheduleView> pause(@PathParam("id") UUID id) {
        return service.pause(id).map(service::view);
    }

    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    @Operation(operationId = "resumeSchedule", summary = "Resume a paused schedule", description = "The next run is the first slot after now; missed slots are not replayed.")
    public Uni<ScheduleRequests.ScheduleView> resume(@PathParam("id") UUID id) {
        return service.resume(id).map(service::view);
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    @Operation(operationId = "cancelSchedule", summary = "Cancel a schedule for good")
    public Uni<ScheduleRequests.ScheduleView> cancel(@PathParam("id") UUID id) {
        return service.cancel(id).map(service::view);
    }

    @GET
    @Path("{id}/upcoming")
    @WithSession
    @Operation(operationId = "listUpcomingScheduleRuns", summary = "The next runs of a schedule, in UTC and its local time",
            description = "What the dispatcher will fire from now: excluded dates and the exclusion calendar skipped, the local "
                    + "time kept across DST changes. Check a cron or a DST week before it fires.")
    public Uni<ScheduleRequests.Upcoming> upcoming(@PathParam("id") UUID id,
                                                   @QueryParam("count") @DefaultValue("10") @Min(1) @Max(100) int count) {
        return service.upcoming(id, count);
    }

    @POST
    @Path("preview")
    @WithSession
    @Operation(operationId = "previewSchedule", summary = "The next runs of a schedule not saved yet",
            description = "The body of a schedule as it would be created or updated, validated the same way (400 names the "
                    + "field); answers the runs it would fire, in UTC and its local time, without saving anything. With "
                    + "reportId, also what it asks of that report: parameter values, message templates, alert.")
    public Uni<ScheduleRequests.Upcoming> preview(@Valid @NotNull ScheduleRequests.CreateSchedule request,
                                                  @QueryParam("count") @DefaultValue("10") @Min(1) @Max(100) int count,
                                                  @Parameter(description = "The report the schedule is for: its parameters, "
                                                          + "templates and alert are checked as a create checks them")
                                                  @QueryParam("reportId") java.util.UUID reportId) {
        return service.preview(request, count, reportId);
    }

    @POST
    @Path("{id}/next-run")
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    @Operation(operationId = "recomputeScheduleNextRun", summary = "Recompute nextRunAt from now")
    public Uni<ScheduleRequests.ScheduleView> recompute(@PathParam("id") UUID id) {
        return service.recompute(id).map(service::view);
    }
}
