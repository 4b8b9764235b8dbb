package com.kaa.reports.execution.outputs;

import java.util.Arrays;
import java.util.Optional;

/** The file formats an execution can produce. */
public enum OutputFormat {
    CSV("csv", "text/csv; charset=utf-8"),
    JSON("json", "application/json"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    PDF("pdf", "application/pdf");

    private final String key;
    private final String contentType;

    OutputFormat(String key, String contentType) {
        this.key = key;
        this.contentType = contentType;
    }

    public String key() {
        return key;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<OutputFormat> of(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
