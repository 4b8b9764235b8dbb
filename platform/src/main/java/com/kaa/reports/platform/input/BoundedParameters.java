package com.kaa.reports.platform.input;

import com.kaa.reports.platform.problems.ProblemException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Function;

/**
 * Date and instant parameters (query, path, header) of every service: parsed as ISO-8601 and held to years
 * 0001-9999, else a 400 naming the parameter. Without it, {@code ?to=+999999999-12-31} parsed and then failed in
 * the database as a 500, and a badly spelled date was a 404 (JAX-RS' default for a query parameter it cannot convert).
 */
@Provider
public class BoundedParameters implements ParamConverterProvider {

    private record Kind(Function<String, Object> parse, String example) {
    }

    private static final Map<Class<?>, Kind> KINDS = Map.of(
            LocalDate.class, new Kind(LocalDate::parse, "an ISO-8601 date such as 2026-12-31"),
            OffsetDateTime.class, new Kind(OffsetDateTime::parse, "an RFC 3339 date-time such as 2026-12-31T08:00:00Z"),
            Instant.class, new Kind(Instant::parse, "an RFC 3339 UTC date-time such as 2026-12-31T08:00:00Z"));

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        Kind kind = KINDS.get(rawType);
        if (kind == null) {
            return null;
        }
        String name = nameOf(annotations);
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null) {
                    return null;
                }
                Object parsed;
                try {
                    parsed = kind.parse().apply(value.trim());
                } catch (DateTimeParseException e) {
                    throw ProblemException.invalidField(name, "expected " + kind.example());
                }
                if (!InputBounds.inYears(parsed)) {
                    throw ProblemException.invalidField(name, InputBounds.DATES);
                }
                return (T) parsed;
            }

            @Override
            public String toString(T value) {
                return value == null ? null : value.toString();
            }
        };
    }

    private static String nameOf(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
            if (annotation instanceof PathParam path) {
                return path.value();
            }
            if (annotation instanceof HeaderParam header) {
                return header.value();
            }
        }
        return "parameter";
    }
}
