package io.campaignpulse.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A window aggregate's identity: size index ({@link #TOTAL} for the lifetime record), window start,
 * then the id (campaign, or channel/currency). Stored form: size (1 byte), start (8, sign-flipped
 * so that bytes sort like times), id bytes.
 */
record WindowKey(int sizeIndex, long start, String id) {
    static final int TOTAL = 127;

    static WindowKey total(String id) {
        return new WindowKey(TOTAL, 0L, id);
    }

    boolean isTotal() {
        return sizeIndex == TOTAL;
    }

    byte[] encode(byte prefix) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(10 + idBytes.length).put(prefix).put((byte) sizeIndex)
                .putLong(start ^ Long.MIN_VALUE).put(idBytes).array();
    }

    /** Decodes a key written by {@link #encode(byte)}, skipping its prefix byte. */
    static WindowKey decode(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key, 1, key.length - 1);
        int size = b.get();
        long start = b.getLong() ^ Long.MIN_VALUE;
        return new WindowKey(size, start, new String(key, 10, key.length - 10, StandardCharsets.UTF_8));
    }
}
