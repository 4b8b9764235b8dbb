package com.kaa.reports.execution.datasets;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.kaa.reports.execution.query.CompiledQuery;
import com.kaa.reports.execution.query.InvalidQueryException;
import com.kaa.reports.execution.query.QueryCompiler;
import com.kaa.reports.execution.query.QueryRunner;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.queryspec.DatasetDeclaration;
import com.kaa.reports.platform.queryspec.QuerySpec;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/** The dataset catalog, and a preview of a query spec's first rows over the caller's organization. */
@Tag(name = "Datasets", description = "What reports can query: datasets, their columns and a preview")
@Path("/datasets")
public class DatasetResource {

    static final int PREVIEW_ROWS = 1000;
    static final String DEFAULT_ZONE = "Africa/Nairobi";

    @Schema(description = "Runs a query spec now and returns its first rows (at most " + PREVIEW_ROWS + ")")
    public record PreviewRequest(@NotNull @Valid QuerySpec querySpec,
                                 @Schema(description = "IANA zone for relative ranges, local days and hours", defaultValue = DEFAULT_ZONE)
                                 String timeZone,
                                 @Min(1) @Max(PREVIEW_ROWS) Integer limit) {
    }

    public record PreviewResponse(String dataset, List<CompiledQuery.OutputColumn> columns,
                                  List<Map<String, Object>> rows) {
    }

    private final Datasets datasets;
    private final QueryRunner runner;
    private final TenantContext tenant;

    public DatasetResource(Datasets datasets, QueryRunner runner, TenantContext tenant) {
        this.datasets = datasets;
        this.runner = runner;
        this.tenant = tenant;
    }

    @GET
    @Operation(operationId = "listDatasets", summary = "Every dataset with its columns and what each allows (filter, group, aggregate)")
    public List<DatasetDeclaration> list() {
        return datasets.all().stream().map(Dataset::declaration).toList();
    }

    @GET
    @Path("/{name}")
    @Operation(operationId = "getDataset", summary = "One dataset's declaration")
    public DatasetDeclaration get(@PathParam("name") String name) {
        return require(name).declaration();
    }

    @POST
    @Path("/{name}/preview")
    @Operation(operationId = "previewDataset", summary = "The first rows of a query spec over this dataset, for the caller's organization")
    public Uni<PreviewResponse> preview(@PathParam("name") String name, @NotNull @Valid PreviewRequest request) {
        Dataset dataset = require(name);
        ZoneId zone = zone(request.timeZone());
        String organization = tenant.require().organization();
        CompiledQuery query;
        try {
            query = QueryCompiler.compile(dataset, request.querySpec(), organization, zone, ZonedDateTime.now(zone),
                    request.limit() == null ? PREVIEW_ROWS : request.limit());
        } catch (InvalidQueryException e) {
            throw e.toProblem();
        }
        return runner.rows(query).map(rows -> new PreviewResponse(dataset.name(), query.columns(), rows));
    }

    private Dataset require(String name) {
        return datasets.named(name).orElseThrow(() -> ProblemException.notFound("dataset", name));
    }

    static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone == null || timeZone.isBlank() ? DEFAULT_ZONE : timeZone);
        } catch (DateTimeException e) {
            throw ProblemException.invalidField("timeZone", "not an IANA time zone (e.g. Africa/Nairobi)");
        }
    }
}
