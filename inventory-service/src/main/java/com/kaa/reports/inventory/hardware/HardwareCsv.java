package com.kaa.reports.inventory.hardware;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.platform.input.InputBounds;
import com.kaa.reports.platform.problems.ProblemException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a hardware CSV (RFC 4180, header row, UTF-8, optional BOM) into bulk-create items. Headers are the
 * API's field names in camelCase or snake_case, any case; a row that cannot even be read (bad date, bad
 * id) becomes that row's error, and the other rows go on.
 */
final class HardwareCsv {

    static final Set<String> COLUMNS = Set.of("visitreportid", "category", "devicename", "manufacturer", "model", "serialnumber",
            "assettag", "status", "purchasedate", "warrantyexpiry", "building", "floor", "room", "notes", "ipaddress", "macaddress",
            "conditionrating", "specifications", "metadata", "categoryid", "customfields", "purchasecost");

    /** Cells are parsed alone (no CDI mapper needed): the strict reading of request bodies, for one JSON value per cell. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    record Parsed(List<HardwareRequests.NewHardware> items, Map<Integer, HardwareBulk.ItemError> errors, List<Integer> lines) {
    }

    private HardwareCsv() {
    }

    static Parsed parse(Reader csv, UUID defaultVisitReport) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).setAllowMissingColumnNames(false).get();
        List<HardwareRequests.NewHardware> items = new ArrayList<>();
        Map<Integer, HardwareBulk.ItemError> errors = new HashMap<>();
        List<Integer> lines = new ArrayList<>();
        try (CSVParser parser = format.parse(csv)) {
            Map<String, String> headerOf = new HashMap<>();
            for (String header : parser.getHeaderNames()) {
                String key = header.replace("\uFEFF", "").replace("_", "").toLowerCase(Locale.ROOT);
                if (!COLUMNS.contains(key)) {
                    throw ProblemException.invalidField("header", "unknown column \"" + header + "\"; columns are " + COLUMNS);
                }
                headerOf.put(key, header);
            }
            if ((!headerOf.containsKey("category") && !headerOf.containsKey("categoryid")) || !headerOf.containsKey("status")) {
                throw ProblemException.invalidField("header", "the status column and a category or categoryId column are required");
            }
            if (!headerOf.containsKey("visitreportid") && defaultVisitReport == null) {
                throw ProblemException.invalidField("visitReportId", "give a visitReportId column or query parameter");
            }
            for (CSVRecord record : parser) {
                int index = items.size();
                if (index >= HardwareRequests.MAX_BULK) {
                    throw ProblemException.invalidField("body", "at most " + HardwareRequests.MAX_BULK + " rows per import");
                }
                lines.add((int) record.getRecordNumber() + 1);
                try {
                    items.add(item(record, headerOf, defaultVisitReport));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    items.add(null);
                    errors.put(index, new HardwareBulk.ItemError(HardwareBulk.Failure.INVALID, null, e.getMessage()));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw ProblemException.badRequest("the body is not valid CSV: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw ProblemException.badRequest("the body is not valid CSV: " + e.getMessage());
        }
        if (items.isEmpty()) {
            throw ProblemException.invalidField("body", "has a header but no rows");
        }
        return new Parsed(items, errors, lines);
    }

    private static HardwareRequests.NewHardware item(CSVRecord record, Map<String, String> headerOf, UUID defaultVisitReport) {
        if (!record.isConsistent()) {
            throw new IllegalArgumentException("has " + record.size() + " fields, the header has " + headerOf.size());
        }
        String visit = value(record, headerOf, "visitreportid");
        return new HardwareRequests.NewHardware(
                visit == null ? defaultVisitReport : id(record, headerOf, "visitreportid"),
                value(record, headerOf, "category"), value(record, headerOf, "devicename"),
                value(record, headerOf, "manufacturer"), value(record, headerOf, "model"),
                value(record, headerOf, "serialnumber"), value(record, headerOf, "assettag"),
                value(record, headerOf, "status"), date(record, headerOf, "purchasedate"),
                date(record, headerOf, "warrantyexpiry"), value(record, headerOf, "building"),
                value(record, headerOf, "floor"), value(record, headerOf, "room"), value(record, headerOf, "notes"),
                value(record, headerOf, "ipaddress"), value(record, headerOf, "macaddress"),
                rating(record, headerOf), object(record, headerOf, "specifications"), object(record, headerOf, "metadata"),
                id(record, headerOf, "categoryid"), object(record, headerOf, "customfields"), cost(record, headerOf));
    }

    private static String value(CSVRecord record, Map<String, String> headerOf, String column) {
        String header = headerOf.get(column);
        if (header == null) {
            return null;
        }
        String value = record.get(header);
        // a CSV is not read by Jackson, so the platform's bounds of JSON bodies are applied here
        if (value != null && InputBounds.hasNul(value)) {
            throw new IllegalArgumentException(header + " " + InputBounds.NUL);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    private static LocalDate date(CSVRecord record, Map<String, String> headerOf, String column) {
        String value = value(record, headerOf, column);
        LocalDate date;
        try {
            date = value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(headerOf.get(column) + ": \"" + value + "\" is not a date (YYYY-MM-DD)");
        }
        if (date != null && !InputBounds.inYears(date)) {
            throw new IllegalArgumentException(headerOf.get(column) + " " + InputBounds.DATES);
        }
        return date;
    }

    private static Integer rating(CSVRecord record, Map<String, String> headerOf) {
        String value = value(record, headerOf, "conditionrating");
        if (value != null && !value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException(headerOf.get("conditionrating") + ": \"" + value + "\" is not a whole number (1 to 5)");
        }
        return value == null ? null : Integer.valueOf(value);
    }

    /** A JSON object in one cell ({"cpu":"i5"}, quoted as CSV quotes it: "{""cpu"":""i5""}"). */
    private static Map<String, Object> object(CSVRecord record, Map<String, String> headerOf, String column) {
        String value = value(record, headerOf, column);
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(headerOf.get(column) + ": must be a JSON object ({\"cpu\":\"i5\"})");
            }
            return JSON.convertValue(node, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(headerOf.get(column) + ": is not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static UUID id(CSVRecord record, Map<String, String> headerOf, String column) {
        String value = value(record, headerOf, column);
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(headerOf.get(column) + ": \"" + value + "\" is not an id");
        }
    }

    private static java.math.BigDecimal cost(CSVRecord record, Map<String, String> headerOf) {
        String value = value(record, headerOf, "purchasecost");
        try {
            return value == null ? null : new java.math.BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(headerOf.get("purchasecost") + ": \"" + value + "\" is not a number (1234.50)");
        }
    }
}
