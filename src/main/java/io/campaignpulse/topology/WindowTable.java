package io.campaignpulse.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Open window aggregates and lifetime totals of one stage task, in plain memory, with the
 * aggregates changed since the last commit (their running records are written and they are
 * persisted once at that commit) and the keys removed since then (tombstoned at that commit).
 * Shared by the campaign and channel stages.
 *
 * <p>Changelog: the changes of one commit travel as a few batch records (key {@code 'B'} +
 * sequence, value in the {@link StageBatch} format: its version byte, then entries of {@link WindowKey} bytes and {@link Aggregate}
 * bytes, length-prefixed, -1 for a removed key), so a commit costs a few records whatever the
 * number of changed windows. A batch entry carries the aggregate's sums and only the users added
 * since the previous commit; a restore replaces the sums and unions the users. Once the batches written since the last snapshot outweigh twice the
 * state (and 8 MiB), the table writes a snapshot: a reset marker ({@code 'R'}), every live aggregate
 * in batches, and tombstones for all older batches, which compaction then drops. A restore applies
 * batches in order and clears the table at each reset marker.
 */
final class WindowTable {
    static final byte BATCH = 'B';
    static final byte RESET = 'R';
    private static final long MIN_SNAPSHOT_BYTES = 8L << 20;

    /** What to do with a window leaving the table: {@code dirty} if its last change was not emitted. */
    interface Closed {
        void accept(WindowKey key, Aggregate aggregate, boolean dirty);
    }

    private final Map<WindowKey, Aggregate> live = new HashMap<>();
    private final WindowIndex index;
    private final List<Aggregate> changed = new ArrayList<>();
    private final Set<WindowKey> removed = new HashSet<>();
    private final WindowBatches batches;
    private final int lgK;
    /** How long (event time) closed windows stay, past end plus grace ({@code window.retention}); -1: they leave at close. */
    private final long retainMs;

    /** @param lgK the precision of the audience sketches ({@code reach.lg.k}) */
    WindowTable(int sizes, int lgK) {
        this(sizes, lgK, -1L);
    }

    /** @param retainMs how long closed windows stay for late revisions, or -1 (they leave at close) */
    WindowTable(int sizes, int lgK, long retainMs) {
        this(sizes, lgK, retainMs, MIN_SNAPSHOT_BYTES);
    }

    /** With a smaller snapshot threshold, for tests. */
    WindowTable(int sizes, int lgK, long retainMs, long minSnapshotBytes) {
        this.lgK = lgK;
        this.retainMs = retainMs;
        this.batches = new WindowBatches(minSnapshotBytes);
        index = new WindowIndex(sizes);
    }

    /** The aggregate of a key, created empty when absent, marked changed. */
    Aggregate update(WindowKey key) {
        Aggregate a = live.get(key);
        if (a == null) {
            a = new Aggregate();
            put(key, a);
        }
        touch(a);
        return a;
    }

    /** Marks a live aggregate changed (for callers that keep a reference to it). */
    void touch(Aggregate a) {
        if (!a.changed) {
            a.changed = true;
            changed.add(a);
        }
    }

    private void put(WindowKey key, Aggregate a) {
        a.key = key;
        if (live.put(key, a) == null && !key.isTotal()) {
            index.add(key, a.closed);
        }
        removed.remove(key);
    }

    /** Whether closed windows stay for late revisions. */
    boolean retains() {
        return retainMs >= 0;
    }

    /**
     * Whether a window that closed, or would have closed, by {@code closedUpTo} is still retained:
     * the closing point is less than its end plus grace plus the retention.
     */
    boolean retained(WindowPlan plan, WindowKey key, long closedUpTo) {
        return retainMs >= 0
                && closedUpTo < key.start() + plan.sizes().get(key.sizeIndex()).millis() + plan.graceMs() + retainMs;
    }

    /**
     * The window a late event joins, with late revisions on, marked changed: the live one, else a
     * new open one while its window has not closed by {@code closedUpTo}, else, while it is
     * retained, a new closed one whose first final is revision 1 (revision 0, the empty window, was
     * never written). Null once past retention: the event is only on the late topic.
     */
    Aggregate lateTarget(WindowPlan plan, WindowKey key, long closedUpTo) {
        Aggregate a = live.get(key);
        if (a != null) {
            touch(a);
            return a;
        }
        if (!plan.closedBy(key, closedUpTo)) {
            return update(key);
        }
        if (!retained(plan, key, closedUpTo)) {
            return null;
        }
        a = new Aggregate();
        a.closed = true;
        a.revision = 0;
        put(key, a);
        touch(a);
        return a;
    }

