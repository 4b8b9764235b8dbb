package com.kaa.reports.inventory.attachments;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Files of attachments in a local directory (a persistent volume). Keys are built by the service from ids,
 * never from user-supplied names, and are checked to stay inside the directory. Writes go to a temporary
 * file first and are moved into place, so a crash never leaves half a file under a key.
 */
@ApplicationScoped
public class AttachmentStorage {

    private final Path root;

    public AttachmentStorage(AttachmentsConfig config) {
        this.root = config.directory().toAbsolutePath().normalize();
    }

    /** Copies the stream under the key and returns its SHA-256 (hex). */
    public String put(String key, InputStream content) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), ".upload-", ".part");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256)) {
                content.transferTo(out);
            } catch (IOException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + key, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path path(String key) {
        return resolve(key);
    }

    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + key, e);
        }
    }

    /** For the health check: the directory exists (or can be made) and is writable. */
    public boolean writable() {
        try {
            Files.createDirectories(root);
            return Files.isWritable(root);
        } catch (IOException e) {
            return false;
        }
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("storage key outside the attachments directory: " + key);
        }
        return path;
    }
}
