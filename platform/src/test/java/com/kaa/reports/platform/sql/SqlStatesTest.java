package com.kaa.reports.platform.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The suite's one reading of SQLSTATEs (PostgreSQL appendix A): what is lost, what is worth waiting for, what is not. */
class SqlStatesTest {

    @ParameterizedTest(name = "{0}: connection lost {1}, transient {2}")
    @CsvSource({
            // connection exceptions: refused, broken, failed
            "08000, true, true", "08003, true, true", "08006, true, true", "08001, true, true",
            // the server ended the session: shutdown, crash, starting, database dropped, idle session timeout
            "57P01, true, true", "57P02, true, true", "57P03, true, true", "57P04, true, true", "57P05, true, true",
            // out of resources: the session lives, the work can be tried again
            "53300, false, true", "53100, false, true", "53200, false, true",
            // concurrency: serialization failure, deadlock
            "40001, false, true", "40P01, false, true",
            // the statement itself is wrong: trying again gives the same answer
            "23505, false, false", "23503, false, false", "22001, false, false", "42P01, false, false",
            "42501, false, false",
            // canceled by the operator or by statement_timeout: a decision about this statement, not an outage
            "57014, false, false"
    })
    void readsEachClassOnce(String state, boolean lost, boolean transientFailure) {
        assertThat(SqlStates.connectionLost(state)).isEqualTo(lost);
        assertThat(SqlStates.transientFailure(state)).isEqualTo(transientFailure);
    }

    @Test
    void noStateIsNoDecision() {
        for (String state : new String[] {null, ""}) {
            assertThat(SqlStates.connectionLost(state)).isFalse();
            assertThat(SqlStates.transientFailure(state)).isFalse();
        }
    }
}
