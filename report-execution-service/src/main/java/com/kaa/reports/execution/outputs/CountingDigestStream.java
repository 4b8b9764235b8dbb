package com.kaa.reports.execution.outputs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and hashes (SHA-256) the bytes of an output as they are written, and refuses to grow past the
 * configured file-size limit: the execution then fails naming the format, rather than filling the disk.
 */
public final class CountingDigestStream extends FilterOutputStream {

    /** Thrown when an output exceeds its size limit. */
    public static final class TooLarge extends IOException {
        public TooLarge(String message) {
            super(message);
        }
    }

    private final MessageDigest digest;
    private final long limit;
    private final String format;
    private long count;

    public CountingDigestStream(OutputStream out, long limit, String format) {
        super(out);
        this.limit = limit;
        this.format = format;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        grow(1);
        digest.update((byte) b);
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        grow(len);
        digest.update(b, off, len);
        out.write(b, off, len);
    }

    private void grow(long bytes) throws TooLarge {
        count += bytes;
        if (count > limit) {
            throw new TooLarge("the " + format + " file would exceed the limit of " + limit + " bytes (kaa.executions.max-file-bytes)");
        }
    }

    public long count() {
        return count;
    }

    public String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
