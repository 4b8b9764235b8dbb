package com.kaa.reports.platform.http;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.List;
import java.util.Set;

/**
 * A property whose {@code @Schema(oneOf = ...)} lists scalars and arrays of scalars (a query filter's value) is
 * published as "anything but an object, null, or an array holding one of those": the same set of values in JSON
 * Schema 2020-12, which validators enforce and generators read as an untyped value (Object in Java, any in
 * TypeScript) that survives a fetch-edit-save. Tried with openapi-generator 7.25: as a oneOf or anyOf with an array
 * alternative the Java client does not compile ({@code List<String>.class}); as {@code type: [string, number,
 * boolean, array]} it drops the array and fails on an "in" filter. SmallRye also kept what it read from the Java
 * type (a Jackson JsonNode: a $ref and type array), which told clients that "mpesa" was an array of objects.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiScalarChoices implements OASFilter {

    private static final Set<Schema.SchemaType> SCALARS = Set.of(Schema.SchemaType.STRING, Schema.SchemaType.NUMBER,
            Schema.SchemaType.INTEGER, Schema.SchemaType.BOOLEAN);

    @Override
    public Schema filterSchema(Schema schema) {
        List<Schema> choices = schema.getOneOf();
        if (choices == null || choices.isEmpty()) {
            return schema;
        }
        for (Schema choice : choices) {
            List<Schema.SchemaType> type = choice.getType();
            if (type == null || type.size() != 1 || choice.getRef() != null) {
                return schema;
            }
            boolean scalars = type.get(0) == Schema.SchemaType.ARRAY && choice.getItems() != null
                    && choice.getItems().getType() != null && SCALARS.containsAll(choice.getItems().getType());
            if (!scalars && !SCALARS.contains(type.get(0))) {
                return schema;
            }
        }
        schema.setOneOf(null);
        schema.setRef(null);
        schema.setType(null);
        schema.setItems(null);
        Schema notScalar = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT, Schema.SchemaType.ARRAY, Schema.SchemaType.NULL));
        schema.setNot(OASFactory.createSchema().anyOf(List.of(
                OASFactory.createSchema().addType(Schema.SchemaType.OBJECT),
                OASFactory.createSchema().addType(Schema.SchemaType.NULL),
                OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).contains(notScalar))));
        return schema;
    }
}
