package com.kaa.reports.inventory.offices;

import com.kaa.reports.inventory.cache.InventoryCache;
import com.kaa.reports.inventory.checkouts.CheckoutRequests;
import com.kaa.reports.inventory.checkouts.CheckoutService;
import com.kaa.reports.platform.paging.Conditions;
import com.kaa.reports.platform.paging.SqlPage;
import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.kenya.KenyaCounties;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/offices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Offices", description = "Client offices the field teams visit")
public class OfficeResource {

    private static final String COLUMNS = "id, name, address, county, region, contact_email, active, created_at, updated_at, version";

    private final Pool pool;
    private final TenantContext tenant;
    private final InventoryCache cache;
    private final CheckoutService checkouts;

    public OfficeResource(Pool pool, TenantContext tenant, InventoryCache cache, CheckoutService checkouts) {
        this.pool = pool;
        this.tenant = tenant;
        this.cache = cache;
        this.checkouts = checkouts;
    }

    @POST
    @Operation(operationId = "createOffice", summary = "Add an office")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficeRequests.Office.class)))
    @APIResponse(responseCode = "409", description = "An office of that name exists", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@Valid @NotNull OfficeRequests.CreateOffice request) {
        String organization = tenant.organization();
        return pool.preparedQuery("insert into office (id, organization, name, address, county, region, contact_email)"
                        + " values ($1, $2, $3, $4, $5, $6, $7) returning " + COLUMNS)
                .execute(Tuple.from(java.util.Arrays.asList(UUID.randomUUID(), organization, request.name().trim(),
                        request.address(), county(request.county()), request.region(), request.contactEmail())))
                .onFailure(OfficeResource::duplicateName).transform(e -> ProblemException.conflict(
                        "an office named \"" + request.name().trim() + "\" already exists"))
                .call(() -> cache.changed(organization))
                .map(rows -> {
                    OfficeRequests.Office office = read(rows.iterator().next());
                    return Response.created(PublicLinks.to("/offices/" + office.id())).entity(office).build();
                });
    }

    @GET
    @Operation(operationId = "listOffices", summary = "List the organization's offices",
            description = "Ordered by name. q: names containing it, any case; active: only active (true) or deactivated (false) ones.")
    public Uni<OfficeRequests.OfficePage> list(
            @QueryParam("q") @Size(max = 200) String q,
            @QueryParam("county") @Size(max = 50) String county,
            @QueryParam("active") Boolean active,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        Conditions where = new Conditions().always("organization = ?", tenant.organization())
                .and("lower(name) like ?", NamePatterns.containing(q)).and("county = ?", county(county)).and("active = ?", active);
        return SqlPage.offset(pool, "select " + COLUMNS, "from office", where, "lower(name), id", page, limit, OfficeResource::read)
                .map(p -> new OfficeRequests.OfficePage(p.items(), p.total(), page, limit, p.hasMore()));
    }

    @DELETE
    // a client that knows only the problems it may get asks for those (the 204 has no body)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{id}")
    @Operation(operationId = "deactivateOffice", summary = "Deactivate an office",
            description = "Its visits keep naming it; no new visit or check-out may. 409 while devices are checked out to it. Again: no-op.")
    @APIResponse(responseCode = "204", description = "Deactivated")
    @APIResponse(responseCode = "409", description = "Devices are checked out to it", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> deactivate(@PathParam("id") UUID id) {
        String organization = tenant.organization();
        return pool.withTransaction(c -> c.preparedQuery("select 1 from office where organization = $1 and id = $2 for update")
                        .execute(Tuple.of(organization, id))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("office", id);
                            }
                            return CheckoutService.openWith(c, organization, CheckoutService.Of.OFFICE, id);
                        })
                        .chain(open -> {
                            if (open > 0) {
                                throw ProblemException.conflict(open + " device(s) are checked out to office " + id
                                        + ": check them in first (GET /offices/" + id + "/checkouts?open=true)");
                            }
                            return c.preparedQuery("update office set active = false, updated_at = now(), version = version + 1"
                                    + " where organization = $1 and id = $2 and active").execute(Tuple.of(organization, id));
                        }))
                .call(() -> cache.changed(organization))
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{id}/checkouts")
    @Operation(operationId = "listOfficeCheckouts", summary = "Devices checked out to an office", description = "Newest first; open=true: only those out now.")
    public Uni<CheckoutRequests.CheckoutPage> checkouts(
            @PathParam("id") UUID id,
            @QueryParam("open") @DefaultValue("false") boolean open,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return checkouts.history(tenant.organization(), CheckoutService.Of.OFFICE, id, open, page, limit);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getOffice", summary = "Get an office")
    public Uni<OfficeRequests.Office> get(@PathParam("id") UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from office where organization = $1 and id = $2")
                .execute(Tuple.of(tenant.organization(), id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("office", id);
                    }
                    return read(rows.iterator().next());
                });
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "updateOffice", summary = "Change an office", description = "Send the version you read; a stale version is a 409.")
    @APIResponse(responseCode = "200", description = "The office as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficeRequests.Office.class)))
    @APIResponse(responseCode = "409", description = "Stale version or duplicate name", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OfficeRequests.Office> update(@PathParam("id") UUID id, @Valid @NotNull OfficeRequests.UpdateOffice request) {
        String organization = tenant.organization();
        return pool.preparedQuery("update office set name = coalesce($4, name), address = coalesce($5, address),"
                        + " county = coalesce($6, county), region = coalesce($7, region), contact_email = coalesce($8, contact_email),"
                        + " updated_at = now(), version = version + 1"
                        + " where organization = $1 and id = $2 and version = $3 returning " + COLUMNS)
                .execute(Tuple.from(java.util.Arrays.asList(organization, id, request.version(),
                        request.name() == null ? null : request.name().trim(), request.address(), county(request.county()),
                        request.region(), request.contactEmail())))
                .onFailure(OfficeResource::duplicateName).transform(e -> ProblemException.conflict(
                        "an office named \"" + request.name() + "\" already exists"))
                .chain(rows -> rows.size() == 1 ? cache.changed(organization).replaceWith(read(rows.iterator().next()))
                        : get(id).map(current -> {
                            throw ProblemException.staleVersion("office", id, current.version(), request.version());
                        }));
    }

    private static String county(String county) {
        if (county == null) {
            return null;
        }
        return KenyaCounties.canonical(county).orElseThrow(() ->
                ProblemException.invalidField("county", "must be one of Kenya's 47 counties"));
    }

    private static boolean duplicateName(Throwable e) {
        return e instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState());
    }

    static OfficeRequests.Office read(Row r) {
        return new OfficeRequests.Office(r.getUUID("id"), r.getString("name"), r.getString("address"), r.getString("county"),
                r.getString("region"), r.getString("contact_email"), r.getBoolean("active"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"), r.getLong("version"));
    }
}
