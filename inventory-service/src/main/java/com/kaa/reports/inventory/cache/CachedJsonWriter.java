package com.kaa.reports.inventory.cache;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Sends a {@link CachedJson} as it is (it already is the JSON Jackson wrote for the value). */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class CachedJsonWriter implements ServerMessageBodyWriter<CachedJson> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
        return type == CachedJson.class;
    }

    @Override
    public void writeResponse(CachedJson body, Type genericType, ServerRequestContext context) {
        context.serverResponse().end(body.utf8());
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == CachedJson.class;
    }

    @Override
    public void writeTo(CachedJson body, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        out.write(body.utf8());
    }
}
