package io.campaignpulse.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * One stage task's published records for the query API: the JSON bytes the stage wrote to its
 * topics, per key, in memory and without a changelog of its own. The owning processor rebuilds it
 * from its restored state when it starts ({@link #rebuild}), and records each record it forwards
 * ({@link #total}, {@link #window}, ...).
 *
 * <p><b>Never ahead of read_committed consumers.</b> A recorded change is held back until the
 * transaction that wrote the record has committed: the processor {@link #seal}s what it recorded at
 * the end of each commit's flush, which runs inside that commit's transaction, and {@link #publish}es
 * sealed changes the next time its stream thread runs it (a record, a punctuation or the next
 * commit), which only happens after the commit succeeded. A failed commit closes the task, and
 * this store with it; a new one is rebuilt from the committed state. Readers on other threads see
 * concurrent maps that only ever hold committed records.
 */
public final class ViewStore implements StateStore, KpiReader {
    /** Finds the view stores of this instance's running tasks through {@code KafkaStreams.store}. */
    public static final QueryableStoreType<KpiReader> TYPE = new QueryableStoreType<>() {
        @Override
        public boolean accepts(StateStore store) {
            return store instanceof ViewStore;
        }

        @Override
        public KpiReader create(StateStoreProvider provider, String storeName) {
            return new LocalReader(() -> provider.stores(storeName, this));
        }
    };

    private record Entry(byte[] json, boolean isFinal) {
    }

    private final String name;
    private volatile boolean open;
    private final Map<String, byte[]> totals = new ConcurrentHashMap<>();
    /** size name -> id -> window start -> latest record. */
    private final Map<String, Map<String, ConcurrentSkipListMap<Long, Entry>>> windows = new ConcurrentHashMap<>();
    private final Map<String, byte[]> experiments = new ConcurrentHashMap<>();
    /** {@code day|campaign|kind} -> alert. */
    private final ConcurrentSkipListMap<String, byte[]> alerts = new ConcurrentSkipListMap<>();
    private List<Runnable> recorded = new ArrayList<>();
    private List<Runnable> sealed = new ArrayList<>();
    private boolean direct;

    private ViewStore(String name) {
        this.name = name;
    }

    /** A builder for the topology: no changelog, no cache. */
    public static StoreBuilder<ViewStore> builder(String name) {
        return new ViewStoreBuilder(name);
    }

    // ---- the owning processor (its stream thread) ----

    /** Empties the view, then runs {@code fill}, whose records are visible at once (they are committed). */
    public void rebuild(Runnable fill) {
        clear();
        direct = true;
        try {
            fill.run();
        } finally {
            direct = false;
        }
    }

    public void total(String id, byte[] json) {
        record(() -> totals.put(id, json));
    }

    /** A window record; a running record never replaces the window's final record. */
    public void window(String size, String id, long start, byte[] json, boolean isFinal) {
        record(() -> windows.computeIfAbsent(size, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(id, i -> new ConcurrentSkipListMap<>())
                .compute(start, (s, old) -> !isFinal && old != null && old.isFinal ? old : new Entry(json, isFinal)));
    }

    /** A window that left the state ({@code window.retention} passed). */
    public void windowGone(String size, String id, long start) {
        record(() -> {
            Map<String, ConcurrentSkipListMap<Long, Entry>> ids = windows.get(size);
            ConcurrentSkipListMap<Long, Entry> starts = ids == null ? null : ids.get(id);
            if (starts != null) {
                starts.remove(start);
                if (starts.isEmpty()) {
                    ids.remove(id);
                }
            }
        });
    }

    public void experiment(String campaignId, byte[] json) {
        record(() -> experiments.put(campaignId, json));
    }

    public void alert(String key, byte[] json) {
        record(() -> alerts.put(key, json));
    }

    public void alertGone(String key) {
        record(() -> alerts.remove(key));
    }

    /** At the end of a commit's flush: what was recorded belongs to this commit's transaction. */
    public void seal() {
        if (recorded.isEmpty()) {
            return;
        }
        if (sealed.isEmpty()) {
            List<Runnable> t = sealed;
            sealed = recorded;
            recorded = t;
        } else {
            sealed.addAll(recorded);
            recorded.clear();
        }
    }

    /** Makes sealed changes visible; call only when the commit that sealed them has completed. */
    public void publish() {
        if (sealed.isEmpty()) {
            return;
        }
        for (Runnable r : sealed) {
            r.run();
        }
        sealed.clear();
    }

    private void record(Runnable change) {
        if (direct) {
            change.run();
        } else {
            recorded.add(change);
        }
    }

    private void clear() {
        totals.clear();
        windows.clear();
        experiments.clear();
        alerts.clear();
        recorded.clear();
        sealed.clear();
    }

    // ---- readers (any thread) ----

    @Override
    public byte[] total(String id) {
        return totals.get(id);
    }

    @Override
    public List<byte[]> totals() {
        return new ArrayList<>(totals.values());
    }

    @Override
    public List<byte[]> windows(String size, String id, long from, long to) {
        Map<String, ConcurrentSkipListMap<Long, Entry>> ids = windows.get(size);
        ConcurrentSkipListMap<Long, Entry> starts = ids == null ? null : ids.get(id);
        if (starts == null || from >= to) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        starts.subMap(from, to).values().forEach(e -> out.add(e.json));
        return out;
    }

    @Override
    public List<byte[]> windowAt(String size, long start) {
        Map<String, ConcurrentSkipListMap<Long, Entry>> ids = windows.get(size);
        if (ids == null) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        for (ConcurrentSkipListMap<Long, Entry> starts : ids.values()) {
            Entry e = starts.get(start);
            if (e != null) {
                out.add(e.json);
            }
        }
        return out;
    }

    @Override
    public byte[] experiment(String campaignId) {
        return experiments.get(campaignId);
    }

    @Override
    public List<byte[]> experiments() {
        return new ArrayList<>(experiments.values());
    }

    @Override
    public List<byte[]> alerts() {
        return new ArrayList<>(alerts.values());
    }

    // ---- StateStore ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clear();
        context.register(root, (key, value) -> {
        });
        open = true;
    }

    @Override
    public void close() {
        open = false;
        clear();
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private record ViewStoreBuilder(String name) implements StoreBuilder<ViewStore> {
        @Override
        public StoreBuilder<ViewStore> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<ViewStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<ViewStore> withLoggingEnabled(Map<String, String> config) {
            return this;
        }

        @Override
        public StoreBuilder<ViewStore> withLoggingDisabled() {
            return this;
        }

        @Override
        public ViewStore build() {
            return new ViewStore(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }
    }
}
