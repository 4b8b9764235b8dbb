package com.kaa.reports.platform.testing;

import com.kaa.reports.platform.http.PublicLinks;
import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks a list as a client does: the first page, then links.next until it is null. Links name the gateway's public
 * URL (PublicLinks); a service's own test has no gateway, so each link must start with it and is followed on the
 * service itself.
 */
public final class ListWalk {

    private ListWalk() {
    }

    /** The ids of every page from {@code first} on; fails on a non-200 page, an item seen twice or a walk past 100 pages. */
    public static List<String> ids(Map<String, String> who, String first) {
        List<String> seen = new ArrayList<>();
        String next = first;
        for (int pages = 0; next != null; pages++) {
            assertThat(pages).as("pages of " + first).isLessThan(100);
            Response page = given().headers(who).get(next);
            assertThat(page.statusCode()).as(next + " answered " + page.asString()).isEqualTo(200);
            seen.addAll(page.path("items.id"));
            next = onService(page.path("links.next"));
        }
        assertThat(new HashSet<>(seen)).as("no item twice in " + first).hasSize(seen.size());
        return seen;
    }

    private static String onService(String link) {
        if (link == null) {
            return null;
        }
        String base = PublicLinks.base().map(Object::toString).orElse("");
        assertThat(link).as("a link at the public URL").startsWith(base);
        return link.substring(base.length());
    }
}
