package com.kaa.reports.execution.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "kaa.storage")
public interface StorageConfig {

    /** local (a directory, a PersistentVolume in Kubernetes) or s3 (any S3-compatible object store). */
    @WithDefault("local")
    String type();

    /** Directory of the local-filesystem storage; also the scratch space of outputs being written. */
    @WithDefault("${java.io.tmpdir}/kaa-reports/files")
    String directory();

    S3 s3();

    interface S3 {
        /** Bucket of the output files (required with type s3). */
        Optional<String> bucket();

        @WithDefault("eu-west-1")
        String region();

        /** For MinIO, Ceph and other S3-compatible stores, e.g. http://minio:9000; empty for AWS. */
        Optional<String> endpoint();

        /** Path-style addressing (bucket in the path), which most S3-compatible stores need. */
        @WithDefault("false")
        boolean pathStyle();

        /** Static credentials; when absent the AWS default chain (env, web identity / IRSA, instance profile). */
        Optional<String> accessKey();

        Optional<String> secretKey();
    }
}
