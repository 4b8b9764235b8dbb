package com.kaa.reports.platform.sample;

import java.util.UUID;

public final class NoteEvents {
    public static final String TOPIC = "test.notes.v1";

    public record NoteCreated(int version, UUID noteId, String text) {
        public static final String TYPE = "NoteCreated.v1";
    }

    public record NoteEdited(int version, UUID noteId, int seq) {
        public static final String TYPE = "NoteEdited.v1";
    }

    private NoteEvents() {
    }
}
