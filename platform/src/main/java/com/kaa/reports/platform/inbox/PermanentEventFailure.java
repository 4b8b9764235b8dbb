package com.kaa.reports.platform.inbox;

/**
 * Thrown by an effect when the event is well-formed but can never be applied (it fails validation,
 * names something that cannot exist): retrying is pointless, the record goes to the DLQ at once.
 */
public class PermanentEventFailure extends RuntimeException {
    public PermanentEventFailure(String message) {
        super(message);
    }
}
