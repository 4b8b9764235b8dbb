package com.kaa.reports.execution.executions;

import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.util.UUID;

/**
 * Answers {@code GET /executions/{id}/events} with a 404 problem when the execution is not the caller's (unknown,
 * malformed id, another organization's). It must happen here, before the resource method: an SSE response sends its
 * headers as soon as the stream is returned, so a failure inside the stream can only close the connection, with no
 * answer at all.
 */
public class ExecutionEventsFilter {

    private final ExecutionQueue queue;
    private final TenantContext tenant;

    public ExecutionEventsFilter(ExecutionQueue queue, TenantContext tenant) {
        this.queue = queue;
        this.tenant = tenant;
    }

    @ServerRequestFilter
    public Uni<Void> requireOwnedExecution(SimpleResourceInfo resource, UriInfo uri) {
        if (resource.getResourceClass() != ExecutionResource.class || !resource.getMethodName().equals("events")) {
            return Uni.createFrom().voidItem();
        }
        TenantContext.Identity caller = tenant.require();
        String text = uri.getPathParameters().getFirst("id");
        UUID id;
        try {
            id = UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("execution", text);
        }
        return Panache.withSession(() -> queue.owned(id, caller)).replaceWithVoid();
    }
}
