package com.kaa.reports.execution.outputs;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4180 CSV (commons-csv does the quoting), UTF-8 with an optional BOM so Excel reads accents right.
 * Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are
 * prefixed with an apostrophe (OWASP CSV injection guidance); numbers are never touched.
 */
final class CsvOutput implements OutputWriter {

    private final CSVPrinter printer;
    private final ReportContext context;

    CsvOutput(OutputStream out, ReportContext context, boolean bom) throws IOException {
        this.context = context;
        if (bom) {
            out.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        this.printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024),
                CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get());
        printer.printRecord(context.columns().stream().map(c -> c.name()).toList());
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (Object value : values) {
            printer.print(value instanceof String text ? guard(text) : CellText.of(value, context.zone()));
        }
        printer.println();
    }

    @Override
    public void finish(long rows, boolean truncated) throws IOException {
        printer.close(true);
    }

    static String guard(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
