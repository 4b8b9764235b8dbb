package com.kaa.reports.platform.sql;

/** SQLSTATE classes the suite decides on in more than one place. */
public final class SqlStates {

    private SqlStates() {
    }

    /** The session is gone: a connection exception (08xxx), or the server shut it down or is starting (57P01-57P03). */
    public static boolean connectionLost(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }
}
