package com.kaa.reports.execution.outputs;

import com.kaa.reports.execution.query.CompiledQuery;
import com.kaa.reports.platform.queryspec.ColumnType;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * XLSX streamed with fastexcel: typed cells (numbers, dates, KES amounts), a bold frozen header with an
 * auto-filter, and a new sheet each time one reaches Excel's 1,048,576-row limit; a sheet "Columns" names
 * each column (the JSON output's keys), its type and the zone of its times, and a last one, "Parameters", the values
 * the run bound (when the report has parameters). Rows are flushed to the
 * stream in blocks, so memory stays flat.
 */
final class XlsxOutput implements OutputWriter {

    /** Data rows per sheet: Excel's limit minus the header row. */
    static final int ROWS_PER_SHEET = 1_048_575;
    private static final int FLUSH_EVERY = 1_000;

    private final Workbook workbook;
    private final List<CompiledQuery.OutputColumn> columns;
    private final ReportContext context;
    /** Number format per column (cells carry their own style in XLSX); null for text. */
    private final String[] formats;
    private Worksheet sheet;
    private int sheets;
    private int row;

    XlsxOutput(OutputStream out, ReportContext context) throws IOException {
        this.context = context;
        this.columns = context.columns();
        this.workbook = new Workbook(out, "Kaa Reports", "1.0");
        this.formats = columns.stream().map(c -> format(c.type())).toArray(String[]::new);
        newSheet();
    }

    private void newSheet() throws IOException {
        if (sheet != null) {
            sheet.setAutoFilter(0, 0, row, columns.size() - 1);
            sheet.finish();
        }
        sheets++;
        sheet = workbook.newWorksheet(sheets == 1 ? "Report" : "Report (" + sheets + ")");
        for (int c = 0; c < columns.size(); c++) {
            CompiledQuery.OutputColumn column = columns.get(c);
            String heading = column.heading(context.zone());
            sheet.value(0, c, heading);
            sheet.style(0, c).bold().fillColor("DDEBF7").set();
            sheet.width(c, Math.min(40, Math.max(12, heading.length() + 4)));
        }
        sheet.freezePane(0, 1);
        row = 0;
    }

    private static String format(ColumnType type) {
        return switch (type) {
            // the currency as Excel's [$...] notation: fastexcel writes a format code into styles.xml without XML
            // escaping, and the quotes of #,##0.00 "KES" made every workbook with a money column unreadable
            case MONEY -> "#,##0.00 [$KES]";
            case DATE -> "yyyy-mm-dd";
            case TIMESTAMP -> "yyyy-mm-dd hh:mm:ss";
            default -> null;
        };
    }

    @Override
    public void row(Object[] values) throws IOException {
        if (row == ROWS_PER_SHEET) {
            newSheet();
        }
        row++;
        for (int c = 0; c < values.length; c++) {
            Object value = values[c];
            if (value == null) {
                continue;
            }
            if (value instanceof BigDecimal number) {
                sheet.value(row, c, number);
            } else if (value instanceof Number number) {
                sheet.value(row, c, number);
            } else if (value instanceof OffsetDateTime time) {
                sheet.value(row, c, time.atZoneSameInstant(context.zone()).toLocalDateTime());
            } else if (value instanceof LocalDate date) {
                sheet.value(row, c, date);
            } else if (value instanceof Boolean flag) {
                sheet.value(row, c, flag);
            } else {
                sheet.value(row, c, value.toString());
            }
            if (formats[c] != null) {
                sheet.style(row, c).format(formats[c]).set();
            }
        }
        if (row % FLUSH_EVERY == 0) {
            sheet.flush();
        }
    }

    @Override
    public void finish(long rows, boolean truncated) throws IOException {
        sheet.setAutoFilter(0, 0, Math.max(row, 1), columns.size() - 1);
        if (truncated) {
            sheet.value(row + 2, 0, "Truncated: the result had more rows than the limit of " + rows + ".");
        }
        sheet.finish();
        describeColumns();
        describeParameters();
        workbook.finish();
    }

    /** A "Parameters" sheet when the report has any: each one's label, name and the value this run bound. */
    private void describeParameters() throws IOException {
        if (context.values().isEmpty()) {
            return;
        }
        Worksheet about = aboutSheet("Parameters", new String[]{"Parameter", "Name", "Value", "From"}, 2, 24);
        for (int i = 0; i < context.values().size(); i++) {
            com.kaa.reports.platform.queryspec.ParameterValue p = context.values().get(i);
            about.value(i + 1, 0, p.labelOrName());
            about.value(i + 1, 1, p.name());
            about.value(i + 1, 2, p.text());
            about.value(i + 1, 3, p.source());
        }
        about.finish();
    }

    /** A sheet after the report's, headed like it; column {@code wide} (the free text) 60 wide, the others {@code width}. */
    private Worksheet aboutSheet(String name, String[] header, int wide, int width) {
        Worksheet about = workbook.newWorksheet(name);
        for (int c = 0; c < header.length; c++) {
            about.value(0, c, header[c]);
            about.style(0, c).bold().fillColor("DDEBF7").set();
            about.width(c, c == wide ? 60 : width);
        }
        return about;
    }

    /** A "Columns" sheet: each heading with the column's name (the JSON output's key and the query spec's), type and zone. */
    private void describeColumns() throws IOException {
        Worksheet about = aboutSheet("Columns", new String[]{"Heading", "Name", "Type", "Notes"}, 3, 28);
        for (int i = 0; i < columns.size(); i++) {
            CompiledQuery.OutputColumn column = columns.get(i);
            about.value(i + 1, 0, column.heading(context.zone()));
            about.value(i + 1, 1, column.name());
            about.value(i + 1, 2, column.type().name().toLowerCase(java.util.Locale.ROOT));
            about.value(i + 1, 3, switch (column.type()) {
                case TIMESTAMP -> "local time in " + context.zone().getId();
                case MONEY -> "Kenyan shillings (KES)";
                default -> column.measure() ? "aggregate" : "";
            });
        }
        about.finish();
    }
}
