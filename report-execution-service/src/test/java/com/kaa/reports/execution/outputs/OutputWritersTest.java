package com.kaa.reports.execution.outputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.execution.query.CompiledQuery.OutputColumn;
import com.kaa.reports.platform.queryspec.ColumnType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each format is parsed back with an independent reader (commons-csv, Jackson, fastexcel-reader, PDFBox). */
class OutputWritersTest {

    static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");
    static final List<OutputColumn> COLUMNS = List.of(new OutputColumn("note", "Note", ColumnType.STRING, false, false),
            new OutputColumn("amount", "Amount (KES)", ColumnType.MONEY, true, false),
            new OutputColumn("day", "Day", ColumnType.DATE, false, false),
            new OutputColumn("at", "At", ColumnType.TIMESTAMP, false, false));
    static final ReportContext CONTEXT = new ReportContext("Payments", "method eq \"mpesa\"", java.util.List.of(),
            ZonedDateTime.of(2026, 3, 1, 9, 0, 0, 0, NAIROBI), NAIROBI, COLUMNS);
    static final Object[][] ROWS = {
            {"plain", new BigDecimal("45000.00"), LocalDate.of(2026, 3, 1), OffsetDateTime.parse("2026-03-01T21:30:00Z")},
            {"comma, \"quote\"\nnewline", new BigDecimal("0.50"), null, null},
            {"=HYPERLINK(\"http://evil\")", new BigDecimal("-12.25"), LocalDate.of(2026, 2, 28), null},
            {"+254712345678", null, null, null},
            {"@SUM(A1)", BigDecimal.ONE, null, null},
            {"-2+3", BigDecimal.TEN, null, null},
            {"Kĩsumu — ñandú ✓", new BigDecimal("1234567.89"), null, null}};
    final OutputWriters writers = new OutputWriters(new OutputsConfig() {
        @Override
        public boolean csvBom() {
            return true;
        }

        @Override
        public int pdfMaxRows() {
            return 3;
        }
    });

