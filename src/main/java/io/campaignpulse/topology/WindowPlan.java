package io.campaignpulse.topology;

import io.campaignpulse.config.WindowSize;
import java.util.List;
import java.util.StringJoiner;

/**
 * The window sizes with their grace, and the lateness arithmetic. Events are pre-aggregated per
 * bucket, the greatest common divisor of the sizes, so a bucket lies in exactly one window of
 * every size and larger windows are rolled up from buckets.
 */
public record WindowPlan(List<WindowSize> sizes, long graceMs, long bucketMs) {

    public static WindowPlan of(List<WindowSize> sizes, long graceMs) {
        long gcd = 0;
        for (WindowSize w : sizes) {
            gcd = gcd(gcd, w.millis());
        }
        return new WindowPlan(List.copyOf(sizes), graceMs, gcd);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The largest window size in milliseconds. */
    public long largestMs() {
        long m = 0;
        for (WindowSize w : sizes) {
            m = Math.max(m, w.millis());
        }
        return m;
    }

    public int count() {
        return sizes.size();
    }

    public long bucketStart(long t) {
        return Math.floorDiv(t, bucketMs) * bucketMs;
    }

    public long start(int size, long t) {
        return sizes.get(size).startOf(t);
    }

    public long end(int size, long t) {
        return start(size, t) + sizes.get(size).millis();
    }

    /**
     * The sizes (bit i for size i) for which an event at {@code t} is late once its source has
     * delivered up to {@code progress}: the window's end plus grace is at or before it.
     */
    /** Whether the window of {@code key} closed by {@code closedUpTo}: its end plus grace is at or before it. */
    boolean closedBy(WindowKey key, long closedUpTo) {
        return key.start() + sizes().get(key.sizeIndex()).millis() + graceMs() <= closedUpTo;
    }

    public int lateMask(long t, long progress) {
        if (progress == Long.MIN_VALUE) {
            return 0;
        }
        int mask = 0;
        for (int i = 0; i < sizes.size(); i++) {
            if (end(i, t) + graceMs <= progress) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    /** Calls {@code action} with the index of every size in a mask. */
    public void forEachSize(int mask, java.util.function.IntConsumer action) {
        for (int i = 0; i < sizes.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                action.accept(i);
            }
        }
    }

    /** {@code 1m,1h} for a mask. */
    public String names(int mask) {
        StringJoiner j = new StringJoiner(",");
        for (int i = 0; i < sizes.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                j.add(sizes.get(i).name());
            }
        }
        return j.toString();
    }
}
