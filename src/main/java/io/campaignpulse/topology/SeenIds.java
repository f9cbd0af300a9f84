package io.campaignpulse.topology;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The accepted event ids of one campaign task, as 128-bit digests with their event times, in an
 * open-addressing table in plain memory (24 bytes a slot, at most 60% full).
 *
 * <p>A digest is MurmurHash3 (x64, 128 bits) of the campaign and event id, seeded by the input
 * topic; two distinct ids of one task collide with a probability of about n^2 / 2^129 for n ids
 * held (below 1e-20 for a billion). An id is forgotten once the closing point is more than
 * {@code dedup.window} past its time, exactly as before: no later event can be its duplicate
 * except one that is itself that far behind every partition.
 *
 * <p>Persistence: the ids accepted between two commits go to the changelog as one record
 * (several for very busy commits), keyed {@code 'D' + sequence}; an expiry writes the horizon
 * ({@code 'H'}) and a tombstone for every batch whose ids are all older. A restore replays batches
 * and horizons, so the table comes back exactly.
 */
final class SeenIds {
    static final byte BATCH = 'D';
    static final byte HORIZON = 'H';
    private static final int FORMAT = 1;
    private static final int ENTRY_BYTES = 24;
    private static final int MAX_BATCH_IDS = 32_768;
    private static final long EMPTY = -1L;

    private final long windowMs;
    private long[] hi;
    private long[] lo;
    private long[] time;
    private int size;
    /** Ids accepted before this are forgotten (ignored now, dropped at the next rebuild). */
    private long horizon = Long.MIN_VALUE;
    /** The horizon of the last rebuild. */
    private long rebuiltAt = Long.MIN_VALUE;

    /** Ids accepted since the last commit, as batch entries. */
    private byte[] pending = new byte[ENTRY_BYTES * 64];
    private int pendingIds;
    /** Live batches oldest first: sequence and the newest time in it. */
    private final Deque<long[]> batches = new ArrayDeque<>();
    private long nextSeq;
    private boolean horizonDirty;
    private final java.util.List<Long> deadBatches = new java.util.ArrayList<>();

    SeenIds(long windowMs) {
        this.windowMs = windowMs;
        allocate(1024);
    }

    private void allocate(int capacity) {
        hi = new long[capacity];
        lo = new long[capacity];
        time = new long[capacity];
        Arrays.fill(time, EMPTY);
        size = 0;
    }

    int size() {
        return size;
    }

    /**
     * True when the digest was accepted at a time less than the window from {@code t}; otherwise
     * remembers it as accepted at {@code t} and returns false.
     */
    boolean isDuplicateElseRemember(long h1, long h2, long t) {
        int mask = time.length - 1;
        int i = (int) (h1 ^ (h1 >>> 32)) & mask;
        while (time[i] != EMPTY) {
            if (hi[i] == h1 && lo[i] == h2 && time[i] >= horizon && Math.abs(t - time[i]) < windowMs) {
                return true;
            }
            i = (i + 1) & mask;
        }
        hi[i] = h1;
        lo[i] = h2;
        time[i] = t;
        size++;
        appendPending(h1, h2, t);
        if (size * 5L > time.length * 3L) {
            rehash(time.length * 2);
        }
        return false;
    }

    /** True while a digest is remembered (accepted and not yet forgotten). */
    boolean remembers(long h1, long h2) {
        int mask = time.length - 1;
        for (int i = (int) (h1 ^ (h1 >>> 32)) & mask; time[i] != EMPTY; i = (i + 1) & mask) {
            if (hi[i] == h1 && lo[i] == h2 && time[i] >= horizon) {
                return true;
            }
        }
        return false;
    }

    private void insert(long h1, long h2, long t) {
        int mask = time.length - 1;
        int i = (int) (h1 ^ (h1 >>> 32)) & mask;
        while (time[i] != EMPTY) {
            if (hi[i] == h1 && lo[i] == h2 && time[i] == t) {
                return; // replayed twice: keep one
            }
            i = (i + 1) & mask;
        }
        hi[i] = h1;
        lo[i] = h2;
        time[i] = t;
        size++;
        if (size * 5L > time.length * 3L) {
            rehash(time.length * 2);
        }
    }

    private void rehash(int capacity) {
        long[] oh = hi;
        long[] ol = lo;
        long[] ot = time;
        allocate(capacity);
        for (int j = 0; j < ot.length; j++) {
            if (ot[j] != EMPTY && ot[j] >= horizon) {
                insert(oh[j], ol[j], ot[j]);
            }
        }
    }

