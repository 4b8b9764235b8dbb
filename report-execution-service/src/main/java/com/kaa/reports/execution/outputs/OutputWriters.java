package com.kaa.reports.execution.outputs;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.OutputStream;

/** Opens the writer of a format over a stream. */
@ApplicationScoped
public class OutputWriters {

    private final OutputsConfig config;

    public OutputWriters(OutputsConfig config) {
        this.config = config;
    }

    public OutputWriter open(OutputFormat format, OutputStream out, ReportContext context) throws IOException {
        return switch (format) {
            case CSV -> new CsvOutput(out, context, config.csvBom());
            case JSON -> new JsonOutput(out, context);
            case XLSX -> new XlsxOutput(out, context);
            case PDF -> new PdfOutput(out, context, config.pdfMaxRows());
        };
    }
}
