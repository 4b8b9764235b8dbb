package com.kaa.reports.inventory.attachments;

import com.kaa.reports.inventory.cache.InventoryCache;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.tika.Tika;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Files attached to visit reports: checked (size, real type), stored, recorded and announced. */
@ApplicationScoped
public class AttachmentService {

    static final String ADDED = "AttachmentAdded.v1";
    /** Image types ImageIO can read: these get a thumbnail. */
    static final Set<String> THUMBNAILED = Set.of("image/jpeg", "image/png", "image/gif");
    static final String COLUMNS = """
            id, visit_report_id, original_name, content_type, size_bytes, sha256, storage_key, uploaded_by, thumbnail_status,
            thumbnail_key, created_at""";

    public record Attachment(UUID id, UUID visitReportId, String originalName, String contentType, long sizeBytes,
                             String sha256, String uploadedBy, String thumbnailStatus, OffsetDateTime createdAt) {
    }

    /** What a download needs: the stored file and how to present it. */
    record StoredFile(Path path, String contentType, String originalName, long size) {
    }

    record AttachmentAdded(int version, UUID id, UUID visitReportId, String originalName, String contentType, long sizeBytes,
                           String sha256, String uploadedBy, OffsetDateTime createdAt) {
    }

    private final Pool pool;
    private final Outbox outbox;
    private final AttachmentStorage storage;
    private final AttachmentsConfig config;
    private final InventoryCache cache;
    private final Tika tika = new Tika();

    public AttachmentService(Pool pool, Outbox outbox, AttachmentStorage storage, AttachmentsConfig config, InventoryCache cache) {
        this.pool = pool;
        this.outbox = outbox;
        this.storage = storage;
        this.config = config;
        this.cache = cache;
    }

