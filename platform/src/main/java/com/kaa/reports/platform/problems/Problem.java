package com.kaa.reports.platform.problems;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * An RFC 9457 problem details document ({@code application/problem+json}). {@code errors} lists each
 * invalid field; {@code traceId} lets an operator find the log line of a 5xx.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String traceId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: a JSON-pointer-like path into the request and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null);
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, traceId, errors);
    }

    public Problem withTraceId(String traceId) {
        return new Problem(type, title, status, detail, instance, traceId, errors);
    }

    public Problem withErrors(List<FieldError> errors) {
        return new Problem(type, title, status, detail, instance, traceId, errors);
    }
}
