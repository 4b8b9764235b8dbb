package com.kaa.reports.inventory.cache;

import java.nio.charset.StandardCharsets;

/**
 * A response body kept by {@link InventoryCache} as the UTF-8 JSON it is sent as. Hits are written to the
 * client byte for byte ({@link CachedJsonWriter}): neither read back into objects nor serialized again,
 * which was most of the CPU a cached page cost.
 */
public record CachedJson(byte[] utf8) {

    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
