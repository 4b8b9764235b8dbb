package com.kaa.reports.inventory.attachments;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Set;

@ConfigMapping(prefix = "kaa.attachments")
public interface AttachmentsConfig {

    /** Where files are kept (a volume in Kubernetes): <directory>/<organization>/<visit report>/<attachment id>. */
    Path directory();

    /** Larger uploads are refused with 413. quarkus.http.limits.max-body-size must be a little above it. */
    @WithDefault("10M")
    MemorySize maxSize();

    /** Content types accepted, as detected from the bytes (Apache Tika), never from the name or the client's header. */
    @WithDefault("image/jpeg,image/png,image/gif,image/webp,application/pdf,text/plain")
    Set<String> allowedTypes();

    /** Longest side of a thumbnail, in pixels. */
    @WithDefault("256")
    int thumbnailSize();

    /** Images above this many pixels get no thumbnail (a decompression bomb must not take the service down). */
    @WithDefault("50000000")
    long maxImagePixels();

    @WithDefault("2s")
    String thumbnailInterval();
}
