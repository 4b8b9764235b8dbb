package com.kaa.reports.platform.input;

import com.kaa.reports.platform.problems.Problem;
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
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Date, instant, UUID, integer and boolean parameters (query, path, header) of every service: dates parsed as ISO-8601 and
 * held to years 0001-9999; a query or header value that does not parse is a 400 naming the parameter, a path one a
 * 404 (no resource has that id). Without it, {@code ?to=+999999999-12-31} parsed and then failed in the database as
 * a 500, and {@code ?limit=99999999999} or a misspelled date was a 404 (JAX-RS' default for a query parameter it
 * cannot convert).
 */
@Provider
public class BoundedParameters implements ParamConverterProvider {

    private record Kind(Function<String, Object> parse, String example) {
    }

    private static final Map<Class<?>, Kind> KINDS = Map.of(
            LocalDate.class, new Kind(LocalDate::parse, "an ISO-8601 date such as 2026-12-31"),
            OffsetDateTime.class, new Kind(OffsetDateTime::parse, "an RFC 3339 date-time such as 2026-12-31T08:00:00Z"),
            Instant.class, new Kind(Instant::parse, "an RFC 3339 UTC date-time such as 2026-12-31T08:00:00Z"),
            UUID.class, new Kind(UUID::fromString, "a UUID"),
            Integer.class, new Kind(Integer::valueOf, "an integer"),
            int.class, new Kind(Integer::valueOf, "an integer"),
            Long.class, new Kind(Long::valueOf, "an integer"),
            long.class, new Kind(Long::valueOf, "an integer"),
            // JAX-RS' Boolean.valueOf reads anything but "true" as false: ?active=maybe filtered silently
            Boolean.class, new Kind(BoundedParameters::strictBoolean, "true or false"),
            boolean.class, new Kind(BoundedParameters::strictBoolean, "true or false"));

    private static Boolean strictBoolean(String value) {
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(value);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        Kind kind = rawType.isEnum() ? enumKind(rawType) : KINDS.get(rawType);
        if (kind == null) {
            return null;
        }
        String name = nameOf(annotations);
        boolean inPath = Arrays.stream(annotations).anyMatch(a -> a instanceof PathParam);
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null) {
                    return null;
                }
                Object parsed;
                try {
                    parsed = kind.parse().apply(value.trim());
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    // a path that names nothing is a 404, as any unknown id; a bad query parameter is the caller's 400
                    throw inPath ? new ProblemException(Problem.of(404, "Not Found", "no resource has the " + name + " '"
                            + abbreviate(value) + "': it must be " + kind.example()))
                            : ProblemException.invalidField(name, "expected " + kind.example());
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

    /** An enum parameter by its constants' names, as JAX-RS' valueOf would read it; the 400 lists them. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Kind enumKind(Class<?> type) {
        return new Kind(value -> Enum.valueOf((Class) type, value), "one of " + Arrays.toString(type.getEnumConstants()));
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
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
