package com.kaa.reports.platform.http;

import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Links of a list, at the public address (PublicLinks): the same request with the next or previous page, so a client
 * walks every list the same way, by following {@code next} until it is null.
 */
@Schema(name = "PageLinks")
public record PageLinks(String self, String next, String prev) {

    /** Links of a page-numbered list. */
    public static PageLinks of(UriInfo uri, int page, boolean hasMore) {
        UriBuilder here = PublicLinks.request(uri);
        return new PageLinks(here.build().toString(),
                hasMore ? here.clone().replaceQueryParam("page", page + 1).build().toString() : null, prev(here, page));
    }

    /** Links of a list walked by cursor: next names the cursor (and no page); prev only while paging by number. */
    public static PageLinks ofCursor(UriInfo uri, int page, String nextCursor, boolean byCursor) {
        UriBuilder here = PublicLinks.request(uri);
        return new PageLinks(here.build().toString(),
                nextCursor == null ? null : here.clone().replaceQueryParam("cursor", nextCursor).replaceQueryParam("page").build().toString(),
                byCursor ? null : prev(here, page));
    }

    private static String prev(UriBuilder here, int page) {
        return page > 1 ? here.clone().replaceQueryParam("page", page - 1).build().toString() : null;
    }
}
