package io.campaignpulse.topology;

import io.campaignpulse.kpi.Recommendation;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state of one recommendation task: every channel task's closing point, and per (currency,
 * window start) the channels' sums of that closed {@code recommend.window} window, until every
 * channel task has closed past it.
 *
 * <p>Changelog: the watermarks ({@link Watermarks}), and one record per pending window, key
 * {@code 'P'} + window start (8 bytes) + currency (UTF-8), value format byte {@value #FORMAT},
 * the number of channels, then per channel its name, spend, revenue and sales; a tombstone once
 * the recommendation is made.
 */
final class RecommendState implements FlushedStore.Content {
    static final byte PENDING = 'P';
    static final int FORMAT = 1;

    /** A pending window: its currency and start. */
    record Window(long start, String currency) implements Comparable<Window> {
        @Override
        public int compareTo(Window o) {
            int c = Long.compare(start, o.start);
            return c != 0 ? c : currency.compareTo(o.currency);
        }
    }

    final Watermarks closing;
    final TreeMap<Window, Map<String, Recommendation.Channel>> pending = new TreeMap<>();
    private final Set<Window> changed = new HashSet<>();

    RecommendState(int channelTasks) {
        closing = new Watermarks(channelTasks);
    }

    void add(Window w, Recommendation.Channel c) {
        pending.computeIfAbsent(w, k -> new TreeMap<>()).put(c.channel(), c);
        changed.add(w);
    }

    void remove(Window w) {
        pending.remove(w);
        changed.add(w);
    }

    private static byte[] key(Window w) {
        byte[] cur = w.currency().getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[9 + cur.length];
        k[0] = PENDING;
        BigEndian.putLong(k, 1, w.start());
        System.arraycopy(cur, 0, k, 9, cur.length);
        return k;
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        switch (key[0]) {
            case Watermarks.SOURCE, Watermarks.CLOSED -> closing.restore(key, value);
            case PENDING -> {
                Window w = new Window(BigEndian.getLong(key, 1),
                        new String(key, 9, key.length - 9, StandardCharsets.UTF_8));
                if (value == null) {
                    pending.remove(w);
                    return;
                }
                BinReader r = new BinReader(value);
                int format = r.readByte();
                if (format != FORMAT) {
                    throw new IllegalStateException("recommendation state of format " + format + ", this release reads "
                            + FORMAT);
                }
                int n = r.readInt();
                Map<String, Recommendation.Channel> channels = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    Recommendation.Channel c = new Recommendation.Channel(r.readString(), r.readLong(), r.readLong(),
                            r.readLong());
                    channels.put(c.channel(), c);
                }
                pending.put(w, channels);
            }
            default -> throw new IllegalStateException("unknown recommendation state key type " + key[0]);
        }
    }

    @Override
    public void flushTo(FlushedStore.Changelog log) {
        closing.flushTo(log);
        for (Window w : changed) {
            Map<String, Recommendation.Channel> channels = pending.get(w);
            if (channels == null) {
                log.delete(key(w));
                continue;
            }
            BinWriter out = new BinWriter(32 + 48 * channels.size()).writeByte(FORMAT).writeInt(channels.size());
            for (Recommendation.Channel c : channels.values()) {
                out.writeString(c.channel()).writeLong(c.spendMicros()).writeLong(c.revenueMicros()).writeLong(c.sales());
            }
            log.put(key(w), out.toByteArray());
        }
        changed.clear();
    }
}
