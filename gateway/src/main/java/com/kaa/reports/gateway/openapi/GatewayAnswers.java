package com.kaa.reports.gateway.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What the gateway (or every service) may answer to any operation, documented once in components.responses and
 * referenced from each operation: a generated client gets typed errors, not an undocumented status.
 */
final class GatewayAnswers {

    /** status, name in components.responses, description */
    private static final String[][] COMMON = {
            {"400", "BadRequest", "The request is not valid: an unknown query parameter or body field, a value out of range, a malformed target; the problem names it"},
            {"401", "Unauthorized", "No bearer token, or one that is expired, not yet valid, or not signed by a trusted key"},
            {"403", "Forbidden", "The token's roles do not allow this operation"},
            {"404", "NotFound", "No such resource in the caller's organization"},
            {"429", "TooManyRequests", "The caller's rate limit is reached; retry after the Retry-After seconds"},
            {"503", "ServiceUnavailable", "The service behind this operation is unavailable; retry later"},
            {"504", "GatewayTimeout", "The service behind this operation did not answer in time"}};

    private GatewayAnswers() {
    }

    /**
     * Adds the shared responses (400, 401 and 403 unless the operation needs no token, 404 where the path names a
     * resource, 429, 503, 504) to every operation that does not declare its own. Their Problem schema is platform's,
     * which every service's document and the gateway's own carry (platform OpenApiProblems).
     */
    static void document(ObjectNode paths, ObjectNode components) {
        ObjectNode responses = components.putObject("responses");
        for (String[] common : COMMON) {
            ObjectNode response = responses.putObject(common[1]).put("description", common[2]);
            response.putObject("content").putObject("application/problem+json").putObject("schema")
                    .put("$ref", "#/components/schemas/Problem");
            if (common[0].equals("401")) {
                response.putObject("headers").putObject("WWW-Authenticate").put("description", "Bearer, with RFC 6750 error")
                        .putObject("schema").put("type", "string");
            } else if (common[0].equals("429") || common[0].equals("503")) {
                response.putObject("headers").putObject("Retry-After").put("description", "Seconds to wait")
                        .putObject("schema").put("type", "integer");
            }
        }
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!op.getValue().isObject() || !List.of("get", "put", "post", "patch", "delete").contains(op.getKey())) {
                return;
            }
            ObjectNode operation = (ObjectNode) op.getValue();
            ObjectNode declared = operation.has("responses") ? (ObjectNode) operation.get("responses") : operation.putObject("responses");
            boolean anonymous = operation.has("security") && operation.get("security").isEmpty();
            for (String[] common : COMMON) {
                boolean applies = switch (common[0]) {
                    case "401", "403" -> !anonymous;
                    case "404" -> path.getKey().contains("{");
                    default -> true;
                };
                if (applies && !declared.has(common[0])) {
                    declared.putObject(common[0]).put("$ref", "#/components/responses/" + common[1]);
                }
            }
        }));
    }
}
