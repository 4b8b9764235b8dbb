package com.kaa.reports.platform.http;

import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Links of a page-numbered list, at the public address (PublicLinks): the same request with the next or previous page number, so a client walks
 * every list the same way, by following {@code next} until it is null.
 */
@Schema(name = "PageLinks")
public record PageLinks(String self, String next, String prev) {

    public static PageLinks of(UriInfo uri, int page, boolean hasMore) {
        return new PageLinks(PublicLinks.request(uri).build().toString(),
                hasMore ? PublicLinks.request(uri).replaceQueryParam("page", page + 1).build().toString() : null,
                page > 1 ? PublicLinks.request(uri).replaceQueryParam("page", page - 1).build().toString() : null);
    }

    /** Links of a list walked by cursor: next names the cursor (and no page); prev only while paging by number. */
    public static PageLinks ofCursor(UriInfo uri, int page, String nextCursor, boolean byCursor) {
        return new PageLinks(PublicLinks.request(uri).build().toString(),
                nextCursor == null ? null : PublicLinks.request(uri).replaceQueryParam("cursor", nextCursor)
                        .replaceQueryParam("page").build().toString(),
                !byCursor && page > 1 ? PublicLinks.request(uri).replaceQueryParam("page", page - 1).build().toString() : null);
    }
}
