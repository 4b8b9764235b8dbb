package com.kaa.reports.notification.email;

import com.kaa.reports.notification.deliveries.DeliveryConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.file.FileSystem;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.File;
import java.util.List;

/**
 * Fetches a finished report's file by the signed download URL of its ExecutionCompleted event (the URL is
 * the authorization: no credentials here), refusing anything larger than the attachment cap. A link on the public
 * URL is fetched from the execution service itself (kaa.deliveries.files-url), which checks the same signature:
 * through the public address, a storm of e-mails would hairpin out through the ingress and be throttled by the
 * gateway's per-address limit for anonymous callers (measured: 959 of 1,000 e-mails failed on 429).
 */
@ApplicationScoped
public class ReportFiles {

    /** A file that could not be fetched; retryable unless the link is refused for good (expired, 4xx). */
    public static class Unavailable extends RuntimeException {
        final boolean permanent;

        Unavailable(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }
    }

    private static final java.util.regex.Pattern DOWNLOAD =
            java.util.regex.Pattern.compile("[0-9a-fA-F-]{36}/(csv|json|xlsx|pdf)(\\?[A-Za-z0-9=&%._~-]*)?");

    private final WebClient client;
    private final FileSystem fs;
    private final long cap;
    private final String publicPrefix;
    private final String internalPrefix;

    public ReportFiles(Vertx vertx, DeliveryConfig config, @ConfigProperty(name = "kaa.public-url") String publicUrl) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(60)
                .setMaxPoolSize(8).setFollowRedirects(true));
        this.fs = vertx.fileSystem();
        this.cap = config.attachmentMaxSize().asLongValue();
        this.publicPrefix = withoutSlash(publicUrl) + "/downloads/";
        this.internalPrefix = withoutSlash(config.filesUrl()) + "/downloads/";
    }

    /**
     * The file at the link, in a temporary file of its own (delete it with {@link #delete} once sent). The mailer
     * attaches a file as one buffer; given bytes, it would copy them into its buffer one byte at a time on the event
     * loop (seconds for a few megabytes, measured: the loop blocked 2-3 s per e-mail and sends ran past their lease).
     */
    public Uni<File> download(String url) {
        return fetch(url).chain(body -> fs.createTempFile("kaa-attachment-", ".part")
                .chain(path -> fs.writeFile(path, body).replaceWith(new File(path))));
    }

    /** Deletes downloaded files, quietly: a file already gone is fine. */
    public Uni<Void> delete(List<File> downloaded) {
        return downloaded.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(downloaded.stream()
                        .map(f -> fs.delete(f.getPath()).onFailure().recoverWithNull()).toList())
                .andCollectFailures().replaceWithVoid();
    }

    private Uni<Buffer> fetch(String url) {
        return client.getAbs(internal(url, publicPrefix, internalPrefix)).timeout(60_000).send()
                // the execution service down or restarting: a passing failure, named as what it is (not the mail server's)
                .onFailure(e -> !(e instanceof Unavailable)).transform(e -> new Unavailable("the report file could not be fetched from "
                        + withoutQuery(url) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), false))
                .map(response -> {
            if (response.statusCode() != 200) {
                throw new Unavailable("the report file answered " + response.statusCode() + " at " + withoutQuery(url),
                        response.statusCode() >= 400 && response.statusCode() < 500 && response.statusCode() != 429);
            }
            Buffer body = response.body();
            if (body == null) {
                return Buffer.buffer();
            }
            if (body.length() > cap) {
                throw new Unavailable("the report file is larger than announced", true);
            }
            return body;
        });
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * The download link on the execution service's own address; any other URL as it is. Only a link of the exact
     * shape {@code <execution id>/<format>?<query>} is redirected: nothing else of the service (a {@code ..}, its
     * management paths) is reachable this way, whatever an event carries.
     */
    static String internal(String url, String publicPrefix, String internalPrefix) {
        if (!url.startsWith(publicPrefix)) {
            return url;
        }
        String rest = url.substring(publicPrefix.length());
        return DOWNLOAD.matcher(rest).matches() ? internalPrefix + rest : url;
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
