package com.kaa.reports.platform.events;

/** A record that can never be processed, however often it is retried: it goes straight to the DLQ. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }
}
