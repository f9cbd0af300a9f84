package io.campaignpulse.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Open window aggregates and lifetime totals of one stage task, in plain memory, with the
 * aggregates changed since the last commit (their running records are written and they are
 * persisted once at that commit) and the keys removed since then (tombstoned at that commit).
 * Shared by the campaign and channel stages. Changelog keys: {@code 'A'} + {@link WindowKey},
 * values {@link Aggregate}.
 */
final class WindowTable {
    static final byte PREFIX = 'A';

    /** What to do with a window leaving the table: {@code dirty} if its last change was not emitted. */
    interface Closed {
        void accept(WindowKey key, Aggregate aggregate, boolean dirty);
    }

    private final Map<WindowKey, Aggregate> live = new HashMap<>();
    private final List<TreeMap<Long, List<WindowKey>>> byStart = new ArrayList<>();
    private final List<Aggregate> changed = new ArrayList<>();
    private final Set<WindowKey> removed = new HashSet<>();

    WindowTable(int sizes) {
        for (int i = 0; i < sizes; i++) {
            byStart.add(new TreeMap<>());
        }
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
            byStart.get(key.sizeIndex()).computeIfAbsent(key.start(), s -> new ArrayList<>()).add(key);
        }
        removed.remove(key);
    }

    Aggregate get(WindowKey key) {
        return live.get(key);
    }

    int size() {
        return live.size();
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
     * Removes every window whose end plus grace is at or before {@code point}, oldest first per
     * size, handing each to {@code closed}.
     */
    void removeClosed(WindowPlan plan, long point, Closed closed) {
        for (int i = 0; i < plan.count(); i++) {
            long lastStart = point - plan.graceMs() - plan.sizes().get(i).millis();
            NavigableMap<Long, List<WindowKey>> due = byStart.get(i).headMap(lastStart, true);
            for (List<WindowKey> keys : due.values()) {
                for (WindowKey k : keys) {
                    Aggregate a = live.remove(k);
                    boolean dirty = a.changed;
                    a.removed = true;
                    closed.accept(k, a, dirty);
                    removed.add(k);
                }
            }
            due.clear();
        }
    }

    void flushTo(FlushedStore.Changelog log) {
        for (Aggregate a : changed) {
            a.changed = false;
            if (!a.removed) {
                log.put(a.key.encode(PREFIX), a.encode());
            }
        }
        for (WindowKey k : removed) {
            log.delete(k.encode(PREFIX));
        }
        changed.clear();
        removed.clear();
    }

    void restore(byte[] key, byte[] value) {
        WindowKey k = WindowKey.decode(key);
        if (value == null) {
            if (live.remove(k) != null && !k.isTotal()) {
                List<WindowKey> keys = byStart.get(k.sizeIndex()).get(k.start());
                keys.remove(k);
                if (keys.isEmpty()) {
                    byStart.get(k.sizeIndex()).remove(k.start());
                }
            }
        } else {
            Aggregate a = Aggregate.decode(value);
            a.key = k;
            if (live.put(k, a) == null && !k.isTotal()) {
                byStart.get(k.sizeIndex()).computeIfAbsent(k.start(), s -> new ArrayList<>()).add(k);
            }
        }
    }
}
