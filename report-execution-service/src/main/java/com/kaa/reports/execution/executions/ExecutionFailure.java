package com.kaa.reports.execution.executions;

/** Why an attempt stopped, and whether another attempt could succeed. */
public class ExecutionFailure extends RuntimeException {

    public enum Kind { PERMANENT, TIMED_OUT, CANCELLED, LEASE_LOST }

    private final Kind kind;

    public ExecutionFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
