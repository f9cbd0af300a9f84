package io.campaignpulse.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The binary format of the records between stages: one record carries a batch of entries for one
 * partition of the next stage. Grouping many events into one record pays Kafka's per-record costs
 * (produce, fetch, sensors, source node) once per batch instead of once per event; every batch is
 * forwarded inside the transaction that commits the input it covers.
 *
 * <p>Layout: a version byte ({@value #VERSION}), then entries until the end, each a one-byte code
 * followed by its fields (big-endian; strings as a 16-bit length and UTF-8; amounts as
 * variable-length longs):
 * <ul>
 *   <li>{@value #EVENT} event: kind, flags (1 travels alone after idleness, 2 raw copy follows,
 *       4 user hash follows, 8 variant follows), late mask, event time, spend, revenue, campaign id,
 *       event id, channel, currency, the user id's 64-bit hash and the variant if flagged, then the
 *       raw copy if flagged (key, value, partition, offset, headers);</li>
 *   <li>{@value #WATERMARK} an input partition's progress: source index, max event time, idle;</li>
 *   <li>{@value #CHANNEL_DELTA} an increment of one channel window (size index, 255 for the lifetime
 *       record), window start, channel, currency, the six sums;</li>
 *   <li>{@value #CLOSED} a campaign task's closing point: task, event time;</li>
 *   <li>{@value #CHANNEL_USERS} the users of one channel increment: bucket start, late mask,
 *       channel, currency, impressions with a user, then three nullable compact HLL sketches
 *       (reach, act, convert), applied by the channel stage to each window the bucket lies in and
 *       to the lifetime record;</li>
 *   <li>{@value #CHANNEL_FINAL} a channel's sums in a closed {@code recommend.window} window, for
 *       the recommendation stage: window start, channel, currency, spend, revenue, sales. The
 *       channel stage's closing point travels as {@value #CLOSED} entries;</li>
 *   <li>{@value #CHANNEL_LATE_DELTA} with late revisions on, the increment of late events to a
 *       channel window they missed, laid out as {@value #CHANNEL_DELTA}: the channel stage adds it
 *       while the window is retained and counts its events as late.</li>
 *   <li>{@value #CONVERSION} a lead or sale without a campaign, for the attribution stage: its click
 *       id, flags (1 carries its channel, 2 its cost, 4 its currency), then an {@value #EVENT} entry
 *       whose campaign id is empty (flag 16 on an event marks it organic);</li>
 *   <li>{@value #CLICK} a click with a click id, for the attribution stage: click id, event time, the
 *       progress of its partition before it, campaign id, channel, nullable variant;</li>
 *   <li>{@value #HELD} the progress a derived stage (attribution, customers) vouches for: its kind
 *       (0 attribution, 1 customers), task, event time; the next stage holds its windows to it;</li>
 *   <li>{@value #CUSTOMER} a customer change from the customer stage: campaign id (empty: organic),
 *       channel, currency, event time, late mask, flags (1 a new customer, 2 no longer one, 4 a
 *       repeat customer), user hash, customer revenue delta (lifetime records).</li>
 * </ul>
 * Channel deltas carry new customers and customer revenue after the six sums, as signed 8-byte
 * numbers.
 * Codes and the version are fixed numbers, never ordinals, so a later release can read them.
 */
final class StageBatch {
    static final int VERSION = 2;
    /** Batches of the release before customers: channel entries without the customer fields. */
    static final int VERSION_WITHOUT_CUSTOMERS = 1;
    static final int EVENT = 1;
    static final int WATERMARK = 2;
    static final int CHANNEL_DELTA = 3;
    static final int CLOSED = 4;
    static final int CHANNEL_USERS = 5;
    static final int CHANNEL_FINAL = 6;
    static final int CHANNEL_LATE_DELTA = 7;
    static final int CONVERSION = 8;
    static final int CLICK = 9;
    static final int HELD = 10;
    static final int CUSTOMER = 11;
    static final int FLAG_SINGLE = 1;
    static final int FLAG_RAW = 2;
    static final int FLAG_USER = 4;
    static final int FLAG_VARIANT = 8;
    static final int FLAG_ORGANIC = 16;
    static final int TOTAL_SIZE = 255;

    private StageBatch() {
    }

    /** Appends entries to a growing batch. */
    static final class Writer {
        private byte[] buf;
        private int pos;
        private int entries;

        Writer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
            reset();
        }

        void reset() {
            pos = 0;
            entries = 0;
            u8(VERSION);
        }

        int size() {
            return pos;
        }

        int entries() {
            return entries;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }

        private void ensure(int extra) {
            if (pos + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
            }
        }

        Writer entry(int code) {
            entries++;
            return u8(code);
        }

        Writer u8(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
            return this;
        }

        Writer i32(int v) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
            return this;
        }

        Writer i64(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
            return this;
        }

        /** A non-negative long in 7-bit groups. */
        Writer var(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative amount " + v);
            }
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
            return this;
        }

        Writer str(String s) {
            return bytes16(s.getBytes(StandardCharsets.UTF_8));
        }

        Writer bytes16(byte[] b) {
            if (b.length > 0xFFFF) {
                throw new IllegalArgumentException("string of " + b.length + " bytes");
            }
            ensure(2 + b.length);
            buf[pos++] = (byte) (b.length >>> 8);
            buf[pos++] = (byte) b.length;
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
            return this;
        }

        /** Nullable bytes of any length: -1 for null. */
        Writer bytes32(byte[] b) {
            if (b == null) {
                return i32(-1);
            }
            i32(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
            return this;
        }
    }

    /** Reads entries in order; strings can be read as positions to hash without copying. */
    static final class Reader {
        private final byte[] buf;
        private final int version;
        private int pos;

        Reader(byte[] batch) {
            this.buf = batch;
            version = batch.length == 0 ? -1 : batch[0];
            if (version != VERSION && version != VERSION_WITHOUT_CUSTOMERS) {
                throw new IllegalStateException("internal batch of format version " + version + ", this release reads "
                        + VERSION + ": reset the application or use a new application.id");
            }
            pos = 1;
        }

        byte[] buffer() {
            return buf;
        }

        /** Whether the batch's channel entries carry customer fields (written by this release). */
        boolean withCustomers() {
            return version == VERSION;
        }

        int position() {
            return pos;
        }

        boolean hasNext() {
            return pos < buf.length;
        }

        int u8() {
            return buf[pos++] & 0xFF;
        }

        int i32() {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        long i64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        long var() {
            long v = 0;
            int shift = 0;
            while (true) {
                byte b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
                shift += 7;
            }
        }

        String str() {
            int n = len16();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        /** Skips a string, returning its length; its bytes start at {@code position() - length}. */
        int skipStr() {
            int n = len16();
            pos += n;
            return n;
        }

        private int len16() {
            int n = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
            pos += 2;
            return n;
        }

        byte[] bytes16() {
            int n = len16();
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        byte[] bytes32() {
            int n = i32();
            if (n < 0) {
                return null;
            }
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }
    }
}
