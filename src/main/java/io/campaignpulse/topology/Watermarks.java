package io.campaignpulse.topology;

import java.util.Arrays;

/**
 * The event-time progress of every upstream source, as last reported, and how far windows have
 * been closed; part of a stage's in-memory state, persisted at commit when changed.
 *
 * <p>The closing point is the minimum over sources of their progress, where an idle source
 * counts as having reached the furthest progress of any source: idle partitions never hold
 * windows back, yet when every partition is idle windows close only up to what was delivered.
 *
 * <p>Changelog keys: {@code 'W'} + source (4 bytes) to max event time (8) and idle (1);
 * {@code 'C'} to the closed-up-to point (8).
 */
final class Watermarks {
    static final byte SOURCE = 'W';
    static final byte CLOSED = 'C';

    private final long[] max;
    private final boolean[] idle;
    private final boolean[] dirty;
    private boolean closedDirty;
    private long closedUpTo = Long.MIN_VALUE;

    Watermarks(int sources) {
        max = new long[sources];
        idle = new boolean[sources];
        dirty = new boolean[sources];
        Arrays.fill(max, Long.MIN_VALUE);
    }

    /** Records a report; returns true when it changed anything. */
    boolean update(int source, long maxEventTime, boolean isIdle) {
        if (source < 0 || source >= max.length) {
            throw new IllegalStateException("watermark from unknown source " + source + " (expected 0.."
                    + (max.length - 1) + "): the partition counts changed; reset the application");
        }
        long newMax = Math.max(max[source], maxEventTime);
        if (newMax == max[source] && idle[source] == isIdle) {
            return false;
        }
        max[source] = newMax;
        idle[source] = isIdle;
        dirty[source] = true;
        return true;
    }

    /** The event time every window ending (plus grace) at or before may close, every idle claim counted. */
    long closingPoint() {
        return closingPoint(source -> true);
    }

    /**
     * The closing point where the idle claim of a source counts only if {@code claimHolds} says so;
     * an idle source whose claim does not hold counts with its own progress.
     */
    long closingPoint(java.util.function.IntPredicate claimHolds) {
        long furthest = Long.MIN_VALUE;
        for (long m : max) {
            furthest = Math.max(furthest, m);
        }
        long point = Long.MAX_VALUE;
        for (int i = 0; i < max.length; i++) {
            point = Math.min(point, idle[i] && claimHolds.test(i) ? furthest : max[i]);
        }
        return point;
    }

    /**
     * How far every source of {@code subset} has delivered, where a source whose idle claim holds
     * counts as having delivered everything ({@link Long#MAX_VALUE}).
     */
    long progressOf(int[] subset, java.util.function.IntPredicate claimHolds) {
        long point = Long.MAX_VALUE;
        for (int i : subset) {
            point = Math.min(point, idle[i] && claimHolds.test(i) ? Long.MAX_VALUE : max[i]);
        }
        return point;
    }

    /** Whether any source claims to be idle. */
    boolean anyIdle() {
        for (boolean b : idle) {
            if (b) {
                return true;
            }
        }
        return false;
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
        closedDirty = true;
    }

    void flushTo(FlushedStore.Changelog log) {
        for (int i = 0; i < max.length; i++) {
            if (dirty[i]) {
                byte[] k = new byte[5];
                k[0] = SOURCE;
                BigEndian.putInt(k, 1, i);
                byte[] v = new byte[9];
                BigEndian.putLong(v, 0, max[i]);
                v[8] = (byte) (idle[i] ? 1 : 0);
                log.put(k, v);
                dirty[i] = false;
            }
        }
        if (closedDirty) {
            byte[] v = new byte[8];
            BigEndian.putLong(v, 0, closedUpTo);
            log.put(new byte[] {CLOSED}, v);
            closedDirty = false;
        }
    }

    void restore(byte[] key, byte[] value) {
        if (value == null) {
            return;
        }
        if (key[0] == CLOSED) {
            closedUpTo = BigEndian.getLong(value, 0);
        } else {
            int s = BigEndian.getInt(key, 1);
            if (s >= 0 && s < max.length) {
                max[s] = BigEndian.getLong(value, 0);
                idle[s] = value[8] == 1;
            }
        }
    }
}
