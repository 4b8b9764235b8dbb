package com.kaa.reports.platform.http;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * A value that may be any JSON (a report parameter's value: a text, a number, a list of them, or {from, to}) is a
 * Jackson JsonNode to the code. SmallRye published it as JsonNode's bean properties ({"empty": boolean, ...}), which
 * told generated clients that "Nairobi" was an object. It is published as what it is: a schema without constraints
 * (its description says what is allowed), which generators read as an untyped value (Object, any).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiAnyJson implements OASFilter {

    private static final String JSON_NODE = "#/components/schemas/JsonNode";

    @Override
    public Schema filterSchema(Schema schema) {
        if (JSON_NODE.equals(schema.getRef())) {
            schema.setRef(null);
            schema.setType(null);
            schema.setItems(null);
        }
        Schema additional = schema.getAdditionalPropertiesSchema();
        if (additional != null && JSON_NODE.equals(additional.getRef())) {
            schema.setAdditionalPropertiesSchema(OASFactory.createSchema().description("any JSON value"));
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().removeSchema("JsonNode");
            openAPI.getComponents().removeSchema("JsonNodeType");
        }
    }
}
