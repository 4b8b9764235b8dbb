package com.kaa.reports.execution.outputs;

import java.io.IOException;

/**
 * Writes one output file as rows stream by: {@link #row} is called once per row in order, then
 * {@link #finish}. Nothing is kept per row beyond what the format itself must buffer, so memory does not
 * grow with the row count.
 */
public interface OutputWriter {

    void row(Object[] values) throws IOException;

    /** Completes the file; {@code truncated} says the rows stopped at the execution's row limit. */
    void finish(long rows, boolean truncated) throws IOException;
}
