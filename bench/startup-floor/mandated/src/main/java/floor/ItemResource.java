package floor;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** One endpoint reading the database: what any of the services has at least. */
@Path("/items")
public class ItemResource {
    @GET
    public Uni<Long> count() {
        return Item.count();
    }
}
