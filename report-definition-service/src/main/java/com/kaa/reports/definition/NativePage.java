package com.kaa.reports.definition;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;

/**
 * One page of entities from a native select plus the total from its count, in the current session.
 * The select must ask for {@code limit + 1} rows: the extra row only tells whether there is more.
 */
public record NativePage<T>(List<T> items, long total, boolean hasMore) {

    public static <T> Uni<NativePage<T>> fetch(Class<T> type, String select, Map<String, Object> selectParams,
                                               String count, Map<String, Object> countParams, int limit) {
        return Panache.getSession().chain(session -> {
            var rows = session.createNativeQuery(select, type);
            selectParams.forEach(rows::setParameter);
            var total = session.createNativeQuery(count, Long.class);
            countParams.forEach(total::setParameter);
            return rows.getResultList().chain(list -> total.getSingleResult().map(n -> {
                boolean more = list.size() > limit;
                return new NativePage<>(more ? list.subList(0, limit) : list, n, more);
            }));
        });
    }
}
