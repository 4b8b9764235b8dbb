package com.kaa.reports.inventory.offices;

import com.kaa.reports.inventory.cache.InventoryCache;
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
import jakarta.validation.constraints.NotNull;
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

    private static final String COLUMNS = "id, name, address, county, region, contact_email, created_at, updated_at, version";

    private final Pool pool;
    private final TenantContext tenant;
    private final InventoryCache cache;

    public OfficeResource(Pool pool, TenantContext tenant, InventoryCache cache) {
        this.pool = pool;
        this.tenant = tenant;
        this.cache = cache;
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
    @Operation(operationId = "listOffices", summary = "List the organization's offices", description = "Ordered by name.")
    public Uni<OfficeRequests.OfficeList> list() {
        return pool.preparedQuery("select " + COLUMNS + " from office where organization = $1 order by lower(name) limit 10000")
                .execute(Tuple.of(tenant.organization()))
                .map(rows -> {
                    java.util.List<OfficeRequests.Office> items = new java.util.ArrayList<>();
                    rows.forEach(r -> items.add(read(r)));
                    return new OfficeRequests.OfficeList(items);
                });
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
                            throw ProblemException.conflict("office " + id + " is at version " + current.version()
                                    + ", not " + request.version() + ": read it again and reapply your change");
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
                r.getString("region"), r.getString("contact_email"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"), r.getLong("version"));
    }
}
