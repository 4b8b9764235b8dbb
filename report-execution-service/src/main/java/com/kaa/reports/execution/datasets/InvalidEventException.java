package com.kaa.reports.execution.datasets;

/** An ingestion event that can never be stored as it is: it goes to the topic's DLQ with this reason. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message, null, false, false);
    }
}
