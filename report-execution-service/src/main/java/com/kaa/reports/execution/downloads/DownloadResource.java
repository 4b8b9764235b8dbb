package com.kaa.reports.execution.downloads;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.kaa.reports.execution.executions.Execution;
import com.kaa.reports.execution.executions.ExecutionOutput;
import com.kaa.reports.execution.storage.FileStorage;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

import java.io.IOException;
import java.text.Normalizer;
import java.time.Instant;
import java.util.UUID;

/**
 * Serves an output file to whoever holds a valid signed link (e-mails and SMS carry them, so no login is
 * needed). A caller who is logged in must belong to the link's organization. Tampered, expired or foreign
 * links get 403.
 */
@Tag(name = "Downloads", description = "Report files through signed links (no token)")
@Path("/downloads")
public class DownloadResource {

    private final UrlSigner signer;
    private final FileStorage storage;
    private final TenantContext tenant;

    public DownloadResource(UrlSigner signer, FileStorage storage, TenantContext tenant) {
        this.signer = signer;
        this.storage = storage;
        this.tenant = tenant;
    }

    @GET
    @Path("/{execution}/{format}")
    @WithSession
    @Operation(operationId = "downloadOutput", summary = "Download an output through a signed link",
            description = "The link (from download-url or an e-mail) is the authorization: no bearer token is needed; a token "
                    + "of another organization than the link's is refused. With S3 storage the answer is a 303 to a "
                    + "short-lived presigned URL of the object store.")
    @SecurityRequirements
    @APIResponse(responseCode = "200", description = "The file, as an attachment", content = {
            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "303", description = "Fetch the file from the object store's presigned URL in Location "
            + "(a generated client follows it only when its HTTP client follows redirects: java.net.http needs Redirect.NORMAL)")
    @APIResponse(responseCode = "403", description = "The link is tampered, expired, or of another organization than the token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The output does not exist or has expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> download(@PathParam("execution") UUID execution, @PathParam("format") String format,
                                  @QueryParam("org") String organization, @QueryParam("expires") Long expires,
                                  @QueryParam("kid") String kid, @QueryParam("sig") String signature) {
        UrlSigner.Verdict verdict = expires == null ? UrlSigner.Verdict.INVALID
                : signer.verify(execution, format, organization, expires, kid, signature, Instant.now());
        if (verdict == UrlSigner.Verdict.EXPIRED) {
            throw forbidden("this download link expired; ask for a new one");
        }
        if (verdict != UrlSigner.Verdict.VALID) {
            throw forbidden("this download link is not valid");
        }
        if (tenant.present() && !tenant.organization().equals(organization)) {
            throw forbidden("this download link belongs to another organization");
        }
        return Execution.<Execution>find("id = ?1 and organization = ?2", execution, organization).firstResult()
                .flatMap(e -> ExecutionOutput.<ExecutionOutput>find("executionId = ?1 and format = ?2", execution, format).firstResult()
                        .map(output -> {
                            if (e == null || output == null || output.expired) {
                                throw ProblemException.notFound("output " + format + " of execution", execution);
                            }
                            var presigned = storage.presignedGet(output.storageKey, fileName(e, format), java.time.Duration.ofMinutes(5));
                            if (presigned.isPresent()) {
                                return Response.seeOther(java.net.URI.create(presigned.get().toString())).build();
                            }
                            try {
                                var local = storage.localFile(output.storageKey);
                                Object body = local.isPresent() ? local.get() : storage.open(output.storageKey);
                                return Response.ok(body, output.contentType)
                                        .header("Content-Length", output.sizeBytes)
                                        .header("Content-Disposition", "attachment; filename=\"" + fileName(e, format) + "\"")
                                        .header("X-Content-SHA256", output.sha256)
                                        .build();
                            } catch (IOException gone) {
                                throw ProblemException.notFound("file of output " + format + " of execution", execution);
                            }
                        }));
    }

    /** "M-Pesa analytics 2026-03-01.xlsx": ASCII letters, digits, spaces, dots and dashes only. */
    static String fileName(Execution e, String format) {
        String base = Normalizer.normalize(e.reportName, Normalizer.Form.NFKD).replaceAll("[^A-Za-z0-9 ._-]", "").trim();
        if (base.isEmpty()) {
            base = "report";
        }
        String day = e.finishedAt == null ? "" : " " + e.finishedAt.toLocalDate();
        return (base.length() > 80 ? base.substring(0, 80) : base) + day + "." + format;
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "Forbidden", detail));
    }
}
