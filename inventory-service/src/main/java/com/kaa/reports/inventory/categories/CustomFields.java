package com.kaa.reports.inventory.categories;

import com.kaa.reports.platform.input.InputBounds;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of custom fields: a category's definitions must make sense together, and a device's values must be what
 * its category defines (no unknown key, the right type, within bounds, the required ones present). Uniqueness needs the
 * other devices and is checked where they are read (HardwareBulk).
 */
public final class CustomFields {

    static final String TYPES = "text|number|date|enum|boolean";
    private static final int DEFAULT_MAX_LENGTH = 500;

    /** A value refused: the field to name (customFields.serial) and why. */
    public record Refusal(String field, String message) {
    }

    private CustomFields() {
    }

    /** A 400 naming each definition that contradicts itself or another (fields[2].options: ...). */
    static void checkDefinitions(List<CategoryRequests.CustomField> fields) {
        if (fields == null) {
            return;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            CategoryRequests.CustomField f = fields.get(i);
            String at = "fields[" + i + "].";
            if (!keys.add(f.key())) {
                errors.add(new Problem.FieldError(at + "key", "\"" + f.key() + "\" is defined twice"));
            }
            boolean isEnum = "enum".equals(f.type());
            if (isEnum != (f.options() != null && !f.options().isEmpty())) {
                errors.add(new Problem.FieldError(at + "options", isEnum ? "an enum field needs its options" : "only an enum field has options"));
            }
            if (isEnum && f.options() != null && new HashSet<>(f.options()).size() != f.options().size()) {
                errors.add(new Problem.FieldError(at + "options", "has a value twice"));
            }
            if (f.maxLength() != null && !"text".equals(f.type())) {
                errors.add(new Problem.FieldError(at + "maxLength", "only a text field has a maxLength"));
            }
            if ((f.min() != null || f.max() != null) && !"number".equals(f.type())) {
                errors.add(new Problem.FieldError(at + (f.min() != null ? "min" : "max"), "only a number field has bounds"));
            }
            if (f.min() != null && f.max() != null && f.min().compareTo(f.max()) > 0) {
                errors.add(new Problem.FieldError(at + "min", "must not be above max"));
            }
            if (f.unique() && !List.of("text", "date", "enum").contains(f.type())) {
                // numbers have many spellings (16, 16.0, 1.6E1): unique values are identifiers, compared as text
                errors.add(new Problem.FieldError(at + "unique", "only a text, date or enum field can be unique"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** The first value that breaks its category's definitions, or null. Null values count as absent. */
    public static Refusal check(List<CategoryRequests.CustomField> fields, Map<String, Object> values) {
        Map<String, Object> given = values == null ? Map.of() : values;
        Set<String> known = new HashSet<>();
        for (CategoryRequests.CustomField f : fields) {
            known.add(f.key());
            Object value = given.get(f.key());
            String field = "customFields." + f.key();
            if (value == null) {
                if (f.required()) {
                    return new Refusal(field, "is required by the device's category");
                }
                continue;
            }
            String refusal = refusal(f, value);
            if (refusal != null) {
                return new Refusal(field, refusal);
            }
        }
        for (String key : given.keySet()) {
            if (!known.contains(key)) {
                return new Refusal("customFields." + key, fields.isEmpty() ? "the device's category has no custom fields"
                        : "is not a field of the device's category (its fields: " + String.join(", ", fields.stream().map(CategoryRequests.CustomField::key).toList()) + ")");
            }
        }
        return null;
    }

    private static String refusal(CategoryRequests.CustomField f, Object value) {
        return switch (f.type()) {
            case "text" -> {
                int max = f.maxLength() == null ? DEFAULT_MAX_LENGTH : f.maxLength();
                yield !(value instanceof String s) ? "must be text" : s.length() > max ? "must be at most " + max + " characters"
                        : InputBounds.hasControl(s) ? InputBounds.CONTROL : null;
            }
            case "number" -> {
                if (!(value instanceof Number n) || (n instanceof Double d && !Double.isFinite(d))) {
                    yield "must be a (finite) number";
                }
                BigDecimal number = new BigDecimal(n.toString());
                yield f.min() != null && number.compareTo(f.min()) < 0 ? "must be at least " + f.min().toPlainString()
                        : f.max() != null && number.compareTo(f.max()) > 0 ? "must be at most " + f.max().toPlainString() : null;
            }
            case "date" -> {
                try {
                    yield value instanceof String s && InputBounds.inYears(LocalDate.parse(s)) ? null : "must be a date (YYYY-MM-DD)";
                } catch (DateTimeParseException e) {
                    yield "must be a date (YYYY-MM-DD)";
                }
            }
            case "enum" -> value instanceof String s && f.options().contains(s) ? null
                    : "must be one of " + String.join(", ", f.options());
            default -> value instanceof Boolean ? null : "must be true or false";
        };
    }
}
