package com.kaa.reports.inventory.technicians;

import com.kaa.reports.inventory.cache.InventoryCache;
import com.kaa.reports.inventory.checkouts.CheckoutRequests;
import com.kaa.reports.inventory.checkouts.CheckoutService;
import com.kaa.reports.inventory.offices.NamePatterns;
import com.kaa.reports.platform.paging.Conditions;
import com.kaa.reports.platform.paging.SqlPage;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@Path("/technicians")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Technicians", description = "The organization's field technicians")
public class TechnicianResource {

    private static final String COLUMNS = "id, name, email, phone, active, created_at, updated_at, version";
    private static final String PHONE = "\\+?[0-9 ()-]{7,20}";

    public record CreateTechnician(@NotBlank @Size(max = 200) String name, @Email @Size(max = 254) String email,
                                   @Pattern(regexp = PHONE, message = "must be a phone number") String phone) {
    }

    /**
     * Fields left out keep their value; active=false retires a technician without losing their visits (409 while devices
     * are checked out to them), active=true brings them back.
     */
    public record UpdateTechnician(@NotNull Long version, @Size(min = 1, max = 200) String name,
                                   @Email @Size(max = 254) String email,
                                   @Pattern(regexp = PHONE, message = "must be a phone number") String phone, Boolean active) {
    }

    public record Technician(UUID id, String name, String email, String phone, boolean active,
                             OffsetDateTime createdAt, OffsetDateTime updatedAt, long version) {
    }

    public record TechnicianPage(List<Technician> items, long total, int page, int limit, boolean hasMore) {
    }

    private final Pool pool;
    private final TenantContext tenant;
    private final InventoryCache cache;
    private final CheckoutService checkouts;

    public TechnicianResource(Pool pool, TenantContext tenant, InventoryCache cache, CheckoutService checkouts) {
        this.pool = pool;
        this.tenant = tenant;
        this.cache = cache;
        this.checkouts = checkouts;
    }

    @POST
    @Operation(operationId = "createTechnician", summary = "Add a technician")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Technician.class)))
    public Uni<Response> create(@Valid @NotNull CreateTechnician request) {
        String organization = tenant.organization();
        return pool.preparedQuery("insert into technician (id, organization, name, email, phone) values ($1, $2, $3, $4, $5)"
                        + " returning " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), organization, request.name().trim(), request.email(),
                        request.phone())))
                .map(rows -> {
                    Technician technician = read(rows.iterator().next());
                    return Response.created(PublicLinks.to("/technicians/" + technician.id())).entity(technician).build();
                });
    }

    @GET
    @Operation(operationId = "listTechnicians", summary = "List the organization's technicians",
            description = "Ordered by name. q: names containing it, any case; active: only active (true) or deactivated (false) ones.")
    public Uni<TechnicianPage> list(
            @QueryParam("q") @Size(max = 200) String q,
            @QueryParam("active") Boolean active,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        Conditions where = new Conditions().always("organization = ?", tenant.organization())
                .and("lower(name) like ?", NamePatterns.containing(q)).and("active = ?", active);
        return SqlPage.offset(pool, "select " + COLUMNS, "from technician", where, "name, id", page, limit, TechnicianResource::read)
                .map(p -> new TechnicianPage(p.items(), p.total(), page, limit, p.hasMore()));
    }

    @DELETE
    // a client that knows only the problems it may get asks for those (the 204 has no body)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{id}")
    @Operation(operationId = "deactivateTechnician", summary = "Deactivate a technician",
            description = "Their visits and check-outs keep naming them; no new one may. 409 while devices are checked out to them. Again: no-op.")
    @APIResponse(responseCode = "204", description = "Deactivated")
    @APIResponse(responseCode = "409", description = "Devices are checked out to them", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> deactivate(@PathParam("id") UUID id) {
        String organization = tenant.organization();
        return pool.withTransaction(c -> c.preparedQuery("select version from technician where organization = $1 and id = $2 for update")
                        .execute(Tuple.of(organization, id))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("technician", id);
                            }
                            return refuseWhileHolding(c, organization, id);
                        })
                        .chain(() -> c.preparedQuery("update technician set active = false, updated_at = now(), version = version + 1"
                                + " where organization = $1 and id = $2 and active").execute(Tuple.of(organization, id))))
                .call(() -> cache.changed(organization))
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{id}/checkouts")
    @Operation(operationId = "listTechnicianCheckouts", summary = "Devices checked out to a technician", description = "Newest first; open=true: only those out now.")
    public Uni<CheckoutRequests.CheckoutPage> checkouts(
            @PathParam("id") UUID id,
            @QueryParam("open") @DefaultValue("false") boolean open,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return checkouts.history(tenant.organization(), CheckoutService.Of.TECHNICIAN, id, open, page, limit);
    }

    private static Uni<Void> refuseWhileHolding(SqlClient c, String organization, UUID id) {
        return CheckoutService.openWith(c, organization, CheckoutService.Of.TECHNICIAN, id).invoke(open -> {
            if (open > 0) {
                throw ProblemException.conflict(open + " device(s) are checked out to technician " + id
                        + ": check them in first (GET /technicians/" + id + "/checkouts?open=true)");
            }
        }).replaceWithVoid();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getTechnician", summary = "Get a technician")
    public Uni<Technician> get(@PathParam("id") UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from technician where organization = $1 and id = $2")
                .execute(Tuple.of(tenant.organization(), id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("technician", id);
                    }
                    return read(rows.iterator().next());
                });
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "updateTechnician", summary = "Change a technician", description = "Send the version you read; a stale version is a 409.")
    @APIResponse(responseCode = "200", description = "The technician as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Technician.class)))
    @APIResponse(responseCode = "409", description = "Stale version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Technician> update(@PathParam("id") UUID id, @Valid @NotNull UpdateTechnician request) {
        TenantContext.Identity who = tenant.require();
        if (request.active() != null && !who.roles().contains("admin")) {
            // the same decision as DELETE, which the gateway leaves to administrators
            throw new ProblemException(Problem.of(403, "Forbidden", "only an administrator deactivates or reactivates a technician"));
        }
        String organization = who.organization();
        // locked first, as a check-out locks its holder: no device goes out to a technician being deactivated
        return pool.withTransaction(c -> c.preparedQuery("select 1 from technician where organization = $1 and id = $2 for update")
                        .execute(Tuple.of(organization, id))
                        .chain(() -> Boolean.FALSE.equals(request.active()) ? refuseWhileHolding(c, organization, id) : Uni.createFrom().voidItem())
                        .chain(() -> c.preparedQuery("update technician set name = coalesce($4, name), email = coalesce($5, email),"
                                        + " phone = coalesce($6, phone), active = coalesce($7, active), updated_at = now(), version = version + 1"
                                        + " where organization = $1 and id = $2 and version = $3 returning " + COLUMNS)
                                .execute(Tuple.from(Arrays.asList(organization, id, request.version(),
                                        request.name() == null ? null : request.name().trim(), request.email(), request.phone(), request.active())))))
                .chain(rows -> rows.size() == 1
                        // visit reports show the technician's name: their cached copies must go
                        ? cache.changed(organization).replaceWith(read(rows.iterator().next()))
                        : get(id).map(current -> {
                            throw ProblemException.staleVersion("technician", id, current.version(), request.version());
                        }));
    }

    private static Technician read(Row r) {
        return new Technician(r.getUUID("id"), r.getString("name"), r.getString("email"), r.getString("phone"),
                r.getBoolean("active"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"), r.getLong("version"));
    }
}
