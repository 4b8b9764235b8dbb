package com.kaa.reports.platform.paging;

import com.kaa.reports.platform.problems.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset position in a list: the last row's sort value and id. Lists continue strictly after
 * it in their order, so rows inserted meanwhile are neither skipped nor repeated (unlike offsets).
 */
public record Cursor(String value, String id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((value + "\n" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** A 400 problem on the cursor parameter when the token is not one a list returned. */
    public static Cursor decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 2);
            UUID.fromString(parts[1]);
            return new Cursor(parts[0], parts[1]);
        } catch (RuntimeException e) {
            throw ProblemException.invalidField("cursor", "is not a cursor returned by this list");
        }
    }
}
