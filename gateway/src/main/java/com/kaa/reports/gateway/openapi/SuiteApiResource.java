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
import java.util.List;
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
                    documentGatewayAnswers(paths, (ObjectNode) suite.get("components"));
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
                paths.set(publicPath, operationsOf(service, path.getValue()));
            }
        }
        addSchemas(doc, schemas);
    }

    /** A path's operations as the suite shows them: each marked with the service that serves it. */
    private static ObjectNode operationsOf(String service, JsonNode path) {
        ObjectNode operations = (ObjectNode) path.deepCopy();
        operations.fields().forEachRemaining(op -> {
            if (op.getValue().isObject()) {
                ((ObjectNode) op.getValue()).put("x-service", service);
            }
        });
        return operations;
    }

    /** A document's schemas; one whose name an earlier document already used keeps the first. */
    private static void addSchemas(JsonNode doc, ObjectNode schemas) {
        doc.path("components").path("schemas").fields().forEachRemaining(schema -> {
            if (!schemas.has(schema.getKey())) {
                schemas.set(schema.getKey(), schema.getValue());
            }
        });
    }

    /** Answers the gateway (or every service) gives to any operation, documented once and referenced from each. */
    private static final String[][] COMMON = {
            {"400", "BadRequest", "The request is not valid: an unknown query parameter or body field, a value out of range, a malformed target; the problem names it"},
            {"401", "Unauthorized", "No bearer token, or one that is expired, not yet valid, or not signed by a trusted key"},
            {"403", "Forbidden", "The token's roles do not allow this operation"},
            {"404", "NotFound", "No such resource in the caller's organization"},
            {"429", "TooManyRequests", "The caller's rate limit is reached; retry after the Retry-After seconds"},
            {"503", "ServiceUnavailable", "The service behind this operation is unavailable; retry later"},
            {"504", "GatewayTimeout", "The service behind this operation did not answer in time"}};

    /**
     * Every operation lists what the gateway may answer besides the service's own responses (400, 401 and 403 unless the
     * operation needs no token, 404 where the path names a resource, 429, 503, 504), each a reference to one shared
     * problem+json response: a generated client gets typed errors, not an undocumented status.
     */
    private static void documentGatewayAnswers(ObjectNode paths, ObjectNode components) {
        ObjectNode schemas = (ObjectNode) components.get("schemas");
        if (!schemas.has("Problem")) {
            ObjectNode problem = schemas.putObject("Problem").put("type", "object")
                    .put("description", "RFC 9457 problem details");
            ObjectNode properties = problem.putObject("properties");
            for (String name : new String[] {"type", "title", "detail", "instance", "traceId"}) {
                properties.putObject(name).put("type", "string");
            }
            properties.putObject("status").put("type", "integer");
        }
        ObjectNode responses = components.putObject("responses");
        for (String[] common : COMMON) {
            ObjectNode response = responses.putObject(common[1]).put("description", common[2]);
            response.putObject("content").putObject("application/problem+json").putObject("schema")
                    .put("$ref", "#/components/schemas/Problem");
            if (common[0].equals("401")) {
                response.putObject("headers").putObject("WWW-Authenticate").put("description", "Bearer, with RFC 6750 error")
                        .putObject("schema").put("type", "string");
            } else if (common[0].equals("429")) {
                response.putObject("headers").putObject("Retry-After").put("description", "Seconds to wait")
                        .putObject("schema").put("type", "integer");
            }
        }
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!op.getValue().isObject() || !List.of("get", "put", "post", "patch", "delete").contains(op.getKey())) {
                return;
            }
            ObjectNode operation = (ObjectNode) op.getValue();
            ObjectNode declared = operation.has("responses") ? (ObjectNode) operation.get("responses") : operation.putObject("responses");
            boolean anonymous = operation.has("security") && operation.get("security").isEmpty();
            for (String[] common : COMMON) {
                boolean applies = switch (common[0]) {
                    case "401", "403" -> !anonymous;
                    case "404" -> path.getKey().contains("{");
                    default -> true;
                };
                if (applies && !declared.has(common[0])) {
                    declared.putObject(common[0]).put("$ref", "#/components/responses/" + common[1]);
                }
            }
        }));
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
                    paths.set(path.getKey(), operationsOf("gateway", path.getValue()));
                }
            });
            addSchemas(doc, schemas);
        } catch (Exception e) {
            throw new IllegalStateException("the gateway's own API document cannot be read", e);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
