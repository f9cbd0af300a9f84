package io.campaignpulse.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A small growable big-endian binary writer for the internal record formats. */
public final class BinWriter {
    private byte[] buf;
    private int pos;

    public BinWriter(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    public BinWriter writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
        return this;
    }

    public BinWriter writeInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
        return this;
    }

    public BinWriter writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** A nullable string: length (-1 for null) then UTF-8 bytes. */
    public BinWriter writeString(String s) {
        if (s == null) {
            return writeInt(-1);
        }
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Nullable bytes: length (-1 for null) then the bytes. */
    public BinWriter writeBytes(byte[] b) {
        if (b == null) {
            return writeInt(-1);
        }
        writeInt(b.length);
        return writeRaw(b);
    }

    /** Bytes with no length prefix. */
    public BinWriter writeRaw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }
}
