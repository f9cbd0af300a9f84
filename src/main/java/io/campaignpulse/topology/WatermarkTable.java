package io.campaignpulse.topology;

import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import java.util.Arrays;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The event-time progress of every upstream partition, as last reported, and how far windows
 * have been closed. Persisted, so closing survives restarts exactly.
 *
 * <p>The closing point is the minimum over sources of their progress, where an idle source
 * counts as having reached the furthest progress of any source: idle partitions never hold
 * windows back, yet when every partition is idle windows close only up to what was delivered.
 */
final class WatermarkTable {
    private static final String CLOSED = "closed";

    private final KeyValueStore<String, byte[]> store;
    private final long[] max;
    private final boolean[] idle;
    private long closedUpTo;

    WatermarkTable(KeyValueStore<String, byte[]> store, int sources) {
        this.store = store;
        this.max = new long[sources];
        this.idle = new boolean[sources];
        Arrays.fill(max, Long.MIN_VALUE);
        for (int i = 0; i < sources; i++) {
            byte[] b = store.get("s" + i);
            if (b != null) {
                BinReader r = new BinReader(b);
                max[i] = r.readLong();
                idle[i] = r.readByte() == 1;
            }
        }
        byte[] c = store.get(CLOSED);
        closedUpTo = c == null ? Long.MIN_VALUE : new BinReader(c).readLong();
    }

    /** Records a report; returns true when it changed anything. */
    boolean update(Out.Watermark m) {
        int s = m.source();
        if (s < 0 || s >= max.length) {
            throw new IllegalStateException("watermark from unknown source " + s + " (expected 0.." + (max.length - 1)
                    + "): the input topics' partition counts changed; reset the application");
        }
        long newMax = Math.max(max[s], m.maxEventTime());
        if (newMax == max[s] && idle[s] == m.idle()) {
            return false;
        }
        max[s] = newMax;
        idle[s] = m.idle();
        store.put("s" + s, new BinWriter(9).writeLong(newMax).writeByte(m.idle() ? 1 : 0).toByteArray());
        return true;
    }

    /** The event time every window ending (plus grace) at or before may close. */
    long closingPoint() {
        long furthest = Long.MIN_VALUE;
        for (long m : max) {
            furthest = Math.max(furthest, m);
        }
        long point = Long.MAX_VALUE;
        for (int i = 0; i < max.length; i++) {
            point = Math.min(point, idle[i] ? furthest : max[i]);
        }
        return point;
    }

    /** True when {@code point} closes more than is closed already. */
    boolean advancesTo(long point) {
        return point != Long.MIN_VALUE && (closedUpTo == Long.MIN_VALUE || point > closedUpTo);
    }

    long closedUpTo() {
        return closedUpTo;
    }

    void closeUpTo(long point) {
        closedUpTo = point;
        store.put(CLOSED, new BinWriter(8).writeLong(point).toByteArray());
    }
}
