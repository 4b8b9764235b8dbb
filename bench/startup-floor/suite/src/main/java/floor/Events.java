package floor;

import org.eclipse.microprofile.reactive.messaging.Incoming;

/** One Kafka consumer, so that the messaging extension starts a channel as the services' consumers do. */
public class Events {
    @Incoming("events")
    public void receive(String event) {
    }
}
