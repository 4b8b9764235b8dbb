package com.kaa.reports.definition.templates;

import com.kaa.reports.platform.queryspec.QuerySpec;
import com.kaa.reports.platform.queryspec.ReportParameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of /templates. */
public final class TemplateRequests {

    private TemplateRequests() {
    }

    static final String FORMAT = "csv|json|xlsx|pdf";
    static final String CATEGORY = "[a-z][a-z0-9_-]{0,39}";

    /** PDF layout options: title, orientation, grouping columns, totals row. */
    @Schema(name = "TemplateLayout")
    public record Layout(@Size(max = 200) String title,
                         @Pattern(regexp = "portrait|landscape", message = "must be portrait or landscape") String orientation,
                         @Size(max = 5) List<@NotBlank @Size(max = 63) String> grouping,
                         Boolean totals,
                         @Schema(description = "a chart above the table in PDF output: bar or line over the first column and the first measure")
                         @Pattern(regexp = "bar|line", message = "must be bar or line") String chart) {
    }

    @Schema(name = "CreateTemplateRequest")
    public record CreateTemplate(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,
            @NotNull @Pattern(regexp = CATEGORY, message = "must be 1-40 lowercase letters, digits, _ or -") String category,
            @NotBlank @Size(max = 63) String type,
            @NotNull @Valid QuerySpec querySpec,
            @Schema(description = "Values each report made from it asks for when it runs; filters name them with parameter")
            @Size(max = 20) List<@NotNull ReportParameter> parameters,
            @NotNull @Size(min = 1, max = 4) List<@NotNull @Pattern(regexp = FORMAT, message = "must be one of csv, json, xlsx, pdf") String> formats,
            @Valid Layout layout,
            @Pattern(regexp = "public|private", message = "must be public or private (system templates come with the product)") String visibility) {
    }

    @Schema(name = "UpdateTemplateRequest", description = "Partial update; creates a new version. Send the version you read.")
    public record UpdateTemplate(
            @NotNull @Min(1) Integer version,
            @Size(min = 1, max = 200) String name,
            @Size(max = 2000) String description,
            @Pattern(regexp = CATEGORY, message = "must be 1-40 lowercase letters, digits, _ or -") String category,
            @Size(min = 1, max = 63) String type,
            @Valid QuerySpec querySpec,
            @Schema(description = "Values each report made from it asks for when it runs; filters name them with parameter")
            @Size(max = 20) List<@NotNull ReportParameter> parameters,
            @Size(min = 1, max = 4) List<@NotNull @Pattern(regexp = FORMAT, message = "must be one of csv, json, xlsx, pdf") String> formats,
            @Valid Layout layout,
            @Pattern(regexp = "public|private", message = "must be public or private") String visibility) {
    }

    @Schema(name = "Template", examples = """
            {"id":"5f1d7a9e-2c1b-4f0e-9a43-1d6f4b8e2a10","name":"M-Pesa transaction analytics","description":"Daily M-Pesa volume and count",
             "category":"finance","type":"payments","querySpec":{"columns":["status"],"groupBy":["status"],
             "aggregations":[{"fn":"count","column":"*","as":"transactions"}],"parameters":{"dateColumn":"occurred_at","dateRange":"this_month"}},
             "formats":["csv","xlsx"],"layout":{"title":"M-Pesa analytics"},"visibility":"public","version":2,"createdBy":"system",
             "createdAt":"2026-09-01T00:00:00Z","updatedAt":"2026-10-14T09:30:00Z"}""")
    public record Template(UUID id, String name, String description, String category, String type, QuerySpec querySpec,
                           List<ReportParameter> parameters, List<String> formats, Layout layout, String visibility, int version, String createdBy,
                           OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    @Schema(name = "TemplatePage")
    public record TemplatePage(List<Template> items, long total, int page, int limit, boolean hasMore,
                               com.kaa.reports.platform.http.PageLinks links) {
    }
}