    @Test
    void csvIsRfc4180WithABomAndDefusesFormulas() throws Exception {
        String csv = new String(write(OutputFormat.CSV), StandardCharsets.UTF_8);
        // failed before: names (note,amount,...) while XLSX and PDF had labels, and times without their zone
        assertThat(csv).startsWith("\uFEFFNote,Amount (KES),Day,At (Africa/Nairobi)\r\n");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.substring(1))).getRecords();
        assertThat(records).extracting(r -> r.get("Note")).containsExactly("plain", "comma, \"quote\"\nnewline",
                "'=HYPERLINK(\"http://evil\")", "'+254712345678", "'@SUM(A1)", "'-2+3", "Kĩsumu — ñandú ✓");
        assertThat(records).extracting(r -> r.get("Amount (KES)")).containsExactly("45000.00", "0.50", "-12.25", "", "1", "10", "1234567.89");
        assertThat(records.get(0).get("At (Africa/Nairobi)")).isEqualTo("2026-03-02T00:30:00+03:00");
        assertThat(java.time.OffsetDateTime.parse(records.get(0).get("At (Africa/Nairobi)")).toInstant())
                .isEqualTo(java.time.Instant.parse("2026-03-01T21:30:00Z"));
    }

    @Test
    void jsonIsAnArrayWithExactNumbers() throws Exception {
        JsonNode json = new ObjectMapper().readTree(write(OutputFormat.JSON));
        assertThat(json).hasSize(ROWS.length);
        assertThat(json.get(0).get("amount").decimalValue()).isEqualByComparingTo("45000.00");
        assertThat(json.get(0).get("at").asText()).isEqualTo("2026-03-02T00:30+03:00");
        assertThat(json.get(1).get("note").asText()).isEqualTo("comma, \"quote\"\nnewline");
        assertThat(json.get(3).get("amount").isNull()).isTrue();
    }

    @Test
    void xlsxHasTypedCellsAndAHeader() throws Exception {
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(write(OutputFormat.XLSX)))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertThat(rows.get(0).getCellText(1)).isEqualTo("Amount (KES)");
            assertThat(rows.get(1).getCellAsNumber(1)).hasValueSatisfying(n -> assertThat(n).isEqualByComparingTo("45000"));
            assertThat(rows.get(1).getCellAsDate(2)).hasValueSatisfying(d -> assertThat(d.toLocalDate()).isEqualTo(LocalDate.of(2026, 3, 1)));
            assertThat(rows.get(3).getCellText(0)).isEqualTo("=HYPERLINK(\"http://evil\")");
            assertThat(rows.get(7).getCellAsNumber(1)).hasValueSatisfying(n -> assertThat(n).isEqualByComparingTo("1234567.89"));
        }
    }

    // failed before: POI refused the workbook (the money format's quotes were written into styles.xml unescaped)
    @Test
    void xlsxOpensInApachePoiWithItsMoneyDateAndTimeFormats() throws Exception {
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new ByteArrayInputStream(write(OutputFormat.XLSX)))) {
            var sheet = workbook.getSheetAt(0);
            var formatter = new org.apache.poi.ss.usermodel.DataFormatter(java.util.Locale.US);
            assertThat(sheet.getRow(0).getCell(1).getStringCellValue()).isEqualTo("Amount (KES)");
            var amount = sheet.getRow(1).getCell(1);
            assertThat(amount.getNumericCellValue()).isEqualTo(45000.0);
            assertThat(amount.getCellStyle().getDataFormatString()).contains("KES");
            assertThat(formatter.formatCellValue(amount)).contains("45,000.00").contains("KES");
            assertThat(sheet.getRow(1).getCell(2).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(LocalDate.of(2026, 3, 1));
            assertThat(sheet.getRow(1).getCell(3).getLocalDateTimeCellValue()).isEqualTo(java.time.LocalDateTime.of(2026, 3, 2, 0, 30));
            assertThat(sheet.getRow(7).getCell(0).getStringCellValue()).isEqualTo("Kĩsumu — ñandú ✓");
            // the zone of the times in the heading; each column's name, type and zone on the "Columns" sheet
            assertThat(sheet.getRow(0).getCell(3).getStringCellValue()).isEqualTo("At (Africa/Nairobi)");
            var about = workbook.getSheet("Columns");
            assertThat(about).isNotNull();
            assertThat(about.getRow(2).getCell(0).getStringCellValue()).isEqualTo("Amount (KES)");
            assertThat(about.getRow(2).getCell(1).getStringCellValue()).isEqualTo("amount");
            assertThat(about.getRow(4).getCell(1).getStringCellValue()).isEqualTo("at");
            assertThat(about.getRow(4).getCell(3).getStringCellValue()).contains("Africa/Nairobi");
        }
    }

    @Test
    void pdfHasTitleParametersPagesTotalsAndSaysWhatItLeftOut() throws Exception {
        try (var pdf = Loader.loadPDF(write(OutputFormat.PDF))) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Payments", "Generated 2026-03-01 09:00 (Africa/Nairobi)", "Parameters: method eq \"mpesa\"",
                    "Page 1", "Total", "1279567.14", "first 3 of 7 rows");
            assertThat(text).doesNotContain("Kĩsumu");
        }
    }

    /** Ingested text may hold control characters (events are read leniently): XML 1.0 has no place for them. */
    @Test
    void xlsxOfTextWithControlCharactersStillOpensInApachePoi() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        OutputWriter writer = writers.open(OutputFormat.XLSX, out, CONTEXT);
        writer.row(new Object[]{"bell\u0007 and\u0001 escape\u001b, tab\tkept", BigDecimal.ONE, null, null});
        writer.finish(1, false);
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(workbook.getSheetAt(0).getRow(1).getCell(0).getStringCellValue()).isEqualTo("bell and escape, tab\tkept");
        }
    }

    /** failed before: the PDF of an empty result had no table at all, not even its headings */
    @Test
    void pdfOfAnEmptyResultShowsItsHeadings() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        OutputWriter writer = writers.open(OutputFormat.PDF, out, CONTEXT);
        writer.finish(0, false);
        try (var pdf = Loader.loadPDF(out.toByteArray())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("Note", "Amount (KES)", "At (Africa/Nairobi)", "No rows matched.");
        }
    }

    /** failed before: a plain listing with a number column got a bar chart of its rows */
    @Test
    void pdfChartsOnlyAGroupedAggregateNeverAPlainListing() throws Exception {
        try (var pdf = Loader.loadPDF(write(OutputFormat.PDF))) {
            assertThat(images(pdf)).as("images in a listing's PDF").isZero();
        }
        ReportContext grouped = new ReportContext("By status", "", java.util.List.of(), CONTEXT.generatedAt(), NAIROBI,
                List.of(new OutputColumn("status", "Status", ColumnType.STRING, false, false),
                        new OutputColumn("n", "Payments", ColumnType.INTEGER, true, true)));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        OutputWriter writer = writers.open(OutputFormat.PDF, out, grouped);
        writer.row(new Object[]{"completed", 12L});
        writer.row(new Object[]{"failed", 3L});
        writer.finish(2, false);
        try (var pdf = Loader.loadPDF(out.toByteArray())) {
            assertThat(images(pdf)).as("images in a grouped result's PDF").isEqualTo(1);
        }
    }

    private static int images(org.apache.pdfbox.pdmodel.PDDocument pdf) throws Exception {
        int images = 0;
        for (var page : pdf.getPages()) {
            for (var name : page.getResources().getXObjectNames()) {
                if (page.getResources().getXObject(name) instanceof org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject) {
                    images++;
                }
            }
        }
        return images;
    }

    @Test
    void xlsxStartsANewSheetPastExcelsRowLimit() throws Exception {
        Path file = Files.createTempFile("big", ".xlsx");
        try {
            long rows = XlsxOutput.ROWS_PER_SHEET + 10L;
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
                OutputWriter writer = writers.open(OutputFormat.XLSX, out, new ReportContext("Big", "", java.util.List.of(), CONTEXT.generatedAt(), NAIROBI,
                        List.of(new OutputColumn("n", "N", ColumnType.INTEGER, true, true))));
                Object[] row = new Object[1];
                for (long i = 1; i <= rows; i++) {
                    row[0] = i;
                    writer.row(row);
                }
                writer.finish(rows, false);
            }
            try (ReadableWorkbook workbook = new ReadableWorkbook(file.toFile())) {
                List<Sheet> sheets = workbook.getSheets().toList();
                assertThat(sheets).extracting(Sheet::getName).containsExactly("Report", "Report (2)", "Columns");
                try (Stream<Row> second = sheets.get(1).openStream()) {
                    List<Row> tail = second.toList();
                    assertThat(tail).hasSize(11);
                    assertThat(tail.get(1).getCellAsNumber(0)).hasValue(BigDecimal.valueOf(XlsxOutput.ROWS_PER_SHEET + 1L));
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aFileStopsAtItsSizeLimitWithTheFormatNamed() {
        CountingDigestStream limited = new CountingDigestStream(new ByteArrayOutputStream(), 100, "csv");
        assertThatThrownBy(() -> {
            OutputWriter writer = writers.open(OutputFormat.CSV, limited, CONTEXT);
            for (Object[] row : ROWS) {
                writer.row(row);
            }
            writer.finish(ROWS.length, false);
        }).isInstanceOf(CountingDigestStream.TooLarge.class).hasMessageContaining("csv file would exceed the limit of 100 bytes");
    }

    private byte[] write(OutputFormat format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CountingDigestStream out = new CountingDigestStream(bytes, Long.MAX_VALUE, format.key());
        OutputWriter writer = writers.open(format, out, CONTEXT);
        for (Object[] row : ROWS) {
            writer.row(row);
        }
        writer.finish(ROWS.length, false);
        out.flush();
        assertThat(out.count()).isEqualTo(bytes.size());
        return bytes.toByteArray();
    }
}
