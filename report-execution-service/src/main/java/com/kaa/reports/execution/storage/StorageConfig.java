package com.kaa.reports.execution.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "kaa.storage")
public interface StorageConfig {

    /** Directory of the local-filesystem storage (a PersistentVolume in Kubernetes). */
    @WithDefault("${java.io.tmpdir}/kaa-reports/files")
    String directory();
}