    private void appendPending(long h1, long h2, long t) {
        int at = pendingIds * ENTRY_BYTES;
        if (at + ENTRY_BYTES > pending.length) {
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        BigEndian.putLong(pending, at, h1);
        BigEndian.putLong(pending, at + 8, h2);
        BigEndian.putLong(pending, at + 16, t);
        pendingIds++;
    }

    /** Forgets every id accepted before {@code closingPoint - window}. */
    void expire(long closingPoint) {
        if (closingPoint == Long.MIN_VALUE || closingPoint - windowMs <= 0) {
            return;
        }
        long newHorizon = closingPoint - windowMs;
        if (newHorizon <= horizon) {
            return;
        }
        horizon = newHorizon;
        horizonDirty = true;
        // Rebuild at most about 16 times per window of event time.
        if (rebuiltAt != Long.MIN_VALUE && horizon <= rebuiltAt + Math.max(1, windowMs / 16)) {
            return;
        }
        rebuiltAt = horizon;
        while (!batches.isEmpty() && batches.peekFirst()[1] < horizon) {
            deadBatches.add(batches.pollFirst()[0]);
        }
        int live = 0;
        for (long t : time) {
            if (t != EMPTY && t >= horizon) {
                live++;
            }
        }
        rehash(capacityFor(live));
    }

    private static int capacityFor(int ids) {
        int c = 1024;
        while (c * 3L < ids * 5L + 5) {
            c <<= 1;
        }
        return c;
    }

    /** Writes the ids accepted since the last call, the horizon and expired batches. */
    void flushTo(FlushedStore.Changelog log) {
        if (horizonDirty) {
            log.put(new byte[] {HORIZON}, longBytes(horizon));
            horizonDirty = false;
        }
        for (long seq : deadBatches) {
            log.delete(batchKey(seq));
        }
        deadBatches.clear();
        for (int from = 0; from < pendingIds; from += MAX_BATCH_IDS) {
            int n = Math.min(MAX_BATCH_IDS, pendingIds - from);
            byte[] value = new byte[1 + n * ENTRY_BYTES];
            value[0] = FORMAT;
            System.arraycopy(pending, from * ENTRY_BYTES, value, 1, n * ENTRY_BYTES);
            long seq = nextSeq++;
            log.put(batchKey(seq), value);
            batches.addLast(new long[] {seq, maxTime(value)});
        }
        pendingIds = 0;
        if (pending.length > ENTRY_BYTES * 65_536) {
            pending = new byte[ENTRY_BYTES * 64];
        }
    }

    private static long maxTime(byte[] value) {
        long max = Long.MIN_VALUE;
        for (int at = 1; at < value.length; at += ENTRY_BYTES) {
            max = Math.max(max, BigEndian.getLong(value, at + 16));
        }
        return max;
    }

    /** Applies a changelog record whose key starts with {@link #BATCH} or {@link #HORIZON}. */
    void restore(byte[] key, byte[] value) {
        if (key[0] == HORIZON) {
            if (value != null) {
                horizon = BigEndian.getLong(value, 0);
                batches.removeIf(b -> b[1] < horizon);
                if (rebuiltAt == Long.MIN_VALUE || horizon > rebuiltAt + Math.max(1, windowMs / 16)) {
                    rebuiltAt = horizon;
                    rehash(time.length);
                }
            }
            return;
        }
        long seq = BigEndian.getLong(key, 1);
        nextSeq = Math.max(nextSeq, seq + 1);
        if (value == null) {
            batches.removeIf(b -> b[0] == seq);
            return;
        }
        if (value[0] != FORMAT) {
            throw new IllegalStateException("dedup id batch of format " + value[0] + ", this release reads " + FORMAT);
        }
        for (int at = 1; at < value.length; at += ENTRY_BYTES) {
            long t = BigEndian.getLong(value, at + 16);
            if (t >= horizon) {
                insert(BigEndian.getLong(value, at), BigEndian.getLong(value, at + 8), t);
            }
        }
        batches.addLast(new long[] {seq, maxTime(value)});
    }

    static byte[] batchKey(long seq) {
        byte[] k = new byte[9];
        k[0] = BATCH;
        BigEndian.putLong(k, 1, seq);
        return k;
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        BigEndian.putLong(b, 0, v);
        return b;
    }
}
