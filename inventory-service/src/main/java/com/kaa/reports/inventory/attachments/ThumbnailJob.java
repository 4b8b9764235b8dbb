package com.kaa.reports.inventory.attachments;

import com.kaa.reports.platform.leases.LeaseTable;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;

/**
 * Makes thumbnails of image attachments, off the request path and off the event loop (a scheduled
 * method runs on a worker thread). Replicas share the work as platform leased work ({@link LeaseTable}): a claim
 * marks rows working under this replica's five-minute lease, only the holder records the outcome, and a row whose
 * lease ran out (its replica died) is claimed again.
 */
@ApplicationScoped
public class ThumbnailJob {

    private static final Logger LOG = Logger.getLogger(ThumbnailJob.class);
    private static final int BATCH = 5;
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final LeaseTable LEASES = new LeaseTable("file_attachment", "thumbnail_lease_owner", "thumbnail_lease_until");
    // a row claimed by a pod of the version before leases (V2, rolling update) has no lease: its claim time counts
    private static final String CLAIM = LEASES.claim("thumbnail_status = 'pending' or (thumbnail_status = 'working' and "
            + "coalesce(thumbnail_lease_until, thumbnail_claimed_at + interval '5 minutes', '-infinity') < now())",
            // the claim time too, so that such a pod does not take the row back from this lease's holder
            "created_at", "thumbnail_status = 'working', thumbnail_claimed_at = now()", "id, storage_key");
    private static final String RECORD = "update file_attachment set thumbnail_status = $2, thumbnail_key = $3, "
            + "thumbnail_lease_owner = null, thumbnail_lease_until = null where id = $4 and " + LEASES.held(null);

    private final Pool pool;
    private final AttachmentStorage storage;
    private final AttachmentsConfig config;
    private final String owner = LeaseTable.newOwner();

    public ThumbnailJob(Pool pool, AttachmentStorage storage, AttachmentsConfig config) {
        this.pool = pool;
        this.storage = storage;
        this.config = config;
    }

    @Scheduled(every = "${kaa.attachments.thumbnail-interval:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        int done;
        do {
            done = batch();
        } while (done == BATCH);
    }

    /** Claims up to BATCH images, thumbnails them on this worker thread, records each outcome. */
    int batch() {
        var claimed = pool.preparedQuery(CLAIM).execute(Tuple.of(owner, LEASE.toMillis(), BATCH)).await().indefinitely();
        for (Row row : claimed) {
            String key = row.getString("storage_key");
            String thumbnailKey = key + ".thumbnail.png";
            boolean ready = thumbnail(storage.path(key), thumbnailKey);
            pool.preparedQuery(RECORD).execute(Tuple.of(owner, ready ? "ready" : "failed", ready ? thumbnailKey : null, row.getUUID("id")))
                    .await().indefinitely();
        }
        return claimed.size();
    }

    private boolean thumbnail(Path source, String thumbnailKey) {
        try (ImageInputStream in = ImageIO.createImageInputStream(source.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (in == null || !readers.hasNext()) {
                return false;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > config.maxImagePixels()) {
                    LOG.warnf("no thumbnail for %s: %d pixels is above the limit", source.getFileName(), pixels);
                    return false;
                }
                BufferedImage image = reader.read(0);
                storage.put(thumbnailKey, new ByteArrayInputStream(png(scaled(image, config.thumbnailSize()))));
                return true;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("no thumbnail for %s: %s", source.getFileName(), e.getMessage());
            return false;
        }
    }

    private static BufferedImage scaled(BufferedImage image, int longest) {
        double factor = Math.min(1.0, (double) longest / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage thumbnail = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = thumbnail.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return thumbnail;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
