package com.kaa.reports.execution.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Output files in an S3-compatible bucket under the same keys as on disk (org/report/execution/format).
 * Downloads do not stream through the service: after its own signed-link check the service redirects to a
 * short-lived presigned S3 URL.
 */
public class S3FileStorage implements FileStorage {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final Path scratch;

    S3FileStorage(S3Client s3, S3Presigner presigner, String bucket, Path scratch) throws IOException {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.scratch = Files.createDirectories(scratch);
    }

    static S3FileStorage create(StorageConfig.S3 config, Path scratch) throws IOException {
        String bucket = config.bucket().orElseThrow(() -> new IllegalStateException("kaa.storage.s3.bucket is required with kaa.storage.type=s3"));
        AwsCredentialsProvider credentials = config.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().orElse("")))
                : DefaultCredentialsProvider.builder().build();
        S3Configuration s3Config = S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build();
        var client = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(config.region()))
                .credentialsProvider(credentials).serviceConfiguration(s3Config)
                // S3-compatible stores differ in their support of the newer default checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presigner = S3Presigner.builder().region(Region.of(config.region())).credentialsProvider(credentials)
                .serviceConfiguration(s3Config);
        config.endpoint().map(URI::create).ifPresent(endpoint -> {
            client.endpointOverride(endpoint);
            presigner.endpointOverride(endpoint);
        });
        return new S3FileStorage(client.build(), presigner.build(), bucket, scratch);
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
        Files.deleteIfExists(file);
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new java.io.FileNotFoundException(key);
        }
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            throw new java.io.FileNotFoundException(key);
        }
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    @Override
    public Usage usage() {
        long bytes = 0;
        long files = 0;
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            bytes += object.size();
            files++;
        }
        return new Usage(bytes, files);
    }

    @Override
    public Path scratch(String suffix) throws IOException {
        return Files.createTempFile(scratch, "output-", suffix);
    }

    @Override
    public Optional<URL> presignedGet(String key, String fileName, Duration validity) {
        return Optional.of(presigner.presignGetObject(b -> b.signatureDuration(validity)
                .getObjectRequest(g -> g.bucket(bucket).key(key)
                        .responseContentDisposition("attachment; filename=\"" + fileName + "\""))).url());
    }
}
