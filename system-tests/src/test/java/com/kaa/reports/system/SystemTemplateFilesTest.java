package com.kaa.reports.system;

import io.restassured.response.Response;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every system template of the catalog, run through the gateway as a client would, in every format, and each file
 * read by a library that did not write it: Apache POI for the XLSX (fastexcel writes it), PDFBox for the PDF (OpenPDF),
 * commons-csv for the CSV, Jackson for the JSON. The formats must agree on the rows and the headings.
 */
@ExtendWith(Suite.class)
class SystemTemplateFilesTest {

    private static final String ORG = "files-" + UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String token;

    @BeforeAll
    static void signInWithData() throws Exception {
        token = Suite.token(ORG, "ops@" + ORG + ".example", "admin,analyst");
        MpesaData.publish(ORG, 400, "127.0.0.1:9092");
    }

    @Test
    void everySystemTemplatesFilesOpenInIndependentReadersAndAgree() throws Exception {
        List<Map<String, Object>> templates = Suite.as(token).get("/api/v1/templates/system").path("items");
        assertThat(templates).as("system templates").hasSizeGreaterThanOrEqualTo(10);
        List<String> wrong = new ArrayList<>();
        for (Map<String, Object> template : templates) {
            String name = (String) template.get("name");
            Response created = Suite.as(token).body(Map.of("templateId", template.get("id"), "name", name + " files",
                    "formats", List.of("csv", "json", "xlsx", "pdf"))).post("/api/v1/reports");
            assertThat(created.statusCode()).as("report from %s: %s", name, created.asString()).isEqualTo(201);
            String report = created.path("id");
            Suite.runNow(token, report, Map.of());
            Map<String, Object> execution = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Suite.as(token).queryParam("reportId", report).get("/api/v1/executions").<Map<String, Object>>path("items[0]"),
                            e -> e != null && List.of("completed", "failed", "cancelled").contains(e.get("status")));
            if (!"completed".equals(execution.get("status"))) {
                wrong.add(name + ": " + execution.get("status") + " " + execution.get("error"));
                continue;
            }
            String id = (String) execution.get("id");
            try {
                check(name, id, wrong);
            } catch (Exception | AssertionError e) {
                wrong.add(name + ": " + e);
            }
        }
        assertThat(wrong).as("templates whose files a reader refuses or whose formats disagree").isEmpty();
        System.out.printf("[files] %d system templates, 4 formats each, read by POI, PDFBox, commons-csv and Jackson%n", templates.size());
    }

    private void check(String name, String execution, List<String> wrong) throws Exception {
        String csvText = new String(download(execution, "csv"), StandardCharsets.UTF_8).replace("\uFEFF", "");
        var csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csvText));
        List<String> headings = csv.getHeaderNames();
        List<CSVRecord> records = csv.getRecords();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(download(execution, "json"));
        if (!json.isArray() || json.size() != records.size()) {
            wrong.add(name + ": JSON has " + json.size() + " rows, CSV " + records.size());
        }
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(download(execution, "xlsx")))) {
            var sheet = workbook.getSheetAt(0);
            DataFormatter formatter = new DataFormatter(Locale.US);
            List<String> xlsxHeadings = new ArrayList<>();
            sheet.getRow(0).forEach(cell -> xlsxHeadings.add(cell.getStringCellValue()));
            if (!xlsxHeadings.equals(headings)) {
                wrong.add(name + ": XLSX headings " + xlsxHeadings + " but CSV " + headings);
            }
            int dataRows = 0;
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                if (sheet.getRow(r) != null && sheet.getRow(r).getCell(0) != null) {
                    formatter.formatCellValue(sheet.getRow(r).getCell(0));   // every cell's format is one POI can apply
                    dataRows++;
                }
            }
            if (dataRows != records.size()) {
                wrong.add(name + ": XLSX has " + dataRows + " rows, CSV " + records.size());
            }
            if (workbook.getSheet("Columns") == null) {
                wrong.add(name + ": XLSX without its Columns sheet");
            }
        }
        try (var pdf = Loader.loadPDF(download(execution, "pdf"))) {
            String text = new PDFTextStripper().getText(pdf);
            if (!text.contains(name + " files")) {
                wrong.add(name + ": PDF text lacks its title");
            }
            // a heading may wrap in its cell: each of its words is there
            String flat = text.replaceAll("\\s+", " ");
            for (String heading : headings) {
                for (String word : heading.split("\\s+")) {
                    if (!flat.contains(word)) {
                        wrong.add(name + ": PDF text lacks \"" + word + "\" of heading " + heading + " in: "
                                + flat.substring(0, Math.min(300, flat.length())));
                    }
                }
            }
        }
    }

    private byte[] download(String execution, String format) throws Exception {
        String url = Suite.as(token).queryParam("format", format).get("/api/v1/executions/" + execution + "/download-url").path("url");
        HttpResponse<byte[]> file = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).as("%s download of %s", format, execution).isEqualTo(200);
        return file.body();
    }
}
