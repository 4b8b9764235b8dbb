package com.kaa.reports.definition.schedules;

import com.kaa.reports.platform.http.PublicLinks;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** The schedules of one report. */
@Path("/reports/{reportId}/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Schedules")
public class ReportSchedulesResource {

    private final ScheduleService service;

    public ReportSchedulesResource(ScheduleService service) {
        this.service = service;
    }

    @POST
    @WithTransaction
    @Operation(operationId = "createSchedule", summary = "Schedule a report", description = "nextRunAt is computed in the schedule's time zone and returned in UTC.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRequests.ScheduleView.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Weekdays 08:00 Nairobi", value = """
            {"frequency":"cron","cron":"0 8 * * 1-5","timeZone":"Africa/Nairobi","exclusionCalendar":"kenya_public_holidays","recipients":[{"channel":"email","address":"finance@acme.example"},{"channel":"sms","address":"+254712345678"}],"formats":["xlsx"],"sendOnlyIfRows":true,"missedFirePolicy":"fire_once"}""")))
    public Uni<Response> create(@PathParam("reportId") UUID reportId, @Valid @NotNull ScheduleRequests.CreateSchedule request) {
        return service.create(reportId, request).map(s -> Response.created(PublicLinks.to("/schedules/" + s.id))
                .entity(service.view(s)).build());
    }

    @GET
    @WithSession
    @Operation(operationId = "listReportSchedules", summary = "Schedules of a report")
    public Uni<ScheduleRequests.SchedulePage> ofReport(@PathParam("reportId") UUID reportId,
                                                       @QueryParam("page") @DefaultValue("1") @Min(1) @Max(100000) int page,
                                                       @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
                                                       @Context UriInfo uri) {
        return service.reportReadable(reportId).chain(() -> service.list(null, reportId, page, limit, uri));
    }
}
