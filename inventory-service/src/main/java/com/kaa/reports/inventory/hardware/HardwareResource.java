package com.kaa.reports.inventory.hardware;

import com.kaa.reports.inventory.audits.AuditRequests;
import com.kaa.reports.inventory.audits.AuditService;
import com.kaa.reports.inventory.cache.CachedJson;
import com.kaa.reports.inventory.checkouts.CheckoutRequests;
import com.kaa.reports.inventory.checkouts.CheckoutService;
import com.kaa.reports.inventory.labels.HardwareLabels;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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

    private static final String PDF = "application/pdf";

    private final HardwareService service;
    private final HardwareBulk bulk;
    private final CheckoutService checkouts;
    private final HardwareLabels labels;
    private final AuditService audits;
    private final TenantContext tenant;

    public HardwareResource(HardwareService service, HardwareBulk bulk, CheckoutService checkouts, HardwareLabels labels,
                            AuditService audits, TenantContext tenant) {
        this.audits = audits;
        this.service = service;
        this.bulk = bulk;
        this.checkouts = checkouts;
        this.labels = labels;
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
    @Path("/{id}/checkout")
    @Operation(operationId = "checkOutHardware", summary = "Check a device out to a technician, an office or a location",
            description = "Exactly one of technicianId, officeId or location. A device is out to one holder at a time: 409 naming the holder until it is checked in.")
    @APIResponse(responseCode = "201", description = "Checked out", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckoutRequests.Checkout.class)))
    @APIResponse(responseCode = "409", description = "Already checked out, or recycled or retired", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "To a technician", value = """
            {"technicianId":"7d0f3c2a-5b1e-4c8d-9a6f-2e4b1c0d9f33","expectedReturn":"2027-01-15","note":"for the Mombasa install"}""")))
    public Uni<Response> checkOut(@PathParam("id") UUID id, @Valid @NotNull CheckoutRequests.CheckOut request) {
        TenantContext.Identity who = tenant.require();
        return checkouts.checkOut(who.organization(), who.user(), id, request)
                .map(c -> Response.created(PublicLinks.to("/hardware/" + id + "/checkouts")).entity(c).build());
    }

    @POST
    @Path("/{id}/checkin")
    @Operation(operationId = "checkInHardware", summary = "Check a device back in", description = "409 when it is not checked out.")
    @APIResponse(responseCode = "200", description = "The check-out, now returned", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckoutRequests.Checkout.class)))
    @APIResponse(responseCode = "409", description = "Not checked out", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CheckoutRequests.Checkout> checkIn(@PathParam("id") UUID id, @Valid CheckoutRequests.CheckIn request) {
        TenantContext.Identity who = tenant.require();
        return checkouts.checkIn(who.organization(), who.user(), id, request);
    }

    @GET
    @Path("/{id}/checkouts")
    @Operation(operationId = "listHardwareCheckouts", summary = "Who had a device when", description = "Newest first; open=true: only the current check-out.")
    public Uni<CheckoutRequests.CheckoutPage> checkouts(
            @PathParam("id") UUID id,
            @QueryParam("open") @DefaultValue("false") boolean open,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return checkouts.history(tenant.organization(), CheckoutService.Of.DEVICE, id, open, page, limit);
    }

    @GET
    @Path("/{id}/label.pdf")
    // a client that asks for the PDF alone still gets its problems (404) as problem+json
    @Produces({PDF, Problem.MEDIA_TYPE})
    @Operation(operationId = "getHardwareLabel", summary = "The device's asset label (PDF, 62 × 29 mm)",
            description = "Asset tag, name, serial number and a QR code of the device's URL.")
    @APIResponse(responseCode = "200", description = "The label", content = @Content(mediaType = PDF, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<Response> label(@PathParam("id") UUID id) {
        return labels.single(tenant.organization(), id).map(pdf -> pdf(pdf, "label-" + id + ".pdf"));
    }

    @POST
    @Path("/labels")
    @Produces({PDF, Problem.MEDIA_TYPE})
    @Operation(operationId = "printHardwareLabels", summary = "Asset labels of a selection, on A4 sheets of 21 (3 × 7, 63.5 × 38.1 mm)",
            description = "Either devices by id (at most 210, printed in that order) or all of a visit report's devices (by asset tag). "
                    + "A POST because 210 ids do not fit a URL.")
    @APIResponse(responseCode = "200", description = "The sheets", content = @Content(mediaType = PDF, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<Response> labelSheets(@Valid @NotNull HardwareLabels.Selection selection) {
        return labels.sheets(tenant.organization(), selection).map(pdf -> pdf(pdf, "labels.pdf"));
    }

    private static Response pdf(byte[] pdf, String name) {
        return Response.ok(pdf, PDF).header("Content-Disposition", "inline; filename=\"" + name + "\"").build();
    }

    @POST
    @Path("/{id}/audits")
    @Operation(operationId = "auditHardware", summary = "Record that a device was seen",
            description = "Its next audit date moves to its category's interval after this audit; location and condition, when given, become the device's.")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditRequests.Audit.class)))
    @APIResponse(responseCode = "409", description = "The device is recycled", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> audit(@PathParam("id") UUID id, @Valid @NotNull AuditRequests.RecordAudit request) {
        TenantContext.Identity who = tenant.require();
        return audits.audit(who.organization(), who.user(), id, request)
                .map(a -> Response.created(PublicLinks.to("/hardware/" + id + "/audits")).entity(a).build());
    }

    @GET
    @Path("/{id}/audits")
    @Operation(operationId = "listHardwareAudits", summary = "When and where a device was seen", description = "Newest first.")
    public Uni<AuditRequests.AuditPage> audits(
            @PathParam("id") UUID id,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return audits.audits(tenant.organization(), id, page, limit);
    }

    @POST
    @Path("/{id}/maintenance")
    @Operation(operationId = "recordHardwareMaintenance", summary = "Record a repair, upgrade, service, calibration or inspection")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditRequests.Maintenance.class)))
    @APIResponse(responseCode = "409", description = "The device is recycled", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> maintain(@PathParam("id") UUID id, @Valid @NotNull AuditRequests.RecordMaintenance request) {
        TenantContext.Identity who = tenant.require();
        return audits.maintain(who.organization(), who.user(), id, request)
                .map(m -> Response.created(PublicLinks.to("/hardware/" + id + "/maintenance")).entity(m).build());
    }

    @GET
    @Path("/{id}/maintenance")
    @Operation(operationId = "listHardwareMaintenance", summary = "A device's maintenance and what it cost", description = "Newest first; totalCost over all of it.")
    public Uni<AuditRequests.MaintenancePage> maintenance(
            @PathParam("id") UUID id,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return audits.maintenance(tenant.organization(), id, page, limit);
    }

    @PATCH
    @Path("/{id}/maintenance/{maintenanceId}")
    @Operation(operationId = "updateHardwareMaintenance", summary = "Complete or correct a maintenance record", description = "Send the version you read (stale: 409).")
    @APIResponse(responseCode = "200", description = "The record as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditRequests.Maintenance.class)))
    public Uni<AuditRequests.Maintenance> changeMaintenance(@PathParam("id") UUID id, @PathParam("maintenanceId") UUID maintenanceId,
                                                            @Valid @NotNull AuditRequests.ChangeMaintenance request) {
        return audits.changeMaintenance(tenant.organization(), id, maintenanceId, request);
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
            description = "Header row with the device fields (camelCase or snake_case): category and status required; visitReportId as a column or the query parameter; "
                    + "specifications and metadata as a JSON object in the cell. "
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
            @QueryParam("ipAddress") @Size(max = 50) @Schema(description = "one address, or every device of a network: 10.20.0.0/16") String ipAddress,
            @QueryParam("macAddress") @Pattern(regexp = HardwareRequests.MAC, message = HardwareRequests.MAC_MESSAGE) String macAddress,
            @QueryParam("maxConditionRating") @Min(1) @Max(5) @Schema(description = "devices in this condition or worse (1 poor to 5 as new)") Integer maxConditionRating,
            @QueryParam("categoryId") UUID categoryId,
            @QueryParam("customField") @Size(max = 10) @Schema(description = "key:value of the category's custom fields (repeat for more; needs categoryId)")
            java.util.List<@Size(max = 300) String> customField,
            @QueryParam("auditOverdue") @DefaultValue("false") @Schema(description = "only devices past their next audit date") boolean auditOverdue,
            @QueryParam("q") @Size(max = 200) String q,
            @QueryParam("sortBy") @DefaultValue("createdAt") @Schema(description = "category, createdAt, nextAuditDate, status, updatedAt or warrantyExpiry") String sortBy,
            @QueryParam("sortOrder") @DefaultValue("desc") String sortOrder,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
            @QueryParam("cursor") @Size(max = 500) String cursor) {
        HardwareQuery query = new HardwareQuery(tenant.organization(), visitReport, category, status, warrantyWithinDays,
                building, floor, room, ipAddress, macAddress, maxConditionRating, categoryId, null, auditOverdue, q, sortBy, sortOrder);
        return service.list(query, customField == null ? java.util.List.of() : customField, cursor, page, limit);
    }
}
