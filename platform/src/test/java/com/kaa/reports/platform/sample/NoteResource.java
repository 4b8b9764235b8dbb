package com.kaa.reports.platform.sample;

import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

@Path("/notes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NoteResource {

    private final Outbox outbox;
    private final TenantContext tenant;

    public NoteResource(Outbox outbox, TenantContext tenant) {
        this.outbox = outbox;
        this.tenant = tenant;
    }

    public record CreateNoteRequest(@NotBlank @Size(max = 200) String text, @Min(0) @Max(10) Integer stars,
                                    LocalDate due) {
    }

    public record NoteResponse(UUID id, String organization, String text) {
    }

    public record WhoAmI(String organization, String user, Set<String> roles) {
    }

    @POST
    @WithTransaction
    public Uni<NoteResponse> create(@Valid @NotNull CreateNoteRequest request) {
        Note note = new Note();
        note.id = UUID.randomUUID();
        note.organization = tenant.organization();
        note.text = request.text();
        return note.persist()
                .chain(() -> outbox.publish(NoteEvents.TOPIC, note.id.toString(), NoteEvents.NoteCreated.TYPE,
                        note.organization, new NoteEvents.NoteCreated(1, note.id, note.text)))
                .replaceWith(() -> new NoteResponse(note.id, note.organization, note.text));
    }

    /** Bumps the note's version and announces it: events of one note carry increasing seq numbers. */
    @POST
    @Path("/{id}/edits")
    @WithTransaction
    public Uni<Integer> edit(@PathParam("id") UUID id) {
        return Note.<Note>find("id = ?1 and organization = ?2", id, tenant.organization()).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Note", id))
                .flatMap(note -> {
                    note.edits++;
                    return outbox.publish(NoteEvents.TOPIC, id.toString(), NoteEvents.NoteEdited.TYPE, note.organization,
                            new NoteEvents.NoteEdited(1, id, note.edits)).replaceWith(note.edits);
                });
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<NoteResponse> get(@PathParam("id") UUID id) {
        return Note.<Note>find("id = ?1 and organization = ?2", id, tenant.organization()).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Note", id))
                .map(n -> new NoteResponse(n.id, n.organization, n.text));
    }

    @GET
    @Path("/search")
    public Uni<String> search(@QueryParam("limit") @Min(1) @Max(100) int limit, @QueryParam("due") LocalDate due,
                              @QueryParam("unit") java.util.concurrent.TimeUnit unit) {
        return Uni.createFrom().item("limit " + limit + (due == null ? "" : " due " + due));
    }

    @GET
    @Path("/whoami")
    public WhoAmI whoami() {
        TenantContext.Identity identity = tenant.require();
        return new WhoAmI(identity.organization(), identity.user(), identity.roles());
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("a bug with a secret inside");
    }
}
