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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole public API in one OpenAPI document ({@link SuiteDocument}), built from the running services' documents on
 * demand, kept 30 s. Swagger UI shows it
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
    @Operation(operationId = "getSuiteApiDocument", summary = "The OpenAPI document of the whole public API")
    @APIResponse(responseCode = "200", description = "An OpenAPI 3.1 document", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, description = "OpenAPI 3.1")))
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
        Map<String, String> missing = new java.util.TreeMap<>();
        List<SuiteDocument.Part> parts = new java.util.concurrent.CopyOnWriteArrayList<>();
        return Multi.createFrom().iterable(config.upstreams().entrySet())
                .onItem().transformToUniAndConcatenate(entry -> fetch(entry.getValue())
                        .invoke(doc -> parts.add(new SuiteDocument.Part(entry.getKey(), entry.getValue().stripPrefix(),
                                entry.getValue().paths(), doc)))
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("%s: no API document (%s)", entry.getKey(), e.getMessage());
                            missing.put(entry.getKey(), e.getMessage());
                            return null;
                        }))
                .collect().last()
                .map(x -> {
                    ObjectNode suite = SuiteDocument.merge(json, parts, ownDocument(), missing, false);
                    if (suite.has("x-schema-conflicts")) {
                        LOG.warnf("API documents disagree on schemas (a rolling update?): %s", suite.get("x-schema-conflicts"));
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

    /** The gateway's own document (the one /q/openapi serves); Quarkus names it "<default>". */
    private JsonNode ownDocument() {
        try {
            return json.readTree(own.getDocument("<default>", Format.JSON));
        } catch (Exception e) {
            throw new IllegalStateException("the gateway's own API document cannot be read", e);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
