package com.kaa.reports.inventory.checkouts;

import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Check-outs across devices; a device's, technician's or office's own are under each of them. */
@Path("/checkouts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Check-outs", description = "Devices out with technicians, offices or locations")
public class CheckoutResource {

    private final CheckoutService checkouts;
    private final TenantContext tenant;

    public CheckoutResource(CheckoutService checkouts, TenantContext tenant) {
        this.checkouts = checkouts;
        this.tenant = tenant;
    }

    @GET
    @Path("/overdue")
    @Operation(operationId = "listOverdueCheckouts", summary = "Devices not back by their expected return", description = "The longest overdue first.")
    public Uni<CheckoutRequests.CheckoutPage> overdue(
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return checkouts.overdue(tenant.organization(), page, limit);
    }
}
