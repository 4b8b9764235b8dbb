package com.kaa.reports.definition.templates;

import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.problems.Problem;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/templates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Templates", description = "Versioned report templates: system, public (organization) and private")
public class TemplateResource {

    private final TemplateService service;

    public TemplateResource(TemplateService service) {
        this.service = service;
    }

    @POST
    @WithTransaction
    @Operation(operationId = "createTemplate", summary = "Create a template (version 1)")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TemplateRequests.Template.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Volume by method", value = """
            {"name":"Volume by method","category":"finance","type":"payments","querySpec":{"columns":["method"],"groupBy":["method"],"aggregations":[{"fn":"sum","column":"amount","as":"volume_kes"}]},"formats":["xlsx","pdf"],"layout":{"title":"Volume by payment method","orientation":"landscape","grouping":["method"],"totals":true},"visibility":"public"}""")))
    public Uni<Response> create(@Valid @NotNull TemplateRequests.CreateTemplate request) {
        return service.create(request).map(t -> Response.created(PublicLinks.to("/templates/" + t.id)).entity(service.view(t)).build());
    }

    @GET
    @WithSession
    @Operation(operationId = "listTemplates", summary = "List the templates the caller can use")
    public Uni<TemplateRequests.TemplatePage> list(
            @QueryParam("category") @Size(max = 40) String category,
            @QueryParam("visibility") @Pattern(regexp = "system|public|private", message = "must be system, public or private") String visibility,
            @QueryParam("type") @Size(max = 63) String type,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(100000) int page,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
            @Context UriInfo uri) {
        return service.list(category, visibility, type, page, limit, uri);
    }

    @GET
    @Path("/system")
    @WithSession
    @Operation(operationId = "listSystemTemplates", summary = "The system templates that come with the product")
    public Uni<TemplateRequests.TemplatePage> system(@QueryParam("category") @Size(max = 40) String category,
                                                     @Context UriInfo uri) {
        return service.list(category, "system", null, 1, 100, uri);
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(operationId = "getTemplate", summary = "Get a template (its current version)")
    public Uni<TemplateRequests.Template> get(@PathParam("id") UUID id) {
        return service.readable(id).map(service::view);
    }

    @PATCH
    @Path("/{id}")
    @WithTransaction
    @Operation(operationId = "updateTemplate", summary = "Change a template", description = "Creates the next version; previous versions stay readable.")
    @APIResponse(responseCode = "200", description = "The template as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TemplateRequests.Template.class)))
    @APIResponse(responseCode = "403", description = "Not the creator or an admin, or a system template (read-only)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Stale version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "New formats", value = """
            {"version":1,"formats":["xlsx","csv"]}""")))
    public Uni<TemplateRequests.Template> update(@PathParam("id") UUID id, @Valid @NotNull TemplateRequests.UpdateTemplate request) {
        return service.update(id, request).map(service::view);
    }

    @DELETE
    // a client that knows only the problems it may get asks for those (the 204 has no body)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{id}")
    @WithTransaction
    @Operation(operationId = "deleteTemplate", summary = "Delete a template (soft; reports made from it keep working)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Not the creator or an admin, or a system template (read-only)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(id).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/copy")
    @Consumes(MediaType.WILDCARD)  // takes no body
    @WithTransaction
    @Operation(operationId = "copyTemplate", summary = "Copy a template into the caller's organization",
            description = "A private template at version 1 with the current version's content: the way to change a system template.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TemplateRequests.Template.class)))
    public Uni<Response> copy(@PathParam("id") UUID id) {
        return service.copy(id).map(t -> Response.created(PublicLinks.to("/templates/" + t.id)).entity(service.view(t)).build());
    }

    @GET
    @Path("/{id}/versions")
    @WithSession
    @Operation(operationId = "listTemplateVersions", summary = "Every version of a template, newest first")
    public Uni<List<TemplateRequests.Template>> versions(@PathParam("id") UUID id) {
        return service.readable(id).chain(t -> service.versions(id).map(vs -> vs.stream().map(v -> service.view(v, t)).toList()));
    }

    @GET
    @Path("/{id}/versions/{version}")
    @WithSession
    @Operation(operationId = "getTemplateVersion", summary = "One version of a template")
    public Uni<TemplateRequests.Template> version(@PathParam("id") UUID id, @PathParam("version") @Min(1) int version) {
        return service.readable(id).chain(t -> service.version(id, version).map(v -> service.view(v, t)));
    }
}
