package io.campaignpulse.topology;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Aggregates changed since their last running record. Kept in a logged store (so a crash between
 * a commit and the next emission loses no running record) mirrored in memory (so marking an
 * already-dirty key costs no store write).
 */
final class DirtyKeys {
    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    private final Set<Bytes> keys = new LinkedHashSet<>();

    DirtyKeys(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
    }

    void mark(Bytes key) {
        if (keys.add(key)) {
            store.put(key, EMPTY);
        }
    }

    boolean remove(Bytes key) {
        if (keys.remove(key)) {
            store.delete(key);
            return true;
        }
        return false;
    }

    /** Removes and returns every dirty key. */
    List<Bytes> drain() {
        List<Bytes> out = new ArrayList<>(keys);
        for (Bytes k : out) {
            store.delete(k);
        }
        keys.clear();
        return out;
    }
}
