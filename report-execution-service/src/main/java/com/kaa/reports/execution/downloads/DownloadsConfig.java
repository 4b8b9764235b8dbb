package com.kaa.reports.execution.downloads;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "kaa.downloads")
public interface DownloadsConfig {

    /**
     * Signing keys by key id ({@code kaa.downloads.keys.<kid>=<secret>}). Rotation: add a new key, make it
     * active, and remove the old one once the links it signed have expired; until then both verify.
     */
    Map<String, String> keys();

    /** The key id new links are signed with. */
    String activeKey();

    /** Longest validity a caller may ask for. */
    @WithDefault("P7D")
    Duration maxTtl();
}
