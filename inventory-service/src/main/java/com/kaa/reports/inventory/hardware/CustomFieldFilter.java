package com.kaa.reports.inventory.hardware;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.inventory.categories.CategoryRequests;
import com.kaa.reports.inventory.categories.CategoryService;
import com.kaa.reports.platform.problems.ProblemException;

import java.math.BigDecimal;
import java.util.List;

/**
 * customField=key:value filters of a hardware list, as the JSON object a containment query looks for. Values are typed
 * by the category's definition ("16" is the number 16 for a number field), which is why a categoryId is required.
 */
final class CustomFieldFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CustomFieldFilter() {
    }

    static String json(CategoryService.Rules category, List<String> filters) {
        ObjectNode wanted = JSON.createObjectNode();
        for (String filter : filters) {
            int colon = filter.indexOf(':');
            if (colon <= 0) {
                throw ProblemException.invalidField("customField", "\"" + filter + "\" is not key:value");
            }
            String key = filter.substring(0, colon);
            String value = filter.substring(colon + 1);
            if (wanted.has(key)) {
                throw ProblemException.invalidField("customField", key + " is given twice: a device has one value of it");
            }
            CategoryRequests.CustomField field = category.fields().stream().filter(f -> f.key().equals(key)).findFirst()
                    .orElseThrow(() -> ProblemException.invalidField("customField", "\"" + key + "\" is not a field of category "
                            + category.name()));
            switch (field.type()) {
                case "number" -> {
                    try {
                        wanted.put(key, new BigDecimal(value));
                    } catch (NumberFormatException e) {
                        throw ProblemException.invalidField("customField", key + " is a number field: \"" + value + "\" is not a number");
                    }
                }
                case "boolean" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw ProblemException.invalidField("customField", key + " is a boolean field: give true or false");
                    }
                    wanted.put(key, Boolean.parseBoolean(value));
                }
                default -> wanted.put(key, value);
            }
        }
        return wanted.toString();
    }
}
