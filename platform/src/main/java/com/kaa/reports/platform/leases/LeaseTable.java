package com.kaa.reports.platform.leases;

import java.net.InetAddress;
import java.util.UUID;

/**
 * A table of work that replicas claim under a lease: the one lease mechanism of the suite. A claim takes up to
 * N due rows in one statement ({@code FOR UPDATE SKIP LOCKED}: concurrent claims of other replicas skip them
 * instead of waiting), marking each with this replica's name and a lease expiry; every later change of a claimed
 * row is fenced by that name ({@link #held}), so a replica whose lease expired and was taken over can no longer
 * finish the work. One statement renews every lease a replica holds; a row whose lease expired is due again.
 *
 * <p>Statements take their parameters in this order: {@code $1} the owner, {@code $2} the lease in milliseconds,
 * {@code $3} the batch size or the claimed ids; the caller's own parameters follow from {@code $4}.
 *
 * @param table   the table (in the service's schema)
 * @param owner   the column naming the replica that holds the lease (null when free)
 * @param expires the column of the lease expiry (null when free)
 */
public record LeaseTable(String table, String owner, String expires) {

    /** A name for this replica as a lease owner: its host (the pod) and a random part (a restarted pod is a new owner). */
    public static String newOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception unknown) {
            host = "replica";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Claims up to {@code $3} rows matching {@code due}, in {@code order}, for {@code $1} during {@code $2} ms,
     * applying {@code set} as well; returns {@code returning} of each claimed row (in no particular order).
     */
    public String claim(String due, String order, String set, String returning) {
        return "update " + table + " set " + owner + " = $1, " + expires + " = now() + ($2 * interval '1 millisecond')"
                + (set.isBlank() ? "" : ", " + set)
                // array(...) runs the locking sub-select once, before the update (an IN sub-query may be re-planned as a join)
                + " where id = any(array(select id from " + table + " where " + due + " order by " + order
                + " limit $3 for update skip locked)) returning " + returning;
    }

    /**
     * Renews the leases {@code $1} holds on the rows {@code $3} (an array of ids) for {@code $2} ms, applying
     * {@code set} as well (it may use {@code v.*} of {@code values}, an unnest of further arrays joined by id) where
     * {@code also} holds too (blank: always); returns {@code returning} of each renewed row: an id missing from the
     * answer is a lease lost.
     */
    public String renew(String values, String set, String also, String returning) {
        return "update " + table + " t set " + expires + " = now() + ($2 * interval '1 millisecond')"
                + (set.isBlank() ? "" : ", " + set)
                + " from " + values + " where t.id = v.id and " + held("t") + (also.isBlank() ? "" : " and " + also)
                + " returning " + returning;
    }

    /**
     * The condition of a row {@code $1} still holds (fence every change of claimed work with it). A holder past its
     * expiry still holds the row until another replica claims it: slow work that nobody took over may finish.
     */
    public String held(String alias) {
        return held(alias, "$1");
    }

    /** Like {@link #held(String)}, for statements that change many rows, each with its holder ({@code v.owner}). */
    public String held(String alias, String holder) {
        return (alias == null ? "" : alias + ".") + owner + " = " + holder;
    }

    /** The condition of a claimed row whose holder stopped renewing it: due again, for any replica. */
    public String expired() {
        return owner + " is not null and " + expires + " < now()";
    }
}
