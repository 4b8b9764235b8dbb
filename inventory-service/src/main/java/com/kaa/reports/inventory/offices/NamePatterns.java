package com.kaa.reports.inventory.offices;

import java.util.Locale;

/** Name searches as LIKE patterns over lower(name): "contains, any case", where the text's own % and _ are only characters. */
public final class NamePatterns {

    private NamePatterns() {
    }

    /** The pattern, or null for no text (no filter). */
    public static String containing(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String escaped = text.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
