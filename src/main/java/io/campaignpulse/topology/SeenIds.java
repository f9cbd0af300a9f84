package io.campaignpulse.topology;

import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The accepted event ids of one de-duplication task with their event times, and an index by time
 * to forget them. An id is forgotten once every input partition's progress (the closing point) is
 * more than {@code dedup.window} past its time, so no later event can be a duplicate of it except
 * one that is itself that far behind every partition. The state is bounded by the window and by
 * how far the slowest partition trails.
 */
final class SeenIds {
    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> ids;
    private final KeyValueStore<Bytes, byte[]> byTime;
    private final long windowMs;

    SeenIds(KeyValueStore<Bytes, byte[]> ids, KeyValueStore<Bytes, byte[]> byTime, long windowMs) {
        this.ids = ids;
        this.byTime = byTime;
        this.windowMs = windowMs;
    }

    /**
     * True when {@code id} was accepted with a time less than the window from {@code t};
     * otherwise remembers it as accepted at {@code t} and returns false.
     */
    boolean isDuplicateElseRemember(Bytes id, long t) {
        byte[] previous = ids.get(id);
        long[] times = previous == null ? new long[0] : decode(previous);
        for (long seen : times) {
            if (Math.abs(t - seen) < windowMs) {
                return true;
            }
        }
        long[] more = Arrays.copyOf(times, times.length + 1);
        more[times.length] = t;
        ids.put(id, encode(more));
        byTime.put(timeKey(t, id), EMPTY);
        return false;
    }

    /** Forgets every accepted time before {@code closingPoint - window}. */
    void expire(long closingPoint) {
        if (closingPoint == Long.MIN_VALUE || closingPoint - windowMs <= 0) {
            return;
        }
        long horizon = closingPoint - windowMs;
        List<Bytes> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = byTime.range(null, timeKey(horizon, Bytes.wrap(EMPTY)))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (new BinReader(kv.key.get()).readLong() < horizon) {
                    due.add(kv.key);
                }
            }
        }
        for (Bytes k : due) {
            byTime.delete(k);
            byte[] raw = k.get();
            Bytes id = Bytes.wrap(Arrays.copyOfRange(raw, 8, raw.length));
            byte[] current = ids.get(id);
            if (current == null) {
                continue;
            }
            long[] kept = Arrays.stream(decode(current)).filter(x -> x >= horizon).toArray();
            if (kept.length == 0) {
                ids.delete(id);
            } else {
                ids.put(id, encode(kept));
            }
        }
    }

    /** Event times are never negative, so big-endian bytes sort like the times. */
    private static Bytes timeKey(long t, Bytes id) {
        return Bytes.wrap(new BinWriter(8 + id.get().length).writeLong(t).writeRaw(id.get()).toByteArray());
    }

    private static byte[] encode(long[] times) {
        BinWriter w = new BinWriter(8 * times.length);
        for (long t : times) {
            w.writeLong(t);
        }
        return w.toByteArray();
    }

    private static long[] decode(byte[] b) {
        BinReader r = new BinReader(b);
        long[] times = new long[b.length / 8];
        for (int i = 0; i < times.length; i++) {
            times[i] = r.readLong();
        }
        return times;
    }
}
