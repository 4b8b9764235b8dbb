package com.kaa.reports.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The whole public API in one OpenAPI document, from each service's own: paths moved under their public prefix
 * (/reports → /api/v1/reports, /visit-reports → /api/v1/inventory/visit-reports), the gateway's own operations, the
 * bearer security scheme, and what the gateway answers itself on every operation. The gateway serves it at
 * /openapi/suite from the running services; the clients module writes it at build time from the documents the
 * services stored ({@link #main}), and generates its clients from that. One merge for both.
 */
public final class SuiteDocument {

    /** One service's document and where the gateway routes it. */
    public record Part(String service, String stripPrefix, List<String> paths, JsonNode document) {
    }

    private SuiteDocument() {
    }

    /**
     * @param parts        the services' documents, in the gateway's routing order
     * @param gatewayOwn   the gateway's own document (its /api/ operations are public)
     * @param missing      services whose document could not be read, with why (named in x-missing-services)
     * @param strict       whether two different schemas under one name are an error (the build), or keep the first and
     *                     are named in x-schema-conflicts (the running gateway: during a rolling update two versions of
     *                     a service may publish different descriptions of one record, and the document must still serve)
     */
    public static ObjectNode merge(ObjectMapper json, List<Part> parts, JsonNode gatewayOwn, Map<String, String> missing,
                                   boolean strict) {
        ObjectNode suite = json.createObjectNode().put("openapi", "3.1.0");
        suite.putObject("info").put("title", "Kaa Reports API").put("version", "1.0.0")
                .put("description", "Every public endpoint of the suite, as the gateway serves them. Authenticate with a bearer token.");
        suite.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = suite.putObject("paths");
        ObjectNode components = suite.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        Map<String, String> conflicts = new TreeMap<>();
        components.putObject("securitySchemes").putObject("bearer")
                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
        suite.putArray("security").addObject().putArray("bearer");
        for (Part part : parts) {
            part.document().path("paths").fields().forEachRemaining(path -> {
                String publicPath = part.stripPrefix() + path.getKey();
                if (part.paths().stream().anyMatch(publicPath::startsWith)) {
                    paths.set(publicPath, operationsOf(part.service(), path.getValue()));
                }
            });
            addSchemas(part.service(), part.document(), schemas, conflicts);
        }
        gatewayOwn.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/api/")) {
                paths.set(path.getKey(), operationsOf("gateway", path.getValue()));
            }
        });
        addSchemas("gateway", gatewayOwn, schemas, conflicts);
        if (strict && !conflicts.isEmpty()) {
            throw new IllegalStateException("schemas published under one name with different content (rename one): " + conflicts);
        }
        GatewayAnswers.document(paths, components);
        if (!missing.isEmpty()) {
            ObjectNode why = suite.putObject("x-missing-services");
            missing.forEach(why::put);
        }
        if (!conflicts.isEmpty()) {
            ObjectNode kept = suite.putObject("x-schema-conflicts");
            conflicts.forEach(kept::put);
        }
        return suite;
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

    /**
     * A document's schemas. Two services may publish the same name (Problem, the platform's QuerySpec) only with the
     * same schema: a different one would change what the first service's operations mean. The first is kept and the
     * other named in conflicts.
     */
    private static void addSchemas(String service, JsonNode doc, ObjectNode schemas, Map<String, String> conflicts) {
        doc.path("components").path("schemas").fields().forEachRemaining(schema -> {
            JsonNode earlier = schemas.get(schema.getKey());
            if (earlier == null) {
                schemas.set(schema.getKey(), schema.getValue());
            } else if (!earlier.equals(schema.getValue())) {
                conflicts.merge(schema.getKey(), service + " publishes a different schema; the first one is kept",
                        (a, b) -> a);
            }
        });
    }

    /**
     * Writes the suite document from the documents the services stored at build time.
     * Arguments: the output file, the gateway's application.properties (routing), the gateway's own document, then
     * service=document pairs.
     */
    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Properties routing = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            routing.load(in);
        }
        List<Part> parts = new ArrayList<>();
        for (String arg : Arrays.asList(args).subList(3, args.length)) {
            String service = arg.substring(0, arg.indexOf('='));
            String prefix = "kaa.gateway.upstreams." + service + ".";
            String paths = routing.getProperty(prefix + "paths");
            if (paths == null) {
                throw new IllegalArgumentException("the gateway routes nothing to " + service);
            }
            parts.add(new Part(service, routing.getProperty(prefix + "strip-prefix", "/api/v1"), List.of(paths.split(",")),
                    json.readTree(Path.of(arg.substring(arg.indexOf('=') + 1)).toFile())));
        }
        ObjectNode suite = merge(json, parts, json.readTree(Path.of(args[2]).toFile()), new TreeMap<>(), true);
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        json.writeValue(out.toFile(), suite);
    }
}
