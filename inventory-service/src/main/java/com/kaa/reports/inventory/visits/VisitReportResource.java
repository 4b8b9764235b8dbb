package com.kaa.reports.inventory.visits;

import com.kaa.reports.inventory.cache.CachedJson;
import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.problems.Problem;
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
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.util.UUID;

@Path("/visit-reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Visit reports", description = "Field visits to client offices")
public class VisitReportResource {

    private final VisitReportService service;
    private final VisitReportSender sender;
    private final TenantContext tenant;

    public VisitReportResource(VisitReportService service, VisitReportSender sender, TenantContext tenant) {
        this.service = service;
        this.sender = sender;
        this.tenant = tenant;
    }

    @POST
    @Operation(operationId = "createVisitReport", summary = "Record a visit", description = "The report number (VR-<year>-<n>) is generated per organization.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisitReportRequests.VisitReport.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Audit visit", value = """
            {"officeId":"5b0c5a4e-3c55-4c43-9a5e-3a8a1c1e0f11","technicianId":"8d0f1b7c-3f4e-4d3a-9b1e-2f5c6d7e8f90","visitDate":"2026-03-02","priority":"normal","purpose":"Quarterly hardware audit","summary":"All devices checked"}""")))
    public Uni<Response> create(@Valid @NotNull VisitReportRequests.CreateVisitReport request) {
        TenantContext.Identity who = tenant.require();
        return service.create(who.organization(), who.user(), request)
                .map(v -> Response.created(PublicLinks.to("/visit-reports/" + v.id())).entity(v).build());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getVisitReport", summary = "Get a visit report", description = "With counts of its hardware, recycling records and files.")
    @APIResponseSchema(value = VisitReportRequests.VisitReport.class, responseCode = "200", responseDescription = "OK")
    public Uni<CachedJson> get(@PathParam("id") UUID id) {
        return service.get(tenant.organization(), id);
    }

    @GET
    @Path("/{id}/summary")
    @Operation(operationId = "summarizeVisitReport", summary = "What a visit found", description = "Hardware by status and category, warranties expiring within 90 days, recycling and files.")
    @APIResponseSchema(value = VisitReportRequests.Summary.class, responseCode = "200", responseDescription = "OK")
    public Uni<CachedJson> summary(@PathParam("id") UUID id) {
        return service.summary(tenant.organization(), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "updateVisitReport", summary = "Change a visit report", description = "Send the version you read (stale: 409). A status change must be an allowed transition (409 otherwise); completing sets completion to 100.")
    @APIResponse(responseCode = "200", description = "The visit report as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisitReportRequests.VisitReport.class)))
    @APIResponse(responseCode = "409", description = "Stale version or a transition that is not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Submit", value = """
            {"version":0,"status":"submitted","completion":80}""")))
    public Uni<VisitReportRequests.VisitReport> update(@PathParam("id") UUID id, @Valid @NotNull VisitReportRequests.UpdateVisitReport request) {
        return service.update(tenant.organization(), id, request);
    }

    @DELETE
    // a client that knows only the problems it may get asks for those (the 204 has no body)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{id}")
    @Operation(operationId = "deleteVisitReport", summary = "Delete a visit report (soft)", description = "It leaves lists and searches; its history stays.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenant.organization(), id).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/send")
    @Operation(operationId = "sendVisitReport", summary = "E-mail the visit report as a PDF to client contacts",
            description = "Asks the execution service to run the \"Visit report (PDF)\" template with these recipients; follow the execution by its request id.")
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisitReportRequests.Sent.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Client contacts", value = """
            {"recipients":["it.manager@client.example","facilities@client.example"]}""")))
    public Uni<Response> send(@PathParam("id") UUID id, @Valid @NotNull VisitReportRequests.SendVisitReport request) {
        TenantContext.Identity who = tenant.require();
        return sender.send(who.organization(), who.user(), id, request.recipients())
                .map(sent -> Response.accepted(sent).build());
    }

    @GET
    @Operation(operationId = "listVisitReports", summary = "List and search visit reports",
            description = "Filters combine with and. q is a web-style search (words, \"phrases\", or, -not) over report number, purpose and summary. "
                    + "Page mode (page, limit) gives the total; cursor mode (cursor from nextCursor) walks any number of rows without skipping or repeating while others write.")
    @APIResponseSchema(value = VisitReportRequests.VisitReportPage.class, responseCode = "200", responseDescription = "OK")
    public Uni<CachedJson> list(
            @QueryParam("officeId") UUID office,
            @QueryParam("technicianId") UUID technician,
            @QueryParam("officeName") @Size(max = 200) @Schema(description = "offices whose name contains this, any case") String officeName,
            @QueryParam("technicianName") @Size(max = 200) @Schema(description = "technicians whose name contains this, any case") String technicianName,
            @QueryParam("visitType") @Pattern(regexp = VisitReportRequests.VISIT_TYPES, message = VisitReportRequests.VISIT_TYPE_MESSAGE) String visitType,
            @QueryParam("status") @Pattern(regexp = VisitReportRequests.STATUSES, message = "must be one of " + VisitReportRequests.STATUSES) String status,
            @QueryParam("priority") @Pattern(regexp = VisitReportRequests.PRIORITIES, message = "must be low, normal, high or urgent") String priority,
            @QueryParam("from") @Schema(description = "first visit date (inclusive)") LocalDate from,
            @QueryParam("to") @Schema(description = "last visit date (inclusive)") LocalDate to,
            @QueryParam("completionMin") @Min(0) @Max(100) Integer completionMin,
            @QueryParam("completionMax") @Min(0) @Max(100) Integer completionMax,
            @QueryParam("q") @Size(max = 200) String q,
            @QueryParam("sortBy") @DefaultValue("visitDate") @Schema(description = "completion, createdAt, reportNumber, status, updatedAt or visitDate") String sortBy,
            @QueryParam("sortOrder") @DefaultValue("desc") String sortOrder,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
            @QueryParam("cursor") @Size(max = 500) String cursor) {
        VisitReportQuery query = new VisitReportQuery(tenant.organization(), office, technician, officeName, technicianName,
                visitType, status, priority, from, to,
                completionMin, completionMax, q, sortBy, sortOrder);
        return service.list(query, cursor, page, limit);
    }
}
