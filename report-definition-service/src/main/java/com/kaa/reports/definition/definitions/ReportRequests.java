package com.kaa.reports.definition.definitions;

import com.kaa.reports.platform.queryspec.ParameterValue;
import com.kaa.reports.platform.queryspec.QuerySpec;
import com.kaa.reports.platform.queryspec.ReportParameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of /reports. */
public final class ReportRequests {

    private ReportRequests() {
    }

    static final String FORMAT = "csv|json|xlsx|pdf";
    static final String TAG = "[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,49}";

    @Schema(name = "CreateReportRequest", description = "With templateId, the template's dataset, query spec and formats "
            + "are the defaults and any field given here overrides them; without it, name, type, querySpec and formats are required.")
    public record CreateReport(
            @Size(min = 1, max = 200) String name,
            @Size(max = 2000) String description,
            @Schema(description = "The dataset the report reads", examples = "payments") @Size(min = 1, max = 63) String type,
            @Valid QuerySpec querySpec,
            @Schema(description = "Values each run asks for; filters name them with parameter (at most 20)")
            @Size(max = 20) List<@NotNull ReportParameter> parameters,
            @Size(min = 1, max = 4) List<@NotNull @Pattern(regexp = FORMAT, message = "must be one of csv, json, xlsx, pdf") String> formats,
            @Size(max = 20) List<@NotNull @Pattern(regexp = TAG, message = "must be 1-50 letters, digits, spaces, _ . -") String> tags,
            @Pattern(regexp = "draft|active|archived", message = "must be draft, active or archived") String status,
            @Pattern(regexp = "private|organization", message = "must be private or organization") String visibility,
            @Schema(description = "Start from this template's current version") UUID templateId) {
    }

    /** Partial update: absent fields keep their value; {@code version} must be the one last read. */
    @Schema(name = "UpdateReportRequest")
    public record UpdateReport(
            @NotNull @Min(0) Long version,
            @Size(min = 1, max = 200) String name,
            @Size(max = 2000) String description,
            @Size(min = 1, max = 63) String type,
            @Valid QuerySpec querySpec,
            @Schema(description = "Replaces the declared parameters (give them with the querySpec whose filters name them)")
            @Size(max = 20) List<@NotNull ReportParameter> parameters,
            @Size(min = 1, max = 4) List<@NotNull @Pattern(regexp = FORMAT, message = "must be one of csv, json, xlsx, pdf") String> formats,
            @Size(max = 20) List<@NotNull @Pattern(regexp = TAG, message = "must be 1-50 letters, digits, spaces, _ . -") String> tags,
            @Pattern(regexp = "draft|active|archived", message = "must be draft, active or archived") String status,
            @Pattern(regexp = "private|organization", message = "must be private or organization") String visibility) {
    }

    @Schema(name = "RunReportRequest")
    public record RunReport(
            @Schema(description = "1 (highest) to 10 (lowest)", defaultValue = "5") @Min(1) @Max(10) Integer priority,
            @Size(min = 1, max = 4) List<@NotNull @Pattern(regexp = FORMAT, message = "must be one of csv, json, xlsx, pdf") String> formats,
            @Schema(description = "The zone the run's relative dates (\"last month\") and the times in its files are read in",
                    defaultValue = "Africa/Nairobi", examples = "Europe/London") @Size(max = 64) String timeZone,
            @Schema(description = "Values for the report's parameters by name; the others take their defaults",
                    examples = "{\"county\": \"Nairobi\", \"period\": \"last_month\"}")
            @Size(max = 20) java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> parameters) {

        public RunReport(Integer priority, List<String> formats, String timeZone) {
            this(priority, formats, timeZone, null);
        }
    }

    @Schema(name = "RunAccepted", examples = """
            {"executionRequestId":"0f8fad5b-d9cb-469f-a165-70867728950e","reportId":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
             "priority":1,"formats":["pdf"],"timeZone":"Africa/Nairobi","requestedAt":"2026-11-24T06:30:00Z"}""")
    public record RunAccepted(UUID executionRequestId, UUID reportId, int priority, List<String> formats, String timeZone,
                              OffsetDateTime requestedAt,
                              @Schema(description = "Each parameter with the value this run binds and where it came from")
                              List<ParameterValue> parameters) {
    }

    @Schema(name = "Report", examples = """
            {"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","name":"M-Pesa weekly volume","description":"Successful M-Pesa volume by day",
             "type":"payments","querySpec":{"columns":["status"],"groupBy":["status"],"filters":[{"column":"method","op":"eq","value":"mpesa"}],
             "aggregations":[{"fn":"count","column":"*","as":"transactions"},{"fn":"sum","column":"amount","as":"volume_kes"}],
             "sort":[{"column":"volume_kes","direction":"desc"}],"parameters":{"dateColumn":"occurred_at","dateRange":"last_7_days"}},
             "formats":["xlsx","pdf"],"tags":["finance","mpesa"],"status":"active","owner":"wanjiru","organization":"acme",
             "visibility":"organization","runCount":12,"lastRunAt":"2026-11-23T05:00:04Z",
             "lastRunStatus":"succeeded","nextRunAt":"2026-11-30T05:00:00Z","isActive":true,
             "createdAt":"2026-09-01T07:12:44Z","updatedAt":"2026-11-02T10:01:13Z","version":3}""")
    public record Report(
            UUID id, String name, String description, String type, QuerySpec querySpec, List<ReportParameter> parameters,
            List<String> formats,
            List<String> tags, String status, String owner, String organization, String visibility, UUID templateId,
            Integer templateVersion, long runCount, OffsetDateTime lastRunAt, String lastRunStatus,
            OffsetDateTime nextRunAt, boolean isActive, OffsetDateTime deletedAt, OffsetDateTime createdAt,
            OffsetDateTime updatedAt, long version) {
    }

    @Schema(name = "ReportPage")
    public record ReportPage(List<Report> items, long total, int page, int limit, boolean hasMore, String nextCursor,
                             com.kaa.reports.platform.http.PageLinks links) {
    }
}
