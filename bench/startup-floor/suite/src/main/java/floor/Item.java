package floor;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Entity;

/** One entity, so that Hibernate Reactive has a persistence unit to start. */
@Entity
public class Item extends PanacheEntity {
    public String name;
}
