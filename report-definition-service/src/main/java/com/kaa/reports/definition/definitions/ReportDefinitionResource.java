package com.kaa.reports.definition.definitions;

import com.kaa.reports.platform.http.PageLinks;
import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.paging.Cursor;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.tenant.TenantContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@Path("/reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Reports", description = "Report definitions of the caller's organization")
public class ReportDefinitionResource {

    private final ReportDefinitionService service;
    private final ReportDefinitionMapper mapper;
    private final TenantContext tenant;

    public ReportDefinitionResource(ReportDefinitionService service, ReportDefinitionMapper mapper, TenantContext tenant) {
        this.service = service;
        this.mapper = mapper;
        this.tenant = tenant;
    }

    @POST
    @WithTransaction
    @Operation(operationId = "createReport", summary = "Create a report definition", description = "The query spec is validated against the dataset catalog.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportRequests.Report.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "M-Pesa weekly", value = """
            {"name":"M-Pesa weekly volume","description":"Successful M-Pesa volume by day","type":"payments","querySpec":{"columns":["status"],"groupBy":["status"],"filters":[{"column":"method","op":"eq","value":"mpesa"}],"aggregations":[{"fn":"count","column":"*","as":"transactions"},{"fn":"sum","column":"amount","as":"volume_kes"}],"sort":[{"column":"volume_kes","direction":"desc"}],"parameters":{"dateColumn":"occurred_at","dateRange":"last_7_days"}},"formats":["xlsx","pdf"],"tags":["finance","mpesa"],"status":"active","visibility":"organization"}""")))
    public Uni<Response> create(@Valid @NotNull ReportRequests.CreateReport request) {
        return service.create(request).map(d -> Response.created(PublicLinks.to("/reports/" + d.id))
                .entity(mapper.toResponse(d)).build());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(operationId = "getReport", summary = "Get a report definition")
    public Uni<ReportRequests.Report> get(@PathParam("id") UUID id) {
        return service.readable(id).map(mapper::toResponse);
    }

    @PATCH
    @Path("/{id}")
    @WithTransaction
    @Operation(operationId = "updateReport", summary = "Change some fields of a report", description = "Send the version you read; a stale version is a 409.")
    @APIResponse(responseCode = "200", description = "The report as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportRequests.Report.class)))
    @APIResponse(responseCode = "409", description = "Stale version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Rename and activate", value = """
            {"version":3,"name":"M-Pesa weekly volume (final)","status":"active"}""")))
    public Uni<ReportRequests.Report> update(@PathParam("id") UUID id, @Valid @NotNull ReportRequests.UpdateReport request) {
        return service.update(id, request).map(mapper::toResponse);
    }

    @DELETE
    // a client that knows only the problems it may get asks for those (the 204 has no body)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{id}")
    @WithTransaction
    @Operation(operationId = "deleteReport", summary = "Delete a report (soft)", description = "It leaves lists and cannot run or be scheduled.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(id).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/duplicate")
    @Consumes(MediaType.WILDCARD)  // takes no body
    @WithTransaction
    @Operation(operationId = "duplicateReport", summary = "Copy a report", description = "Named \"<name> (Copy)\", owned by the caller, without runs or schedules.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportRequests.Report.class)))
    public Uni<Response> duplicate(@PathParam("id") UUID id) {
        return service.duplicate(id).map(d -> Response.created(PublicLinks.to("/reports/" + d.id))
                .entity(mapper.toResponse(d)).build());
    }

    @POST
    @Path("/{id}/run")
    @WithTransaction
    @Operation(operationId = "runReport", summary = "Run a report now", description = "Asks the execution service; Location "
            + "(GET /executions?requestId=) lists the execution of this request once it is queued.")
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportRequests.RunAccepted.class)),
            headers = @Header(name = "Location", description = "GET it to follow the run: the execution of this request once queued",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Urgent PDF", value = """
            {"priority":1,"formats":["pdf"]}""")))
    public Uni<Response> run(@PathParam("id") UUID id, @Valid ReportRequests.RunReport request) {
        // where the run can be followed: the executions of this request (empty until queued, then its execution)
        return service.run(id, request).map(accepted -> Response.accepted(accepted)
                .location(PublicLinks.to("/executions?requestId=" + accepted.executionRequestId())).build());
    }

    @GET
    @WithSession
    @Operation(operationId = "listReports", summary = "List reports", description = "Page/limit or keyset cursor; filters by status, type, tags (any/all) and a case-insensitive search of name and description.")
    public Uni<ReportRequests.ReportPage> list(
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(100000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
            @QueryParam("cursor") @Size(max = 500) String cursor,
            @QueryParam("status") @Pattern(regexp = "draft|active|archived", message = "must be draft, active or archived") String status,
            @QueryParam("type") @Size(max = 63) String type,
            @QueryParam("tags") @Size(max = 500) String tags,
            @QueryParam("tagsMode") @DefaultValue("any") @Pattern(regexp = "any|all", message = "must be any or all") String tagsMode,
            @QueryParam("search") @Size(max = 200) String search,
            @QueryParam("sortBy") @DefaultValue("createdAt") String sortBy,
            @QueryParam("sortOrder") @DefaultValue("desc") String sortOrder,
            @Context UriInfo uri) {
        TenantContext.Identity who = tenant.require();
        List<String> tagList = tags == null ? List.of()
                : Arrays.stream(tags.split(",")).map(String::trim).filter(t -> !t.isEmpty()).distinct().limit(20).toList();
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        ReportListQuery query = new ReportListQuery(who.organization(), who.user(), sortBy, sortOrder)
                .status(status).type(type).tags(tagList, "all".equals(tagsMode)).search(search).after(after);
        int offset = after != null ? 0 : (page - 1) * limit;
        return service.list(query, limit, offset).map(result -> {
            List<ReportRequests.Report> items = result.items().stream().map(mapper::toResponse).toList();
            String nextCursor = result.hasMore() && !result.items().isEmpty()
                    ? ReportDefinitionService.cursorAfter(result.items().get(result.items().size() - 1), sortBy).encode() : null;
            return new ReportRequests.ReportPage(items, result.total(), after == null ? page : 1, limit, result.hasMore(),
                    nextCursor, PageLinks.ofCursor(uri, page, nextCursor, after != null));
        });
    }

}
