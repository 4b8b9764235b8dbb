package com.kaa.reports.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.gateway.routing.GatewayConfig;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.mutiny.Multi;
import io.smallrye.openapi.runtime.io.Format;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.GET;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * The whole public API in one OpenAPI document: each service's document with its paths moved under their
 * public prefix (/reports → /api/v1/reports, /visit-reports → /api/v1/inventory/visit-reports) and the bearer
 * security scheme added. Built from the running services on demand, kept 30 s. Swagger UI shows it
 * (quarkus.swagger-ui.urls.suite), with the gateway's own operations (audit). A service that is down is left out,
 * and the document says so.
 */
@Path("/openapi/suite")
@Tag(name = "API document")
public class SuiteApiResource {

    private static final Logger LOG = Logger.getLogger(SuiteApiResource.class);
    private static final Duration KEEP = Duration.ofSeconds(30);

    private final GatewayConfig config;
    private final ObjectMapper json;
    private final WebClient client;
    private final OpenApiDocumentService own;
    private volatile Uni<ObjectNode> cached;

    public SuiteApiResource(GatewayConfig config, ObjectMapper json, Vertx vertx, OpenApiDocumentService own) {
        this.config = config;
        this.json = json;
        this.client = WebClient.create(vertx);
        this.own = own;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The OpenAPI document of the whole public API")
    public Uni<ObjectNode> suite(@QueryParam("format") @Pattern(regexp = "json", message = "must be json: the suite document is JSON")
                                 String format) {
        Uni<ObjectNode> current = cached;
        if (current == null) {
            current = build().memoize().atLeast(KEEP);
            cached = current;
        }
        return current;
    }

    private Uni<ObjectNode> build() {
        ObjectNode suite = json.createObjectNode().put("openapi", "3.1.0");
        suite.putObject("info").put("title", "Kaa Reports API").put("version", "1.0.0")
                .put("description", "Every public endpoint of the suite, as the gateway serves them. Authenticate with a bearer token.");
        suite.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = suite.putObject("paths");
        ObjectNode schemas = suite.putObject("components").putObject("schemas");
        ((ObjectNode) suite.get("components")).putObject("securitySchemes").putObject("bearer")
                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
        suite.putArray("security").addObject().putArray("bearer");
        ObjectNode missing = json.createObjectNode();
        return Multi.createFrom().iterable(config.upstreams().entrySet())
                .onItem().transformToUniAndConcatenate(entry -> fetch(entry.getValue())
                        .invoke(doc -> merge(entry.getKey(), entry.getValue(), doc, paths, schemas))
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("%s: no API document (%s)", entry.getKey(), e.getMessage());
                            missing.put(entry.getKey(), e.getMessage());
                            return null;
                        }))
                .collect().last()
                .map(x -> {
                    mergeOwn(paths, schemas);
                    if (!missing.isEmpty()) {
                        suite.set("x-missing-services", missing);
                    }
                    return suite;
                });
    }

    private Uni<JsonNode> fetch(GatewayConfig.Upstream upstream) {
        return client.getAbs(upstream.url().resolve("/q/openapi?format=json").toString()).timeout(5_000).send()
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("answered " + response.statusCode());
                    }
                    try {
                        return json.readTree(response.bodyAsString());
                    } catch (Exception e) {
                        throw new IllegalStateException("not JSON");
                    }
                });
    }

    /** Paths get their public prefix; a schema whose name another service already used keeps the first. */
    private static void merge(String service, GatewayConfig.Upstream upstream, JsonNode doc, ObjectNode paths, ObjectNode schemas) {
        String prefix = upstream.stripPrefix();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String publicPath = prefix + path.getKey();
            if (upstream.paths().stream().anyMatch(publicPath::startsWith)) {
                ObjectNode operations = (ObjectNode) path.getValue().deepCopy();
                operations.fields().forEachRemaining(op -> {
                    if (op.getValue().isObject()) {
                        ((ObjectNode) op.getValue()).put("x-service", service);
                    }
                });
                paths.set(publicPath, operations);
            }
        }
        doc.path("components").path("schemas").fields().forEachRemaining(schema -> {
            if (!schemas.has(schema.getKey())) {
                schemas.set(schema.getKey(), schema.getValue());
            }
        });
    }

    /**
     * The gateway's own public operations (the audit trail): they are part of the API a client generates from this
     * document. Read from the gateway's own document (the one /q/openapi serves); Quarkus names it "<default>".
     */
    private void mergeOwn(ObjectNode paths, ObjectNode schemas) {
        try {
            JsonNode doc = json.readTree(own.getDocument("<default>", Format.JSON));
            doc.path("paths").fields().forEachRemaining(path -> {
                if (path.getKey().startsWith("/api/")) {
                    ObjectNode operations = (ObjectNode) path.getValue().deepCopy();
                    operations.fields().forEachRemaining(op -> {
                        if (op.getValue().isObject()) {
                            ((ObjectNode) op.getValue()).put("x-service", "gateway");
                        }
                    });
                    paths.set(path.getKey(), operations);
                }
            });
            doc.path("components").path("schemas").fields().forEachRemaining(schema -> {
                if (!schemas.has(schema.getKey())) {
                    schemas.set(schema.getKey(), schema.getValue());
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("the gateway's own API document cannot be read", e);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
