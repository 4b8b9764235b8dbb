package com.kaa.reports.platform.problems;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdTest {

    @Test
    void aClientsRequestIdIsKeptOnlyWhenItIsShortAndPlain() {
        assertThat(ProblemMappers.validRequestId("a")).isTrue();
        assertThat(ProblemMappers.validRequestId("Trace-01.abc_XYZ")).isTrue();
        assertThat(ProblemMappers.validRequestId("x".repeat(64))).isTrue();
        assertThat(ProblemMappers.validRequestId(ProblemMappers.newRequestId())).isTrue();

        assertThat(ProblemMappers.validRequestId(null)).isFalse();
        assertThat(ProblemMappers.validRequestId("")).isFalse();
        assertThat(ProblemMappers.validRequestId("x".repeat(65))).isFalse();
        assertThat(ProblemMappers.validRequestId("id with space")).isFalse();
        assertThat(ProblemMappers.validRequestId("line\nbreak")).isFalse();
        assertThat(ProblemMappers.validRequestId("<script>")).isFalse();
        assertThat(ProblemMappers.validRequestId("ünïcode")).isFalse();
    }
}
