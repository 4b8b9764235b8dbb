package com.kaa.reports.execution.outputs;

import com.kaa.reports.execution.query.CompiledQuery;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfWriter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A PDF report (OpenPDF): title, parameters, generated-at in the report's zone, a table whose header repeats
 * on every page (timestamps' headings name their zone), page numbers, a totals row for additive columns and, for
 * small grouped results, a bar chart (JFreeChart) of the first aggregate. Table rows go to the document in blocks, so memory stays flat;
 * past {@code maxRows} the PDF says how many rows it leaves to the CSV/XLSX outputs.
 */
final class PdfOutput implements OutputWriter {

    private static final int BLOCK = 500;
    private static final int CHART_MAX_ROWS = 60;
    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 16);
    private static final Font SMALL = FontFactory.getFont(FontFactory.HELVETICA, 8, Color.DARK_GRAY);
    private static final Font HEADER = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 8);
    private static final Font CELL = FontFactory.getFont(FontFactory.HELVETICA, 8);

    private final Document document;
    private final ReportContext context;
    private final List<CompiledQuery.OutputColumn> columns;
    private final int maxRows;
    private final BigDecimal[] totals;
    private final List<Object[]> chartRows = new ArrayList<>();
    private PdfPTable table;
    private long rows;

    PdfOutput(OutputStream out, ReportContext context, int maxRows) throws IOException {
        this.context = context;
        this.columns = context.columns();
        this.maxRows = maxRows;
        this.totals = new BigDecimal[columns.size()];
        this.document = new Document(columns.size() > 5 ? PageSize.A4.rotate() : PageSize.A4, 36, 36, 36, 48);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            writer.setPageEvent(new PageNumbers());
            document.addTitle(context.title());
            document.addCreator("Kaa Reports");
            document.open();
            document.add(new Paragraph(context.title(), TITLE));
            document.add(new Paragraph("Generated " + context.generatedAt().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                    + " (" + context.zone().getId() + ")", SMALL));
            if (context.parameters() != null && !context.parameters().isBlank()) {
                document.add(new Paragraph("Parameters: " + context.parameters(), SMALL));
            }
            document.add(new Paragraph(" "));
            table = newTable();
        } catch (DocumentException e) {
            throw new IOException("cannot start the PDF: " + e.getMessage(), e);
        }
    }

    private PdfPTable newTable() {
        PdfPTable t = new PdfPTable(columns.size());
        t.setWidthPercentage(100);
        t.setHeaderRows(1);
        t.setComplete(false);
        for (CompiledQuery.OutputColumn column : columns) {
            PdfPCell cell = new PdfPCell(new Phrase(column.heading(context.zone()), HEADER));
            cell.setBackgroundColor(new Color(0xDD, 0xEB, 0xF7));
            t.addCell(cell);
        }
        return t;
    }

    @Override
    public void row(Object[] values) throws IOException {
        rows++;
        for (int i = 0; i < values.length; i++) {
            if (columns.get(i).additive() && values[i] != null) {
                BigDecimal value = values[i] instanceof BigDecimal d ? d : new BigDecimal(values[i].toString());
                totals[i] = totals[i] == null ? value : totals[i].add(value);
            }
        }
        if (chartRows.size() <= CHART_MAX_ROWS) {
            chartRows.add(values.clone());
        }
        if (rows > maxRows) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            PdfPCell cell = new PdfPCell(new Phrase(CellText.of(values[i], context.zone()), CELL));
            if (columns.get(i).type().numeric()) {
                cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
            }
            table.addCell(cell);
        }
        if (rows % BLOCK == 0) {
            addTable();
        }
    }

    private void addTable() throws IOException {
        try {
            document.add(table);
        } catch (DocumentException e) {
            throw new IOException("cannot write the PDF table: " + e.getMessage(), e);
        }
    }

    @Override
    public void finish(long total, boolean truncated) throws IOException {
        try {
            if (java.util.Arrays.stream(totals).anyMatch(java.util.Objects::nonNull)) {
                for (int i = 0; i < columns.size(); i++) {
                    String text = i == 0 && totals[0] == null ? "Total" : totals[i] == null ? "" : totals[i].toPlainString();
                    PdfPCell cell = new PdfPCell(new Phrase(text, HEADER));
                    cell.setHorizontalAlignment(i == 0 && totals[0] == null ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
                    table.addCell(cell);
                }
            }
            if (rows == 0) {
                // a table of header rows only is not drawn at all: an empty result still shows its columns
                table.setHeaderRows(0);
            }
            table.setComplete(true);
            addTable();
            if (rows == 0) {
                document.add(new Paragraph("No rows matched.", CELL));
            }
            if (rows > maxRows) {
                document.add(new Paragraph("This PDF shows the first " + maxRows + " of " + rows
                        + " rows; the CSV and XLSX outputs hold them all. Totals cover every row.", SMALL));
            }
            if (truncated) {
                document.add(new Paragraph("Truncated: the result had more rows than the execution limit allows.", SMALL));
            }
            chart().ifPresent(image -> {
                try {
                    document.newPage();
                    document.add(image);
                } catch (DocumentException e) {
                    throw new IllegalStateException(e);
                }
            });
            document.close();
        } catch (DocumentException e) {
            throw new IOException("cannot finish the PDF: " + e.getMessage(), e);
        }
    }

    /**
     * A bar chart of the first aggregate (a measure) by the first column when that is a group (a dimension), for small
     * results. A plain listing is rows, not a series: it gets no chart, whatever numbers its columns hold.
     */
    private java.util.Optional<Image> chart() throws IOException {
        int measure = -1;
        for (int i = 1; i < columns.size(); i++) {
            if (columns.get(i).measure() && columns.get(i).type().numeric()) {
                measure = i;
                break;
            }
        }
        if (measure < 0 || columns.get(0).measure() || chartRows.isEmpty() || chartRows.size() > CHART_MAX_ROWS) {
            return java.util.Optional.empty();
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Object[] row : chartRows) {
            if (row[measure] != null) {
                data.addValue(new BigDecimal(row[measure].toString()), columns.get(measure).label(), CellText.of(row[0], context.zone()));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(context.title(), columns.get(0).label(), columns.get(measure).label(), data);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, 760, 420);
        Image image = Image.getInstance(png.toByteArray());
        image.scaleToFit(document.getPageSize().getWidth() - 72, document.getPageSize().getHeight() - 120);
        return java.util.Optional.of(image);
    }

    private static final class PageNumbers extends PdfPageEventHelper {
        @Override
        public void onEndPage(PdfWriter writer, Document document) {
            ColumnText.showTextAligned(writer.getDirectContent(), Element.ALIGN_CENTER,
                    new Phrase("Page " + writer.getPageNumber(), SMALL),
                    (document.left() + document.right()) / 2, document.bottom() - 20, 0);
        }
    }
}
