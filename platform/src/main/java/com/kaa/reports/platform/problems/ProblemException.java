package com.kaa.reports.platform.problems;

import java.util.List;

/** Thrown by application code to answer with a specific problem (400, 404, 409, 422...). */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(Problem.of(404, "Not Found", what + " " + id + " does not exist"));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }

    /** A 409 for a write that carried a version other than the current one: the client reads again and reapplies. */
    public static ProblemException staleVersion(String what, Object id, long current, long sent) {
        return conflict(staleVersionDetail(what, id, current, sent));
    }

    /** The words of {@link #staleVersion}, for callers that report it per item of a batch. */
    public static String staleVersionDetail(String what, Object id, long current, long sent) {
        return what + " " + id + " is at version " + current + ", not " + sent + ": read it again and reapply your change";
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "Bad Request", detail));
    }

    /** A 400 naming the offending field, like a Bean Validation failure would. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(Problem.of(400, "Bad Request", field + ": " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }

    /** A 400 listing every offending field; the detail joins them ("field: message; ..."). */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
        return new ProblemException(Problem.of(400, "Bad Request", detail).withErrors(errors));
    }
}
