package com.kaa.reports.inventory.categories;

import com.kaa.reports.platform.http.PublicLinks;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/categories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Categories", description = "Kinds of devices, with their own custom fields, audit interval and depreciation")
public class CategoryResource {

    private final CategoryService service;
    private final TenantContext tenant;

    public CategoryResource(CategoryService service, TenantContext tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    @POST
    @Operation(operationId = "createCategory", summary = "Add a category with its custom fields")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CategoryRequests.Category.class)))
    @APIResponse(responseCode = "409", description = "A category of that name exists", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Laptops", value = """
            {"name":"Laptop","auditMonths":12,"depreciationMonths":36,"fields":[{"key":"ram_gb","label":"RAM (GB)","type":"number","required":true,"min":1},{"key":"os","type":"enum","options":["Windows 11","Ubuntu 24.04","macOS"]},{"key":"hostname","type":"text","unique":true,"maxLength":63}]}""")))
    public Uni<Response> create(@Valid @NotNull CategoryRequests.CreateCategory request) {
        return service.create(tenant.organization(), request)
                .map(c -> Response.created(PublicLinks.to("/categories/" + c.id())).entity(c).build());
    }

    @GET
    @Operation(operationId = "listCategories", summary = "The organization's categories", description = "By name, with how many live devices each has.")
    public Uni<CategoryRequests.CategoryList> list() {
        return service.list(tenant.organization());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getCategory", summary = "Get a category")
    public Uni<CategoryRequests.Category> get(@PathParam("id") UUID id) {
        return service.get(tenant.organization(), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "updateCategory", summary = "Change a category",
            description = "Send the version you read (stale: 409). fields, when given, replace the list; devices' stored values are checked against it on their next write. A new name is written on its devices.")
    @APIResponse(responseCode = "200", description = "The category as it is now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CategoryRequests.Category.class)))
    @APIResponse(responseCode = "409", description = "Stale version or duplicate name", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CategoryRequests.Category> update(@PathParam("id") UUID id, @Valid @NotNull CategoryRequests.UpdateCategory request) {
        return service.update(tenant.organization(), id, request);
    }

    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{id}")
    @Operation(operationId = "deleteCategory", summary = "Delete a category no device uses")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "Devices are of this category", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(tenant.organization(), id).replaceWith(Response.noContent().build());
    }
}
