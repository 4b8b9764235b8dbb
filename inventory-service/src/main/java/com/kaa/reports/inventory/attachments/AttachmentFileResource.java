package com.kaa.reports.inventory.attachments;

import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Tag(name = "Attachments", description = "Photos and documents of a visit")
@Produces(MediaType.APPLICATION_JSON)
@Path("/attachments")
public class AttachmentFileResource {

    private final AttachmentService service;
    private final TenantContext tenant;

    public AttachmentFileResource(AttachmentService service, TenantContext tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getAttachment", summary = "Get an attachment's details")
    public Uni<AttachmentService.Attachment> get(@PathParam("id") UUID id) {
        return service.get(tenant.organization(), id);
    }

    @GET
    @Path("/{id}/content")
    @Produces(MediaType.WILDCARD)
    @Operation(operationId = "downloadAttachment", summary = "Download an attachment", description = "Streamed from storage with its detected content type.")
    @APIResponse(responseCode = "200", description = "The file, with the content type detected at upload",
            content = @Content(mediaType = MediaType.WILDCARD, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<Response> content(@PathParam("id") UUID id) {
        return service.content(tenant.organization(), id).map(AttachmentResource::file);
    }

    @GET
    @Path("/{id}/thumbnail")
    @Produces("image/png")
    @Operation(operationId = "downloadAttachmentThumbnail", summary = "Download an image attachment's thumbnail", description = "404 until it is ready.")
    @APIResponse(responseCode = "200", description = "A PNG at most 256 pixels wide or high",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<Response> thumbnail(@PathParam("id") UUID id) {
        return service.thumbnail(tenant.organization(), id).map(AttachmentResource::file);
    }

    @DELETE
    // a client that knows only the problems it may get asks for those (the 204 has no body)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{id}")
    @Operation(operationId = "deleteAttachment", summary = "Delete an attachment and its file")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenant.organization(), id).replaceWith(Response.noContent().build());
    }
}
