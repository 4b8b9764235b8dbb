package floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The one endpoint of the floor: what any REST service has at least. */
@Path("/hello")
public class HelloResource {
    @GET
    public String hello() {
        return "hello";
    }
}
