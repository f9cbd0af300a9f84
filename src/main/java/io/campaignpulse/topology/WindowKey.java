package io.campaignpulse.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Store key of a window aggregate: size index, window start, then the id (campaign or
 * channel/currency). Byte order equals (size, start) order, so one range scan finds every window
 * of a size that has closed.
 */
record WindowKey(int sizeIndex, long start, String id) {

    Bytes encode() {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(9 + idBytes.length).put((byte) sizeIndex).putLong(start ^ Long.MIN_VALUE)
                .put(idBytes).array());
    }

    static WindowKey decode(Bytes key) {
        ByteBuffer b = ByteBuffer.wrap(key.get());
        int size = b.get();
        long start = b.getLong() ^ Long.MIN_VALUE;
        return new WindowKey(size, start, new String(key.get(), 9, key.get().length - 9, StandardCharsets.UTF_8));
    }

    /** The smallest key of a size. */
    static Bytes first(int sizeIndex) {
        return Bytes.wrap(ByteBuffer.allocate(9).put((byte) sizeIndex).putLong(0L).array());
    }

    /** A key after every window of the size that starts at or before {@code start}. */
    static Bytes lastStartingAtOrBefore(int sizeIndex, long start) {
        return Bytes.wrap(ByteBuffer.allocate(10).put((byte) sizeIndex).putLong(start ^ Long.MIN_VALUE)
                .put((byte) 0xFF).array());
    }
}
