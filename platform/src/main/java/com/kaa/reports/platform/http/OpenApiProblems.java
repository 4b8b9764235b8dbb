package com.kaa.reports.platform.http;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;
import java.util.Map;

/**
 * The problems every operation of a service can answer, documented once in {@code components.responses} and
 * referenced from each operation: 400 (bad input), 404 where the path names a resource, 503 (the database cannot take
 * the request). Declared per resource class before, those annotations hid the operations' own 2xx responses (SmallRye
 * adds a default 200 only to an operation that declares no response at all), so generated clients returned void.
 * The gateway's /openapi/suite adds what it answers itself (401, 403, 429, 504) the same way.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiProblems implements OASFilter {

    static final String PROBLEM = "application/problem+json";
    /** status, name in components.responses, description */
    private static final List<String[]> COMMON = List.of(
            new String[] {"400", "BadRequest", "The request is not valid: an unknown query parameter or body field, a value out of range, a malformed value; the problem names it"},
            new String[] {"404", "NotFound", "No such resource in the caller's organization"},
            new String[] {"503", "ServiceUnavailable", "The service cannot take the request now (its database is unavailable or full); retry after Retry-After seconds"});

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        if (components.getSchemas() == null || !components.getSchemas().containsKey("Problem")) {
            addProblemSchemas(components);
        }
        for (String[] common : COMMON) {
            APIResponse response = OASFactory.createAPIResponse().description(common[2]).content(OASFactory.createContent()
                    .addMediaType(PROBLEM, OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
            if (common[0].equals("503")) {
                response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
            }
            components.addResponse(common[1], response);
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> addCommon(path, operation)));
    }

    private static void addCommon(String path, Operation operation) {
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        for (String[] common : COMMON) {
            boolean applies = !common[0].equals("404") || path.contains("{");
            if (applies && !responses.hasAPIResponse(common[0])) {
                responses.addAPIResponse(common[0], OASFactory.createAPIResponse().ref(common[1]));
            }
        }
    }

    /**
     * The schema SmallRye writes for platform's Problem record (and its FieldError), for a document where no annotation
     * named it: the gateway's merge refuses two different schemas under one name.
     */
    private static void addProblemSchemas(Components components) {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        components.addSchema("FieldError", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .properties(Map.of("field", text, "message", text)));
        components.addSchema("Problem", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("RFC 9457 problem details")
                .properties(Map.of("type", text, "title", text,
                        "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"),
                        "detail", text, "instance", text, "traceId", text,
                        "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                                .items(OASFactory.createSchema().ref("FieldError")))));
    }
}
