package com.kaa.reports.execution.outputs;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV (commons-csv does the quoting), UTF-8 with an optional BOM so Excel reads accents right. The header
 * is the columns' labels; timestamps are ISO 8601 with their offset in the report's zone (2026-03-02T00:30:00+03:00).
 * Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are
 * prefixed with an apostrophe (OWASP CSV injection guidance); numbers are never touched.
 *
 * <p>Rows are printed into a plain StringBuilder and written as UTF-8 bytes every 64K characters: a
 * BufferedWriter takes a lock on each of the many small appends commons-csv makes, which cost more than the
 * quoting itself.
 */
final class CsvOutput implements OutputWriter {

    private static final int FLUSH_AT = 64 * 1024;

    private final OutputStream out;
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
    private final CSVPrinter printer;
    private final ReportContext context;

    CsvOutput(OutputStream out, ReportContext context, boolean bom) throws IOException {
        this.out = out;
        this.context = context;
        if (bom) {
            out.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        this.printer = new CSVPrinter(buffer, CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get());
        // labels, as in XLSX and PDF (the JSON output is keyed by name); each value says its zone
        printer.printRecord(context.columns().stream().map(c -> c.heading(context.zone())).toList());
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (Object value : values) {
            printer.print(value instanceof String text ? guard(text) : CellText.withOffset(value, context.zone()));
        }
        printer.println();
        if (buffer.length() >= FLUSH_AT) {
            drain();
        }
    }

    @Override
    public void finish(long rows, boolean truncated) throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        out.write(buffer.toString().getBytes(StandardCharsets.UTF_8));
        buffer.setLength(0);
    }

    static String guard(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
