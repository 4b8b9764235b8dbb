package com.kaa.reports.platform.http;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A closed set of values written as a Bean Validation pattern ({@code @Pattern(regexp = "draft|active|archived")})
 * is an {@code enum} in the API document. Bean Validation matches the whole value, but a JSON Schema pattern is an
 * unanchored search: published as it is, it told generated clients that "xxdraftxx" was a status, and gave them a
 * string where they should have had an enum type.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiEnums implements OASFilter {

    /** Literal words separated by |, nothing else a regex could mean. */
    private static final Pattern ALTERNATION = Pattern.compile("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)+");

    @Override
    public Schema filterSchema(Schema schema) {
        String pattern = schema.getPattern();
        if (pattern != null && ALTERNATION.matcher(pattern).matches()) {
            schema.setEnumeration(new ArrayList<>(List.of((Object[]) pattern.split("\\|"))));
            schema.setPattern(null);
        }
        return schema;
    }
}
