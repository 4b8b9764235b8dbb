package com.kaa.reports.platform.crypto;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class HmacSha256Test {

    /** RFC 4231, test case 2. */
    private static final String KEY = "Jefe";
    private static final String MESSAGE = "what do ya want for nothing?";
    private static final String EXPECTED = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void signsAsTheRfcSaysOnceOrRepeatedly() {
        HmacSha256 hmac = new HmacSha256(KEY);
        assertThat(hmac.hex(MESSAGE)).isEqualTo(EXPECTED);
        assertThat(hmac.hex(MESSAGE)).as("the Mac is reset after each message").isEqualTo(EXPECTED);
        assertThat(HmacSha256.hexOnce(KEY, MESSAGE)).isEqualTo(EXPECTED);
    }

    @Test
    void threadsSharingOneSignerGetTheSameSignatures() throws Exception {
        HmacSha256 hmac = new HmacSha256(KEY);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = IntStream.range(0, 2_000)
                    .mapToObj(i -> pool.submit(() -> hmac.hex(i % 2 == 0 ? MESSAGE : "other " + i))).toList();
            for (int i = 0; i < results.size(); i++) {
                String expected = i % 2 == 0 ? EXPECTED : HmacSha256.hexOnce(KEY, "other " + i);
                assertThat(results.get(i).get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