    public Uni<Attachment> add(String organization, String user, UUID visitReport, Path upload, String fileName) {
        UUID id = UUID.randomUUID();
        String key = organization + "/" + visitReport + "/" + id;
        String name = safeName(fileName);
        return pool.preparedQuery("select 1 from visit_report where organization = $1 and id = $2 and deleted_at is null")
                .execute(Tuple.of(organization, visitReport))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("visit report", visitReport);
                    }
                })
                .chain(() -> Uni.createFrom().item(() -> store(upload, key)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .chain(stored -> pool.withTransaction(c -> c.preparedQuery("""
                                        insert into file_attachment (id, organization, visit_report_id, original_name, content_type,
                                                                     size_bytes, sha256, storage_key, uploaded_by, thumbnail_status)
                                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning\s""" + COLUMNS)
                                .execute(Tuple.from(Arrays.asList(id, organization, visitReport, name, stored.contentType(),
                                        stored.size(), stored.sha256(), key, user,
                                        THUMBNAILED.contains(stored.contentType()) ? "pending" : "none")))
                                .map(rows -> read(rows.iterator().next()))
                                .call(a -> outbox.write(c, List.of(new Outbox.Pending(Topics.VISIT_REPORTS, visitReport.toString(),
                                        ADDED, organization, new AttachmentAdded(1, a.id(), visitReport, a.originalName(),
                                        a.contentType(), a.sizeBytes(), a.sha256(), user, a.createdAt()))))))
                        // a failed insert must not leave an orphan file
                        .onFailure().call(e -> Uni.createFrom().item(() -> {
                            storage.delete(key);
                            return null;
                        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())))
                .call(() -> cache.changed(organization));
    }

    /** 404 for a visit report that is not the organization's (or deleted), as for its other operations. */
    public Uni<List<Attachment>> list(String organization, UUID visitReport) {
        return pool.preparedQuery("select 1 from visit_report where organization = $1 and id = $2 and deleted_at is null")
                .execute(Tuple.of(organization, visitReport))
                .invoke(found -> {
                    if (found.size() == 0) {
                        throw ProblemException.notFound("visit report", visitReport);
                    }
                })
                .chain(() -> pool.preparedQuery("select " + COLUMNS + " from file_attachment where organization = $1 and visit_report_id = $2"
                        + " order by created_at, id limit 1000")
                .execute(Tuple.of(organization, visitReport)))
                .map(rows -> {
                    List<Attachment> items = new ArrayList<>();
                    rows.forEach(r -> items.add(read(r)));
                    return items;
                });
    }

    public Uni<Attachment> get(String organization, UUID id) {
        return row(organization, id).map(AttachmentService::read);
    }

    Uni<StoredFile> content(String organization, UUID id) {
        return row(organization, id).map(r -> new StoredFile(storage.path(r.getString("storage_key")), r.getString("content_type"),
                r.getString("original_name"), r.getLong("size_bytes")));
    }

    Uni<StoredFile> thumbnail(String organization, UUID id) {
        return row(organization, id).map(r -> {
            if (!"ready".equals(r.getString("thumbnail_status"))) {
                throw new ProblemException(Problem.of(404, "Not Found", "attachment " + id + " has no thumbnail ("
                        + r.getString("thumbnail_status") + ")"));
            }
            Path path = storage.path(r.getString("thumbnail_key"));
            return new StoredFile(path, "image/png", "thumbnail.png", -1);
        });
    }

    public Uni<Void> delete(String organization, UUID id) {
        return pool.withTransaction(c -> c.preparedQuery("delete from file_attachment where organization = $1 and id = $2"
                                + " returning storage_key, thumbnail_key")
                        .execute(Tuple.of(organization, id))
                        .map(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("attachment", id);
                            }
                            return rows.iterator().next();
                        }))
                .chain(r -> Uni.createFrom().item(() -> {
                    storage.delete(r.getString("storage_key"));
                    if (r.getString("thumbnail_key") != null) {
                        storage.delete(r.getString("thumbnail_key"));
                    }
                    return r;
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .call(() -> cache.changed(organization))
                .replaceWithVoid();
    }

    private record Stored(String contentType, long size, String sha256) {
    }

    /** Blocking: size limit, real type from the bytes, then the copy (with its SHA-256) into storage. */
    private Stored store(Path upload, String key) {
        try {
            long size = Files.size(upload);
            if (size > config.maxSize().asLongValue()) {
                throw new ProblemException(Problem.of(413, "Content Too Large", "the file has " + size
                        + " bytes; attachments may have at most " + config.maxSize().asLongValue()));
            }
            if (size == 0) {
                throw ProblemException.invalidField("file", "is empty");
            }
            String type;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(upload))) {
                type = tika.detect(in);  // magic bytes only: no name is given, so ".jpg" on an executable changes nothing
            }
            if (!config.allowedTypes().contains(type)) {
                throw new ProblemException(Problem.of(415, "Unsupported Media Type", "the file's content is " + type
                        + " (whatever its name says); allowed: " + String.join(", ", config.allowedTypes().stream().sorted().toList())));
            }
            try (InputStream in = Files.newInputStream(upload)) {
                return new Stored(type, size, storage.put(key, in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Uni<Row> row(String organization, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from file_attachment where organization = $1 and id = $2")
                .execute(Tuple.of(organization, id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("attachment", id);
                    }
                    return rows.iterator().next();
                });
    }

    /** The client's file name for display and downloads only: no path, no control characters, bounded. */
    static String safeName(String fileName) {
        String name = fileName == null ? "" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").trim();
        if (name.isEmpty()) {
            name = "attachment";
        }
        return name.length() > 255 ? name.substring(name.length() - 255) : name;
    }

    static Attachment read(Row r) {
        return new Attachment(r.getUUID("id"), r.getUUID("visit_report_id"), r.getString("original_name"), r.getString("content_type"),
                r.getLong("size_bytes"), r.getString("sha256"), r.getString("uploaded_by"), r.getString("thumbnail_status"),
                r.getOffsetDateTime("created_at"));
    }
}
