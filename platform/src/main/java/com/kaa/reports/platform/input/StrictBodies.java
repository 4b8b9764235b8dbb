package com.kaa.reports.platform.input;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The REST layer's JSON. Request bodies are read strictly: a field the operation does not know is a 400 naming it
 * ("ipAddress: is not a known field"), never dropped without a word. Responses leave out fields that have no value:
 * every optional field of the API documents is a value of its type when present, never null (a strict schema
 * validator found ~100 nulls on fields typed string or integer). Only the REST layer does this: events and stored
 * JSON keep the application's mapper, lenient on reading (a producer may add fields to an event without breaking its
 * consumers) and with explicit nulls.
 */
@Provider
@Singleton
public class StrictBodies implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    public StrictBodies(ObjectMapper application) {
        // and nothing after the JSON value ({"name":"x"}}} was read as {"name":"x"})
        this.strict = application.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // fields only: a null inside a map stays (a preview row's empty cell is a column with no value, not no column)
        this.strict.setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                JsonInclude.Include.USE_DEFAULTS));
    }

    /** The mapper responses are written with (a cache of responses writes them the same way). */
    public ObjectMapper mapper() {
        return strict;
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
