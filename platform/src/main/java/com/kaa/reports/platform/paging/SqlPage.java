package com.kaa.reports.platform.paging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list read with the reactive SQL client: the rows of the select and, when a count is given,
 * the total over every match, both queried at once. The select must ask for {@code limit + 1} rows: the extra
 * row only tells whether there is more. (Panache services use their session's equivalent.)
 */
public record SqlPage<T>(List<T> items, Long total, boolean hasMore) {

    /** @param count null for no total (keyset lists do not count) */
    public static <T> Uni<SqlPage<T>> fetch(SqlClient client, String select, Tuple selectParams, String count,
                                            Tuple countParams, int limit, Function<Row, T> read) {
        Uni<List<T>> rows = client.preparedQuery(select).execute(selectParams).map(set -> {
            List<T> items = new ArrayList<>();
            set.forEach(r -> items.add(read.apply(r)));
            return items;
        });
        Uni<Long> total = count == null ? Uni.createFrom().nullItem()
                : client.preparedQuery(count).execute(countParams).map(set -> set.iterator().next().getLong(0));
        return Uni.combine().all().unis(rows, total).asTuple().map(t -> {
            boolean more = t.getItem1().size() > limit;
            return new SqlPage<>(List.copyOf(more ? t.getItem1().subList(0, limit) : t.getItem1()), t.getItem2(), more);
        });
    }

    /**
     * Page {@code page} (from 1) of {@code limit} rows, offset paging with the total: {@code select} (the columns)
     * {@code from} (the tables) with the conditions, in {@code order}. The count runs over the same tables and conditions.
     */
    public static <T> Uni<SqlPage<T>> offset(SqlClient client, String select, String from, Conditions where, String order,
                                             int page, int limit, Function<Row, T> read) {
        return fetch(client, select + " " + from + where.sql() + " order by " + order + " limit " + (limit + 1)
                + " offset " + (long) (page - 1) * limit, where.tuple(), "select count(*) " + from + where.sql(), where.tuple(), limit, read);
    }

    /** The last row shown: where a keyset cursor continues from. */
    public T last() {
        return items.get(items.size() - 1);
    }
}
