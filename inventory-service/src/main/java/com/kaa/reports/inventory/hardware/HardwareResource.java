package com.kaa.reports.inventory.hardware;

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
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.StringReader;
import java.util.UUID;

@Path("/hardware")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Hardware", description = "Devices inventoried during visits")
public class HardwareResource {

    private final HardwareService service;
    private final HardwareBulk bulk;
    private final TenantContext tenant;

    public HardwareResource(HardwareService service, HardwareBulk bulk, TenantContext tenant) {
        this.service = service;
        this.bulk = bulk;
        this.tenant = tenant;
    }

    @POST
    @Operation(operationId = "createHardware", summary = "Add a device to a visit report")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HardwareRequests.Hardware.class)))
    @APIResponse(responseCode = "409", description = "Serial number already in use", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@Valid @NotNull HardwareRequests.NewHardware request) {
        String organization = tenant.organization();
        return service.create(organization, request).chain(id -> service.get(organization, id)
                .map(h -> Response.created(PublicLinks.to("/hardware/" + id)).entity(h).build()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getHardware", summary = "Get a device")
    @APIResponseSchema(value = HardwareRequests.Hardware.class, responseCode = "200", responseDescription = "OK")
    public Uni<CachedJson> get(@PathParam("id") UUID id) {
        return service.get(tenant.organization(), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "updateHardware", summary = "Change a device", description = "Send the version you read; a stale version is a 409. Fields left out keep their value.")
    @APIResponse(responseCode = "409", description = "Stale version or serial number in use", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponseSchema(value = HardwareRequests.Hardware.class, responseCode = "200", responseDescription = "OK")
    public Uni<CachedJson> update(@PathParam("id") UUID id, @Valid @NotNull HardwareRequests.HardwareChange request) {
        if (request.version() == null) {
            throw ProblemException.invalidField("version", "must not be null: send the version you read");
        }
        return service.update(tenant.organization(), id, request);
    }

    @DELETE
    // a client that knows only the problems it may get asks for those (the 204 has no body)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{id}")
    @Operation(operationId = "deleteHardware", summary = "Remove a device (soft)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenant.organization(), id).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/bulk")
    @Operation(operationId = "createHardwareInBulk", summary = "Add up to 10,000 devices in one request",
            description = "One statement and one transaction. The result lists every item: created (with id) or error (with reason). "
                    + "atomic: any invalid item and nothing is created (422 naming each); partial: the valid items are created.")
    @APIResponse(responseCode = "200", description = "Per-item results")
    @APIResponse(responseCode = "422", description = "Atomic mode and some items are invalid: nothing was written", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Two laptops", value = """
            {"mode":"partial","items":[{"visitReportId":"3f1c2b9e-8f1a-4c1e-9d2a-0b7e5c4d3a21","category":"laptop","deviceName":"Dell Latitude 5440","serialNumber":"SN-1","status":"in_use"},{"visitReportId":"3f1c2b9e-8f1a-4c1e-9d2a-0b7e5c4d3a21","category":"laptop","serialNumber":"SN-2","status":"spare"}]}""")))
    public Uni<HardwareRequests.BulkResult> bulkCreate(@Valid @NotNull HardwareRequests.BulkCreate request) {
        return bulk.create(tenant.organization(), request.mode(), request.items(), java.util.Map.of(), null);
    }

    @PATCH
    @Path("/bulk")
    @Operation(operationId = "updateHardwareInBulk", summary = "Change up to 10,000 devices in one request",
            description = "Each item names a device by id and may carry the version it read. Fields left out keep their value. Same modes as bulk create.")
    @APIResponse(responseCode = "200", description = "Per-item results")
    @APIResponse(responseCode = "422", description = "Atomic mode and some items cannot be applied: nothing was written", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<HardwareRequests.BulkResult> bulkUpdate(@Valid @NotNull HardwareRequests.BulkUpdate request) {
        return bulk.update(tenant.organization(), request.mode(), request.items());
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Operation(operationId = "importHardware", summary = "Import devices from CSV",
            description = "Header row with the device fields (camelCase or snake_case): category and status required; visitReportId as a column or the query parameter. "
                    + "Results name the CSV line of each row. Default mode partial.")
    @APIResponse(responseCode = "200", description = "Per-row results")
    @APIResponse(responseCode = "422", description = "Atomic mode and some rows are invalid: nothing was written", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(content = @Content(mediaType = "text/csv", examples = @ExampleObject(name = "Two rows", value = """
            category,deviceName,serialNumber,status,warrantyExpiry
            laptop,Dell Latitude 5440,SN-1,in_use,2027-05-10
            printer,HP LaserJet M404,SN-2,faulty,
            """)))
    public Uni<HardwareRequests.BulkResult> importCsv(
            @QueryParam("visitReportId") UUID visitReport,
            @QueryParam("mode") @DefaultValue("partial") HardwareRequests.Mode mode,
            @NotNull @Size(max = 10_000_000) String csv) {
        HardwareCsv.Parsed parsed = HardwareCsv.parse(new StringReader(csv), visitReport);
        return bulk.create(tenant.organization(), mode, parsed.items(), parsed.errors(), parsed.lines());
    }

    @GET
    @Operation(operationId = "listHardware", summary = "List and search devices",
            description = "q searches device name, manufacturer, model and serial number (web-style: words, \"phrases\", -not). "
                    + "warrantyWithinDays: warranties that end between today and that many days ahead. Page mode gives the total; cursor mode walks big lists.")
    @APIResponseSchema(value = HardwareRequests.HardwarePage.class, responseCode = "200", responseDescription = "OK")
    public Uni<CachedJson> list(
            @QueryParam("visitReportId") UUID visitReport,
            @QueryParam("category") @Size(max = 100) String category,
            @QueryParam("status") @Pattern(regexp = HardwareRequests.STATUSES, message = HardwareRequests.STATUS_MESSAGE) String status,
            @QueryParam("warrantyWithinDays") @Min(0) @Max(3650) Integer warrantyWithinDays,
            @QueryParam("building") @Size(max = 200) String building,
            @QueryParam("floor") @Size(max = 50) String floor,
            @QueryParam("room") @Size(max = 100) String room,
            @QueryParam("q") @Size(max = 200) String q,
            @QueryParam("sortBy") @DefaultValue("createdAt") @Schema(description = "category, createdAt, status, updatedAt or warrantyExpiry") String sortBy,
            @QueryParam("sortOrder") @DefaultValue("desc") String sortOrder,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
            @QueryParam("cursor") @Size(max = 500) String cursor) {
        HardwareQuery query = new HardwareQuery(tenant.organization(), visitReport, category, status, warrantyWithinDays,
                building, floor, room, q, sortBy, sortOrder);
        return service.list(query, cursor, page, limit);
    }
}
