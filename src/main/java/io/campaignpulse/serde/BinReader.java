package io.campaignpulse.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads what {@link BinWriter} wrote. */
public final class BinReader {
    private final ByteBuffer buf;

    public BinReader(byte[] bytes) {
        this.buf = ByteBuffer.wrap(bytes);
    }

    public int readByte() {
        return buf.get();
    }

    public int readInt() {
        return buf.getInt();
    }

    public long readLong() {
        return buf.getLong();
    }

    public String readString() {
        byte[] b = readBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    public byte[] readBytes() {
        int n = buf.getInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    /** The bytes from the current position to the end. */
    public byte[] readRest() {
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        return b;
    }

    public boolean hasRemaining() {
        return buf.hasRemaining();
    }
}
