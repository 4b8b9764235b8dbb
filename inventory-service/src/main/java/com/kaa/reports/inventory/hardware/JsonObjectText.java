package com.kaa.reports.inventory.hardware;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.IOException;

/**
 * A JSON object as Postgres returned it (jsonb as text): written into responses and events as that object, never
 * parsed and re-serialised on the way through (a device's specifications are opaque to this service).
 */
@Schema(type = SchemaType.OBJECT, description = "a JSON object")
@JsonSerialize(using = JsonObjectText.Writer.class)
@JsonDeserialize(using = JsonObjectText.Reader.class)
public record JsonObjectText(String json) {

    public JsonObjectText {
        json = json == null ? "{}" : json;
    }

    /** For readers of the events (tests, tools): the object's compact text, which compares by text, not by content. */
    static final class Reader extends StdDeserializer<JsonObjectText> {
        Reader() {
            super(JsonObjectText.class);
        }

        @Override
        public JsonObjectText deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return new JsonObjectText(parser.readValueAsTree().toString());
        }
    }

    static final class Writer extends StdSerializer<JsonObjectText> {
        Writer() {
            super(JsonObjectText.class);
        }

        @Override
        public void serialize(JsonObjectText value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeRawValue(value.json());
        }
    }
}
