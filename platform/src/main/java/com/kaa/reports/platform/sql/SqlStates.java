package com.kaa.reports.platform.sql;

/** SQLSTATE classes the suite decides on in more than one place: one answer for each question, asked everywhere. */
public final class SqlStates {

    private SqlStates() {
    }

    /**
     * The session is gone: a connection exception (class 08), or the server ended it (class 57P: shut down, crashed,
     * starting, the database dropped, an idle session timed out). A new connection may work; this one will not.
     */
    public static boolean connectionLost(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    /**
     * The statement was fine and the database could not take it now: the session gone, the server out of resources
     * (class 53: too many connections, disk full, out of memory), a serialization failure or a deadlock (40001,
     * 40P01). Trying the same work again later is right; giving up on it (a dead letter, a failed run) is not.
     */
    public static boolean transientFailure(String state) {
        return state != null
                && (connectionLost(state) || state.startsWith("53") || state.equals("40001") || state.equals("40P01"));
    }
}
