package com.kaa.reports.execution.query;

import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;

import java.util.List;
import java.util.stream.Collectors;

/** A query spec the catalog does not allow; never worth retrying. */
public class InvalidQueryException extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public InvalidQueryException(List<Problem.FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public ProblemException toProblem() {
        return new ProblemException(Problem.of(400, "Bad Request", getMessage()).withErrors(errors));
    }
}
