package com.kaa.reports.execution.storage;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 backend against a local fake S3 endpoint (path-style, like MinIO): which requests it sends for
 * each key, that they are SigV4-signed, and how presigned download links look.
 */
class S3FileStorageTest {

    private HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private S3FileStorage storage;

    @BeforeEach
    void fakeS3(@org.junit.jupiter.api.io.TempDir Path scratch) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path + (exchange.getRequestURI().getQuery() == null ? "" : "?" + exchange.getRequestURI().getQuery()));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] response = new byte[0];
            int status = 200;
            switch (exchange.getRequestMethod()) {
                case "PUT" -> {
                    String sha = String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-content-sha256"));
                    objects.put(path, sha.startsWith("STREAMING-") ? dechunk(body) : body);
                    exchange.getResponseHeaders().add("ETag", "\"etag\"");
                }
                case "GET" -> {
                    if (path.equals("/reports") || path.equals("/reports/")) {
                        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Name>reports</Name><IsTruncated>false</IsTruncated>");
                        objects.forEach((k, v) -> xml.append("<Contents><Key>").append(k.substring("/reports/".length()))
                                .append("</Key><Size>").append(v.length).append("</Size></Contents>"));
                        response = xml.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
                    } else if (objects.containsKey(path)) {
                        response = objects.get(path);
                    } else {
                        status = 404;
                        response = "<Error><Code>NoSuchKey</Code><Message>none</Message></Error>".getBytes(StandardCharsets.UTF_8);
                    }
                }
                case "HEAD" -> {
                    if (objects.containsKey(path)) {
                        exchange.getResponseHeaders().add("Content-Length", Integer.toString(objects.get(path).length));
                        exchange.sendResponseHeaders(200, -1);
                    } else {
                        exchange.sendResponseHeaders(404, -1);
                    }
                    exchange.close();
                    return;
                }
                case "DELETE" -> {
                    objects.remove(path);
                    status = 204;
                }
                default -> status = 405;
            }
            exchange.sendResponseHeaders(status, status == 204 ? -1 : response.length);
            if (status != 204) {
                exchange.getResponseBody().write(response);
            }
            exchange.close();
        });
        server.start();
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        storage = S3FileStorage.create(new StorageConfig.S3() {
            public Optional<String> bucket() {
                return Optional.of("reports");
            }

            public String region() {
                return "eu-west-1";
            }

            public Optional<String> endpoint() {
                return Optional.of(endpoint);
            }

            public boolean pathStyle() {
                return true;
            }

            public Optional<String> accessKey() {
                return Optional.of("AKIAEXAMPLE");
            }

            public Optional<String> secretKey() {
                return Optional.of("secret");
            }
        }, scratch);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void filesGoToTheirKeyInTheBucketAndComeBack() throws Exception {
        Path file = storage.scratch(".csv");
        Files.writeString(file, "status,transactions\r\nsuccess,42\r\n");
        String key = "acme/5f0c8a3e-1d2b-4c6e-9f7a-8b1c2d3e4f50/7d1f6a52-3c1e-4d0b-9a55-2f7d3e4c9b10/csv";

        storage.put(key, file, "text/csv; charset=utf-8");

        assertThat(file).doesNotExist();
        assertThat(requests).contains("PUT /reports/" + key);
        assertThat(authorizations).allMatch(a -> a.startsWith("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/") && a.contains("/eu-west-1/s3/aws4_request"));
        try (InputStream in = storage.open(key)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("status,transactions\r\nsuccess,42\r\n");
        }
        assertThat(storage.size(key)).isEqualTo(33);
        assertThat(storage.usage()).isEqualTo(new FileStorage.Usage(33, 1));
        storage.delete(key);
        assertThat(objects).isEmpty();
        assertThatThrownBy(() -> storage.open(key)).isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void presignedLinksNameTheKeyTheExpiryAndTheFileName() {
        URL url = storage.presignedGet("acme/r/e/xlsx", "M-Pesa 2026-03-01.xlsx", Duration.ofMinutes(5)).orElseThrow();
        assertThat(url.getPath()).isEqualTo("/reports/acme/r/e/xlsx");
        assertThat(url.getQuery()).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Expires=300", "X-Amz-Signature=",
                "X-Amz-Credential=AKIAEXAMPLE", "response-content-disposition=attachment");
        URL other = storage.presignedGet("acme/r/e/csv", "M-Pesa 2026-03-01.csv", Duration.ofMinutes(5)).orElseThrow();
        assertThat(signature(other)).isNotEqualTo(signature(url));
    }

    /** Decodes the aws-chunked body SigV4 streaming uploads send: "size-hex;chunk-signature=...\r\n data \r\n" ... "0;...". */
    static byte[] dechunk(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(body, i);
            String header = new String(body, i, lineEnd - i, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";")[0], 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] body, int from) {
        for (int i = from; i < body.length - 1; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        return body.length;
    }

    private static String signature(URL url) {
        return url.getQuery().replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
    }
}
