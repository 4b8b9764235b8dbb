package com.kaa.reports.notification.webhooks;

import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

@Path("/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Endpoints that receive reports and notifications, each with its signing secret")
public class WebhookEndpointResource {

    private static final SecureRandom RANDOM = new SecureRandom();

    public record RegisterWebhook(@NotBlank @Size(max = 2000) @Pattern(regexp = "https?://.+", message = "must be an http or https URL") String url,
                                  @Size(max = 200) String description) {
    }

    /** secret is only in the answer to the registration: store it where the receiver verifies signatures. */
    public record Webhook(UUID id, String url, String description, String secret, OffsetDateTime createdAt) {
    }

    public record WebhookList(List<Webhook> items) {
    }

    private final Pool pool;
    private final TenantContext tenant;
    private final WebhookAddresses addresses;
    private final Outbox outbox;

    public WebhookEndpointResource(Pool pool, TenantContext tenant, WebhookAddresses addresses, Outbox outbox) {
        this.pool = pool;
        this.tenant = tenant;
        this.addresses = addresses;
        this.outbox = outbox;
    }

    @POST
    @Operation(operationId = "createWebhook", summary = "Register a webhook endpoint", description = "Returns its signing secret, once. Recipients with channel webhook must be registered URLs."
            + " Loopback, private, link-local (cloud metadata), carrier-grade NAT, multicast and reserved addresses are refused (400), as are hosts resolving to them.")
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Webhook.class)))
    @APIResponse(responseCode = "409", description = "Already registered", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "ERP", value = """
            {"url":"https://erp.example.com/hooks/kaa","description":"Finance ERP import"}""")))
    public Uni<Response> register(@Valid @NotNull RegisterWebhook request) {
        String organization = tenant.organization();
        String url = request.url().trim();
        String secret = "whsec_" + HexFormat.of().formatHex(bytes());
        return addresses.checkRegistration(url, "url").chain(() -> pool.withTransaction(c -> c.preparedQuery(
                        "insert into webhook_endpoint (id, organization, url, secret, description) values ($1, $2, $3, $4, $5)"
                                + " on conflict (organization, url) do nothing returning id, url, description, secret, created_at")
                .execute(Tuple.of(UUID.randomUUID(), organization, url, secret, request.description()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.conflict("the webhook " + url + " is already registered; delete it to get a new secret");
                    }
                    Webhook w = read(rows.iterator().next(), true);
                    return announce(c, organization, WebhookEvents.REGISTERED, w.id(), w.url())
                            .replaceWith(Response.created(PublicLinks.to("/webhooks/" + w.id())).entity(w).build());
                })));
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "List the organization's webhook endpoints", description = "Secrets are not shown again.")
    public Uni<WebhookList> list() {
        return pool.preparedQuery("select id, url, description, secret, created_at from webhook_endpoint where organization = $1 order by created_at, id")
                .execute(Tuple.of(tenant.organization()))
                .map(rows -> {
                    List<Webhook> items = new ArrayList<>();
                    rows.forEach(r -> items.add(read(r, false)));
                    return new WebhookList(items);
                });
    }

    @DELETE
    // a client that knows only the problems it may get asks for those (the 204 has no body)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Remove a webhook endpoint")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such endpoint in the caller's organization", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") UUID id) {
        String organization = tenant.organization();
        return pool.withTransaction(c -> c.preparedQuery("delete from webhook_endpoint where organization = $1 and id = $2 returning url")
                .execute(Tuple.of(organization, id))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("webhook", id);
                    }
                    return announce(c, organization, WebhookEvents.REMOVED, id, rows.iterator().next().getString("url"))
                            .replaceWith(Response.noContent().build());
                }));
    }

    /** In the transaction of the change: the registered URLs others know of never differ from ours for long. */
    private Uni<Void> announce(SqlConnection c, String organization, String type, UUID id, String url) {
        return outbox.write(c, List.of(new Outbox.Pending(Topics.WEBHOOKS, id.toString(), type, organization,
                new WebhookEvents.WebhookChanged(1, id, url, OffsetDateTime.now(ZoneOffset.UTC)))));
    }

    private static byte[] bytes() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Webhook read(Row r, boolean withSecret) {
        return new Webhook(r.getUUID("id"), r.getString("url"), r.getString("description"),
                withSecret ? r.getString("secret") : null, r.getOffsetDateTime("created_at"));
    }
}
