package com.kaa.reports.execution.datasets;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "kaa.datasets")
public interface DatasetsConfig {

    /** Key of the HMAC that replaces payer phone numbers in the read model; keep it secret and stable. */
    String piiKey();
}
