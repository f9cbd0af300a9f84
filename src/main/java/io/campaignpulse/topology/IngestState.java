package io.campaignpulse.topology;

import java.util.HashMap;
import java.util.Map;

/**
 * The ingest task's memory of its input partitions: progress (highest event time delivered),
 * idleness, and the wall time a partition resumed from idleness. Persisted at commit when changed.
 * Changelog key: {@code 'S'} + source (4 bytes); value: format byte 1, max (8), idle (1),
 * resumedAt (8).
 */
final class IngestState implements FlushedStore.Content {
    private static final byte SOURCE = 'S';
    private static final int FORMAT = 1;

    /** One source partition's progress. {@code resumedAt} is the wall time it left idleness, or -1. */
    static final class Source {
        final int index;
        long max = Long.MIN_VALUE;
        boolean idle;
        long resumedAt = -1;
        boolean dirty;

        Source(int index) {
            this.index = index;
        }
    }

    private final Map<Integer, Source> sources = new HashMap<>();

    Source source(int index) {
        return sources.computeIfAbsent(index, Source::new);
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        if (key[0] != SOURCE || value == null) {
            return;
        }
        if (value[0] != FORMAT) {
            throw new IllegalStateException("ingest state of format " + value[0] + ", this release reads " + FORMAT);
        }
        Source s = source(BigEndian.getInt(key, 1));
        s.max = BigEndian.getLong(value, 1);
        s.idle = value[9] == 1;
        s.resumedAt = BigEndian.getLong(value, 10);
    }

    @Override
    public void flushTo(FlushedStore.Changelog log) {
        for (Source s : sources.values()) {
            if (s.dirty) {
                byte[] k = new byte[5];
                k[0] = SOURCE;
                BigEndian.putInt(k, 1, s.index);
                byte[] v = new byte[18];
                v[0] = FORMAT;
                BigEndian.putLong(v, 1, s.max);
                v[9] = (byte) (s.idle ? 1 : 0);
                BigEndian.putLong(v, 10, s.resumedAt);
                log.put(k, v);
                s.dirty = false;
            }
        }
    }
}
