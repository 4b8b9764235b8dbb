package com.kaa.reports.inventory.attachments;

import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

@Tag(name = "Attachments", description = "Photos and documents of a visit")
@Produces(MediaType.APPLICATION_JSON)
@Path("/visit-reports/{id}/attachments")
public class AttachmentResource {

    private final AttachmentService service;
    private final TenantContext tenant;

    public AttachmentResource(AttachmentService service, TenantContext tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "createAttachment", summary = "Attach a file to a visit report",
            description = "multipart/form-data with one part named file. The type is detected from the content (JPEG, PNG, GIF, WebP, PDF, plain text by default); "
                    + "images get a thumbnail shortly after (thumbnailStatus pending → ready).")
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AttachmentService.Attachment.class)))
    @APIResponse(responseCode = "400", description = "No file part, or an empty file", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Larger than the limit", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "A content type that is not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> upload(@PathParam("id") UUID visitReport, @RestForm("file") FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.invalidField("file", "send the file as the multipart part named file");
        }
        TenantContext.Identity who = tenant.require();
        return service.add(who.organization(), who.user(), visitReport, file.uploadedFile(), file.fileName())
                .map(a -> Response.created(PublicLinks.to("/attachments/" + a.id())).entity(a).build());
    }

    @GET
    @Operation(operationId = "listAttachments", summary = "List a visit report's attachments")
    public Uni<List<AttachmentService.Attachment>> list(@PathParam("id") UUID visitReport) {
        return service.list(tenant.organization(), visitReport);
    }

    static Response file(AttachmentService.StoredFile stored) {
        String encoded = URLEncoder.encode(stored.originalName(), StandardCharsets.UTF_8).replace("+", "%20");
        return Response.ok(stored.path().toFile(), stored.contentType())
                // never rendered inline as something else: the browser gets the detected type and a download
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "attachment; filename*=UTF-8''" + encoded)
                .build();
    }
}
