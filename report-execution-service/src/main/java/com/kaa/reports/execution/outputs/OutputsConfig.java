package com.kaa.reports.execution.outputs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "kaa.outputs")
public interface OutputsConfig {

    /** A UTF-8 byte-order mark at the start of CSV files, so Excel opens them with the right encoding. */
    @WithDefault("true")
    boolean csvBom();

    /** Table rows at most in a PDF; the PDF says how many more the other formats hold. */
    @WithDefault("10000")
    int pdfMaxRows();
}
