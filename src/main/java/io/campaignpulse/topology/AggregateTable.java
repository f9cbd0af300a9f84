package io.campaignpulse.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Window aggregates keyed by {@link WindowKey}, with the set of those changed since their last
 * running record. Shared by the campaign and channel stages.
 */
final class AggregateTable {
    /** What to do with a window leaving the table: {@code dirty} if its last change was not emitted. */
    interface Closed {
        void accept(WindowKey key, Aggregate aggregate, boolean dirty);
    }

    private final KeyValueStore<Bytes, byte[]> store;
    private final DirtyKeys dirty;

    AggregateTable(KeyValueStore<Bytes, byte[]> store, KeyValueStore<Bytes, byte[]> dirtyStore) {
        this.store = store;
        this.dirty = new DirtyKeys(dirtyStore);
    }

    /** Applies a change to one aggregate (created empty when absent), marks it changed, returns it. */
    Aggregate update(Bytes key, Consumer<Aggregate> change) {
        byte[] b = store.get(key);
        Aggregate a = b == null ? new Aggregate() : Aggregate.decode(b);
        change.accept(a);
        store.put(key, a.encode());
        dirty.mark(key);
        return a;
    }

    /**
     * Removes every window whose end plus grace is at or before {@code point}, oldest first per
     * size, handing each to {@code closed}.
     */
    void removeClosed(WindowPlan plan, long point, Closed closed) {
        for (int i = 0; i < plan.count(); i++) {
            long lastStart = point - plan.graceMs() - plan.sizes().get(i).millis();
            List<KeyValue<Bytes, byte[]>> closing = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = store.range(WindowKey.first(i),
                    WindowKey.lastStartingAtOrBefore(i, lastStart))) {
                it.forEachRemaining(closing::add);
            }
            for (KeyValue<Bytes, byte[]> kv : closing) {
                closed.accept(WindowKey.decode(kv.key), Aggregate.decode(kv.value), dirty.remove(kv.key));
                store.delete(kv.key);
            }
        }
    }

    /** Hands every changed aggregate to {@code emit} and marks them all emitted. */
    void drainChanged(BiConsumer<WindowKey, Aggregate> emit) {
        for (Bytes key : dirty.drain()) {
            byte[] b = store.get(key);
            if (b != null) {
                emit.accept(WindowKey.decode(key), Aggregate.decode(b));
            }
        }
    }
}
