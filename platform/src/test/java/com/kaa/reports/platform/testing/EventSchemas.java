package com.kaa.reports.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The event contracts of docs/events/: producers' tests validate what they really publish against
 * {@code <type>.json}; consumers' tests feed {@code <type>.example.json}.
 */
public final class EventSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventSchemas() {
    }

    /** Fails with every violation when a published envelope's data does not match its type's schema. */
    public static void assertValid(String envelopeJson) {
        try {
            JsonNode envelope = JSON.readTree(envelopeJson);
            String type = envelope.path("type").asText();
            JsonSchema schema;
            try (InputStream in = Files.newInputStream(file(type + ".json"))) {
                // $refs between the documents resolve to the files beside them, never to the network
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder.schemaMappers(
                        mappers -> mappers.mapPrefix("https://kaa.example/events/", file("").toUri().toString()))).getSchema(in);
            }
            Set<ValidationMessage> errors = schema.validate(envelope.path("data"));
            if (!errors.isEmpty()) {
                throw new AssertionError(type + " does not match docs/events/" + type + ".json: " + errors);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read the event or its schema", e);
        }
    }

    /** The documented example of an event type, as a CloudEvents envelope with a fresh id. */
    public static String example(String type) {
        try {
            JsonNode example = JSON.readTree(file(type + ".example.json").toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) example).put("id", java.util.UUID.randomUUID().toString());
            return JSON.writeValueAsString(example);
        } catch (IOException e) {
            throw new AssertionError("cannot read the example of " + type, e);
        }
    }

    private static Path file(String name) {
        return ProjectFiles.root().resolve("docs/events").resolve(name);
    }
}