    Aggregate get(WindowKey key) {
        return live.get(key);
    }

    /** Hands every live aggregate, windows and totals, to {@code action}. */
    void forEachLive(Consumer<Aggregate> action) {
        live.values().forEach(action);
    }

    /** Hands every aggregate changed since the last commit to {@code action}, in the order they first changed. */
    void forEachChanged(Consumer<Aggregate> action) {
        for (Aggregate a : changed) {
            if (!a.removed) {
                action.accept(a);
            }
        }
    }

    /**
     * Closes every open window whose end plus grace is at or before {@code point}, oldest first
     * per size, handing each to {@code closed}; then removes it, or, when closed windows are
     * retained, keeps it (marked closed) until {@code point} reaches its end plus grace plus the
     * retention.
     */
    void removeClosed(WindowPlan plan, long point, Closed closed, Consumer<WindowKey> expiredKeys) {
        for (int i = 0; i < plan.count(); i++) {
            long lastStart = point - plan.graceMs() - plan.sizes().get(i).millis();
            NavigableMap<Long, List<WindowKey>> due = index.openUpTo(i, lastStart);
            for (List<WindowKey> keys : due.values()) {
                for (WindowKey k : keys) {
                    Aggregate a = live.get(k);
                    boolean dirty = a.changed;
                    a.closed = true;
                    closed.accept(k, a, dirty);
                    if (retainMs >= 0) {
                        index.add(k, true);
                        touch(a); // persisted as closed
                    } else {
                        drop(k, a);
                    }
                }
            }
            due.clear();
            if (retainMs >= 0) {
                NavigableMap<Long, List<WindowKey>> expired = index.closedUpTo(i, lastStart - retainMs);
                for (List<WindowKey> keys : expired.values()) {
                    for (WindowKey k : keys) {
                        drop(k, live.get(k));
                        expiredKeys.accept(k);
                    }
                }
                expired.clear();
            }
        }
    }

    private void drop(WindowKey k, Aggregate a) {
        live.remove(k);
        a.removed = true;
        removed.add(k);
    }

    void flushTo(FlushedStore.Changelog log) {
        WindowBatches.Writer out = batches.writer(log);
        for (Aggregate a : changed) {
            a.changed = false;
            if (!a.removed) {
                out.add(a.key.encode(BATCH), a.encode(false));
            }
            if (a.audience != null) {
                a.audience.committed();
            }
        }
        for (WindowKey k : removed) {
            out.add(k.encode(BATCH), null);
        }
        out.finish();
        changed.clear();
        removed.clear();
        if (batches.snapshotDue()) {
            snapshot(log);
        }
    }

    /** Writes the reset marker, every live aggregate, and tombstones for the batches before it. */
    private void snapshot(FlushedStore.Changelog log) {
        List<Long> old = batches.startSnapshot(log);
        WindowBatches.Writer out = batches.writer(log);
        for (Aggregate a : live.values()) {
            out.add(a.key.encode(BATCH), a.encode(true));
        }
        out.finish();
        for (long seq : old) {
            log.delete(WindowBatches.key(seq));
        }
    }

    /** Applies a changelog record whose key starts with {@link #BATCH} or {@link #RESET}. */
    void restore(byte[] key, byte[] value) {
        if (key[0] == RESET) {
            if (value != null) {
                live.clear();
                index.clear();
                batches.restoredReset();
            }
            return;
        }
        if (!batches.restoredBatch(key, value)) {
            return;
        }
        StageBatch.Reader r = new StageBatch.Reader(value); // checks the format version
        while (r.hasNext()) {
            apply(r.bytes32(), r.bytes32());
        }
        batches.restoredState(live.size());
    }

    private void apply(byte[] keyBytes, byte[] value) {
        WindowKey k = WindowKey.decode(keyBytes);
        if (value == null) {
            Aggregate gone = live.remove(k);
            if (gone != null && !k.isTotal()) {
                index.remove(k, gone.closed);
            }
        } else {
            Aggregate a = live.get(k);
            if (a != null) {
                boolean wasClosed = a.closed;
                a.restoreFrom(value, lgK); // sums replace, users are unioned
                if (wasClosed != a.closed && !k.isTotal()) {
                    index.remove(k, wasClosed);
                    index.add(k, a.closed);
                }
                return;
            }
            a = Aggregate.decode(value, lgK);
            a.key = k;
            live.put(k, a);
            if (!k.isTotal()) {
                index.add(k, a.closed);
            }
        }
    }
}
