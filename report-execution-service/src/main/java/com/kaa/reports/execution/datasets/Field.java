package com.kaa.reports.execution.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.platform.events.Rfc3339;
import com.kaa.reports.platform.input.InputBounds;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One stored column of a read model and how it is read from an event's data: each reader validates and
 * returns the value as text (Postgres casts it, so money stays an exact decimal) or throws
 * {@link InvalidEventException} naming the property. A reader accepts only what its column accepts (no NUL in
 * text, years 0001-9999, digits that fit the numeric): a value Postgres refuses would fail the batch's statement,
 * and the record belongs on the DLQ with a reason that names the property, not in a retried batch.
 */
public record Field(String property, String column, String sqlType, boolean mandatory, Reader reader) {

    @FunctionalInterface
    public interface Reader {
        String read(String property, JsonNode value);
    }

    public Field required() {
        return new Field(property, column, sqlType, true, reader);
    }

    /** The value for this column, or null when the property is absent and allowed to be. */
    public String read(JsonNode data) {
        JsonNode value = data.get(property);
        if (value == null || value.isNull()) {
            if (mandatory) {
                throw new InvalidEventException(property + " is required");
            }
            return null;
        }
        return reader.read(property, value);
    }

    public static Field text(String property, String column, int maxLength) {
        return new Field(property, column, "text", false, (name, value) -> {
            String text = textual(name, value);
            if (text.length() > maxLength) {
                throw new InvalidEventException(name + " is longer than " + maxLength + " characters");
            }
            return text;
        });
    }

    public static Field text(String property, int maxLength) {
        return text(property, snake(property), maxLength);
    }

    public static Field oneOf(String property, Set<String> allowed) {
        return new Field(property, snake(property), "text", false, (name, value) -> {
            String text = textual(name, value);
            if (!allowed.contains(text)) {
                throw new InvalidEventException(name + " must be one of " + new java.util.TreeSet<>(allowed) + ", was '" + abbreviate(text) + "'");
            }
            return text;
        });
    }

    public static Field normalized(String property, String what, UnaryOperator<String> canonical) {
        return new Field(property, snake(property), "text", false, (name, value) -> {
            String text = canonical.apply(textual(name, value));
            if (text == null) {
                throw new InvalidEventException(name + " '" + abbreviate(textual(name, value)) + "' is not " + what);
            }
            return text;
        });
    }

    /**
     * A non-negative exact decimal for a {@code numeric(precision, scale)} column, given as a JSON number or a string:
     * at most {@code scale} decimals and {@code precision - scale} digits before the point.
     */
    public static Field decimal(String property, int precision, int scale) {
        int integerDigits = precision - scale;
        String largest = "9".repeat(integerDigits);
        return new Field(property, snake(property), "numeric", false, (name, value) -> {
            BigDecimal number;
            try {
                number = value.isNumber() ? value.decimalValue() : new BigDecimal(textual(name, value));
            } catch (NumberFormatException e) {
                throw new InvalidEventException(name + " must be a decimal number");
            }
            if (number.signum() < 0 || number.stripTrailingZeros().scale() > scale || number.precision() - number.scale() > integerDigits) {
                throw new InvalidEventException(name + " must be between 0 and " + largest + " with at most " + scale + " decimals");
            }
            return number.toPlainString();
        });
    }

    public static Field integer(String property, int min, int max) {
        return new Field(property, snake(property), "int", false, (name, value) -> {
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < min || value.intValue() > max) {
                throw new InvalidEventException(name + " must be a whole number from " + min + " to " + max);
            }
            return Integer.toString(value.intValue());
        });
    }

    /** A JSON object, stored as its compact text (a report shows it as one cell). */
    public static Field jsonObject(String property, int maxLength) {
        return new Field(property, snake(property), "text", false, (name, value) -> {
            if (!value.isObject()) {
                throw new InvalidEventException(name + " must be a JSON object");
            }
            String text = value.toString();
            if (text.length() > maxLength) {
                throw new InvalidEventException(name + " is longer than " + maxLength + " characters as JSON");
            }
            return text;
        });
    }

    public static Field date(String property) {
        return new Field(property, snake(property), "date", false, (name, value) -> {
            LocalDate date;
            try {
                date = LocalDate.parse(textual(name, value));
            } catch (DateTimeParseException e) {
                throw new InvalidEventException(name + " must be an ISO-8601 date (2025-01-31)");
            }
            return inYears(name, date).toString();
        });
    }

    public static Field timestamp(String property) {
        return new Field(property, snake(property), "timestamptz", false, (name, value) -> instant(name, value));
    }

    static String instant(String name, JsonNode value) {
        return instantOf(name, value).toString();
    }

    /**
     * A date-time with offset (RFC 3339 / ISO-8601) as an instant within years 0001-9999 in UTC; anything else is an
     * invalid event. In UTC because that is how it is stored: 9999-12-31T23:00-05:00 is already year 10000.
     */
    public static Instant instantOf(String name, JsonNode value) {
        String text = textual(name, value);
        Instant common = Rfc3339.parse(text);
        if (common != null) {
            return inYears(name, common);
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(name + " must be an ISO-8601 date-time with offset (2025-01-31T08:00:00Z)");
        }
        return inYears(name, instant);
    }

    /** Java writes year 10000 as "+10000-01-01" and year 0 as "0000-...": Postgres refuses both, and the batch with them. */
    private static <T> T inYears(String name, T dateOrInstant) {
        if (!InputBounds.inYears(dateOrInstant)) {
            throw new InvalidEventException(name + " " + InputBounds.DATES);
        }
        return dateOrInstant;
    }

    static String textual(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw new InvalidEventException(name + " must be a string");
        }
        String text = value.asText();
        if (InputBounds.hasNul(text)) {
            throw new InvalidEventException(name + " " + InputBounds.NUL);
        }
        return text;
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
