package com.kaa.reports.platform.input;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * Request bodies are read strictly: a field the operation does not know is a 400 naming it ("ipAddress: is not a
 * known field"), never dropped without a word. Only the REST layer is strict: events and stored JSON are read with
 * the application's lenient mapper, so a producer may add fields to an event without breaking its consumers.
 */
@Provider
@Singleton
public class StrictBodies implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    public StrictBodies(ObjectMapper application) {
        // and nothing after the JSON value ({"name":"x"}}} was read as {"name":"x"})
        this.strict = application.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
