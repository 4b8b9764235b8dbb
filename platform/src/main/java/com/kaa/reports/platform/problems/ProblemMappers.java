package com.kaa.reports.platform.problems;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.input.InputBounds;
import com.kaa.reports.platform.sql.SqlStates;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place where exceptions become RFC 9457 {@code application/problem+json}. Bad input is a
 * 4xx naming what is wrong; only a bug is a 500, and its body carries a trace id, never a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    public static final String REQUEST_ID = "X-Request-Id";
    /**
     * Whether a client's X-Request-Id may be passed on and logged as it is (else a new one is made): 1 to 64 of
     * [A-Za-z0-9._-]. A loop, not a regex: it runs on every request of every service, twice in the gateway.
     */
    public static boolean validRequestId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A random (version 4) UUID from ThreadLocalRandom: a request id must be unique, not unguessable, and
     * UUID.randomUUID() reads the shared SecureRandom on every request.
     */
    public static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The request's X-Request-Id when it is valid; else a new one, set in the headers in its place. */
    public static String ensureRequestId(MultiMap headers) {
        String id = headers.get(REQUEST_ID);
        if (!validRequestId(id)) {
            id = newRequestId();
            headers.set(REQUEST_ID, id);
        }
        return id;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(e.problem(), request);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpServerRequest request) {
        boolean returnValue = e.getConstraintViolations().stream().anyMatch(ProblemMappers::isReturnValue);
        if (returnValue) {
            return unexpected(e, request);
        }
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(err -> err.field() + ": " + err.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(400, "Bad Request", detail).withErrors(errors), request);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        return respond(jsonProblem(e), request);
    }

    /** More specific than Quarkus' own mapper for this type, which would answer plain JSON. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, HttpServerRequest request) {
        return respond(jsonProblem(e), request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        Optional<JsonProcessingException> json = causeOf(e, JsonProcessingException.class);
        if (json.isPresent()) {
            return respond(jsonProblem(json.get()), request);
        }
        // a parameter converter's own refusal (input/BoundedParameters), which JAX-RS wraps in a 404 for a query
        Optional<ProblemException> refused = causeOf(e, ProblemException.class);
        if (refused.isPresent()) {
            return respond(refused.get().problem(), request);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        String detail = switch (status) {
            case 404 -> "No resource at " + PublicLinks.path(request.path());
            case 405 -> request.method() + " is not allowed on " + PublicLinks.path(request.path());
            case 415 -> "Content-Type " + Optional.ofNullable(request.getHeader("Content-Type")).orElse("(none)")
                    + " is not supported here; send application/json";
            case 406 -> "None of the media types in Accept can be produced; ask for application/json";
            default -> e.getMessage();
        };
        Response problem = respond(Problem.of(status, type.getReasonPhrase(), detail), request);
        // RFC 9110 15.5.6: a 405 says which methods the resource has (the REST layer does not)
        String allow = status == 405 ? AllowedMethods.of(request.path()) : null;
        return allow == null ? problem : Response.fromResponse(problem).header("Allow", allow).build();
    }

    @ServerExceptionMapper
    public Response optimisticLock(OptimisticLockException e, HttpServerRequest request) {
        return respond(staleVersion(), request);
    }

    @ServerExceptionMapper
    public Response staleState(StaleStateException e, HttpServerRequest request) {
        return respond(staleVersion(), request);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        Optional<Response> known = causeOf(e, ProblemException.class).map(p -> respond(p.problem(), request))
                .or(() -> causeOf(e, OptimisticLockException.class).map(x -> respond(staleVersion(), request)))
                .or(() -> causeOf(e, StaleStateException.class).map(x -> respond(staleVersion(), request)))
                .or(() -> causeOf(e, PgException.class).flatMap(pg -> databaseProblem(pg.getSqlState())).map(p -> respond(p, request)))
                // Hibernate ORM (JDBC) reports the same states through SQLException
                .or(() -> causeOf(e, java.sql.SQLException.class).flatMap(sql -> databaseProblem(sql.getSQLState()))
                        .map(p -> respond(p, request)))
                .or(() -> unreadableMultipart(e).map(p -> respond(p, request)));
        if (known.isPresent()) {
            return known.get();
        }
        String traceId = traceId(request);
        LOG.errorf(e, "unexpected error on %s %s [traceId=%s]", request.method(), request.path(), traceId);
        return respond(Problem.of(500, "Internal Server Error",
                "An unexpected error occurred; quote the trace id when reporting it").withTraceId(traceId), request);
    }

    /**
     * RESTEasy Reactive's multipart parser fails with a bare IOException on a body it cannot read (a boundary that is
     * not the Content-Type's, a body cut short): the client's mistake, not a 500.
     */
    private static Optional<Problem> unreadableMultipart(Throwable e) {
        return causeOf(e, java.io.IOException.class)
                .filter(io -> java.util.Arrays.stream(io.getStackTrace()).anyMatch(f -> f.getClassName().contains(".multipart.")))
                .map(io -> Problem.of(400, "Bad Request", "the multipart body cannot be read (" + io.getMessage()
                        + "); its parts must be separated by the boundary its Content-Type names"));
    }

    /** Constraint violations that reveal bad input rather than a bug. */
    private static Optional<Problem> databaseProblem(String sqlState) {
        String state = sqlState == null ? "" : sqlState;
        if (state.equals("23514")) {
            // a check constraint of the schema: the value is one the column does not take (e.g. control characters)
            return Optional.of(Problem.of(400, "Bad Request", "A value is not allowed here (empty, control characters or "
                    + "out of range); check the fields against the API document"));
        }
        if (state.equals("23505")) {
            return Optional.of(Problem.of(409, "Conflict", "A resource with the same unique values already exists"));
        }
        if (state.equals("23503")) {
            return Optional.of(Problem.of(409, "Conflict", "A referenced resource does not exist or is still in use"));
        }
        if (state.startsWith("22")) {
            return Optional.of(Problem.of(400, "Bad Request", "A value is out of range or badly formatted"));
        }
        // too many connections (53300), the session ended by the server (57Pxx) or lost (08xxx): the request
        // was fine, the database cannot take it now
        if (state.startsWith("53") || SqlStates.connectionLost(state)) {
            return Optional.of(Problem.of(503, "Service Unavailable",
                    "The database cannot take this request now (SQLSTATE " + state + "); retry in a few seconds"));
        }
        return Optional.empty();
    }

    private static Problem staleVersion() {
        return Problem.of(409, "Conflict",
                "The resource was changed by someone else since you read it; read it again and retry with its new version");
    }

    private static Problem jsonProblem(JsonProcessingException e) {
        Optional<StreamReadException> syntax = causeOf(e, StreamReadException.class);
        if (syntax.isPresent() && syntax.get() instanceof com.fasterxml.jackson.core.exc.InputCoercionException coercion
                && coercion.getProcessor() != null) {
            com.fasterxml.jackson.core.JsonParser parser = coercion.getProcessor();
            // a number too large for its field (an int given 99999999999): valid JSON, a bad value of a named field
            String field = parser.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
            Class<?> type = coercion.getTargetType();
            String message = type == Integer.TYPE || type == Integer.class ? "must be between -2147483648 and 2147483647"
                    : type == Long.TYPE || type == Long.class ? "must be between -9223372036854775808 and 9223372036854775807"
                    : "is a number out of range for this field";
            return Problem.of(400, "Bad Request", (field.isEmpty() ? "a number" : field) + ": " + message)
                    .withErrors(List.of(new Problem.FieldError(field.isEmpty() ? "request" : field, message)));
        }
        if (syntax.isPresent() && syntax.get().getLocation() != null) {
            StreamReadException parse = syntax.get();
            return Problem.of(400, "Bad Request", "Malformed JSON at line %d, column %d: %s".formatted(
                    parse.getLocation().getLineNr(), parse.getLocation().getColumnNr(), parse.getOriginalMessage()));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = e instanceof UnrecognizedPropertyException ? "is not a known field"
                    : InputBounds.CONTROL.equals(mapping.getOriginalMessage()) || InputBounds.DATES.equals(mapping.getOriginalMessage())
                    || InputBounds.DATES_AS_TEXT.equals(mapping.getOriginalMessage())
                    ? mapping.getOriginalMessage()
                    : e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? "expected " + jsonKind(mismatch.getTargetType()) : "has an invalid value";
            return Problem.of(400, "Bad Request", field + ": " + message)
                    .withErrors(List.of(new Problem.FieldError(field, message)));
        }
        return Problem.of(400, "Bad Request", "The request body is not valid JSON for this operation");
    }

    /** Describes a Java target type in the words of the JSON a client sends. */
    private static String jsonKind(Class<?> type) {
        if (type == String.class || type.isEnum() || CharSequence.class.isAssignableFrom(type)) {
            return type.isEnum() ? "one of " + List.of(type.getEnumConstants()) : "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date/time string";
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static boolean isReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** "create.request.name" becomes "name"; a bare query or path parameter keeps its own name. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR -> { }
                case PARAMETER -> parameter = node.getName();
                default -> {
                    if (node.getIndex() != null) {
                        field.append('[').append(node.getIndex()).append(']');
                    } else if (node.getKey() != null) {
                        field.append('[').append(node.getKey()).append(']');
                    }
                    // a container element ("<list element>") is only its index: formats[0]
                    if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                        if (!field.isEmpty()) {
                            field.append('.');
                        }
                        field.append(node.getName());
                    }
                }
            }
        }
        return field.isEmpty() ? Optional.ofNullable(parameter).orElse("request") : field.toString();
    }

    private static <T extends Throwable> Optional<T> causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    static String traceId(HttpServerRequest request) {
        String id = request.getHeader(REQUEST_ID);
        return validRequestId(id) ? id : newRequestId();
    }

    private static Response respond(Problem problem, HttpServerRequest request) {
        // the path the caller used (through the gateway), not this service's own
        Problem body = problem.instance() == null ? problem.withInstance(PublicLinks.path(request.path())) : problem;
        // every problem names the request (the gateway's X-Request-Id, also in the logs), not only a 500
        body = body.traceId() == null ? body.withTraceId(traceId(request)) : body;
        Response.ResponseBuilder response = Response.status(body.status()).type(Problem.MEDIA_TYPE).entity(body);
        // RFC 9110 10.2.3: when to try again after an overload
        return (body.status() == 503 ? response.header("Retry-After", "2") : response).build();
    }
}
