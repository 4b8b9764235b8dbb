package com.kaa.reports.definition;

import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Links of a page-numbered list: the same request with the next or previous page number, so a client walks
 * every list the same way, by following {@code next} until it is null.
 */
@Schema(name = "PageLinks")
public record PageLinks(String self, String next, String prev) {

    public static PageLinks of(UriInfo uri, int page, boolean hasMore) {
        return new PageLinks(uri.getRequestUri().toString(),
                hasMore ? uri.getRequestUriBuilder().replaceQueryParam("page", page + 1).build().toString() : null,
                page > 1 ? uri.getRequestUriBuilder().replaceQueryParam("page", page - 1).build().toString() : null);
    }
}
