package io.campaignpulse.topology;

import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One attribution task's memory (CONTRACT section 11): the remembered clicks of its click ids,
 * the conversions waiting for their clicks, and its inputs' progress. Clicks are packed per click
 * id into one byte array (the same bytes as their changelog value), so a remembered click costs
 * its fields and little more.
 *
 * <p>Changelog keys: {@code 'K'} + click id (UTF-8) to the packed clicks: a count, then per click
 * event time, its partition's progress before it, campaign id, channel, nullable variant;
 * {@code 'P'} + kind (1) + partition (4) + offset (8) to a waiting conversion (a one-entry
 * {@link StageBatch} holding its {@link StageBatch#CONVERSION} entry); {@code 'W'} and
 * {@code 'C'}: {@link Watermarks}.
 */
final class AttributionState implements FlushedStore.Content {
    private static final byte CLICKS = 'K';
    private static final byte PENDING = 'P';

    /** A remembered click. */
    record Click(long time, long progressBefore, String campaignId, String channel, String variant) {
    }

    /** A conversion waiting for its click. */
    static final class Pending {
        final String clickId;
        final int flags;
        final StageEvent event;

        Pending(String clickId, int flags, StageEvent event) {
            this.clickId = clickId;
            this.flags = flags;
            this.event = event;
        }
    }

    /** Orders waiting conversions by event time, then by where they were read (unique). */
    record PendingKey(long time, int kind, int partition, long offset) implements Comparable<PendingKey> {
        @Override
        public int compareTo(PendingKey o) {
            int c = Long.compare(time, o.time);
            if (c == 0) {
                c = Integer.compare(kind, o.kind);
            }
            if (c == 0) {
                c = Integer.compare(partition, o.partition);
            }
            return c != 0 ? c : Long.compare(offset, o.offset);
        }

        byte[] changelogKey() {
            byte[] k = new byte[14];
            k[0] = PENDING;
            k[1] = (byte) kind;
            BigEndian.putInt(k, 2, partition);
            BigEndian.putLong(k, 6, offset);
            return k;
        }
    }

    final Watermarks watermarks;
    private final Map<String, byte[]> clicks = new java.util.HashMap<>();
    private final Set<String> dirtyClicks = new HashSet<>();
    final TreeMap<PendingKey, Pending> pending = new TreeMap<>();
    private final Set<PendingKey> dirtyPending = new HashSet<>();
    /** Waiting conversions whose record is in the changelog (those credited within one commit never are). */
    private final Set<PendingKey> persisted = new HashSet<>();
    private long clickBytes;

    AttributionState(int sources) {
        watermarks = new Watermarks(sources);
    }

    /** Remembers a click. */
    void addClick(String clickId, Click c) {
        byte[] old = clicks.get(clickId);
        BinWriter w = new BinWriter(old == null ? 48 : old.length + 48);
        if (old == null) {
            w.writeInt(1);
        } else {
            BinReader r = new BinReader(old);
            w.writeInt(r.readInt() + 1).writeRaw(r.readRest());
        }
        write(w, c);
        put(clickId, w.toByteArray());
    }

    private static void write(BinWriter w, Click c) {
        w.writeLong(c.time()).writeLong(c.progressBefore()).writeString(c.campaignId()).writeString(c.channel())
                .writeString(c.variant());
    }

    private void put(String clickId, byte[] packed) {
        byte[] old = packed == null ? clicks.remove(clickId) : clicks.put(clickId, packed);
        clickBytes += (packed == null ? 0 : packed.length) - (old == null ? 0 : old.length);
        dirtyClicks.add(clickId);
    }

    /** The remembered clicks of a click id (none: empty). */
    java.util.List<Click> clicks(String clickId) {
        byte[] packed = clicks.get(clickId);
        return packed == null ? java.util.List.of() : unpack(packed);
    }

    private static java.util.List<Click> unpack(byte[] packed) {
        BinReader r = new BinReader(packed);
        int n = r.readInt();
        java.util.List<Click> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Click(r.readLong(), r.readLong(), r.readString(), r.readString(), r.readString()));
        }
        return out;
    }

    /** Forgets every click older than {@code horizon}. */
    void expireClicks(long horizon) {
        for (Iterator<Map.Entry<String, byte[]>> it = clicks.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, byte[]> e = it.next();
            java.util.List<Click> all = unpack(e.getValue());
            java.util.List<Click> kept = all.stream().filter(c -> c.time() >= horizon).toList();
            if (kept.size() == all.size()) {
                continue;
            }
            clickBytes -= e.getValue().length;
            dirtyClicks.add(e.getKey());
            if (kept.isEmpty()) {
                it.remove();
            } else {
                BinWriter w = new BinWriter(e.getValue().length).writeInt(kept.size());
                kept.forEach(c -> write(w, c));
                byte[] packed = w.toByteArray();
                clickBytes += packed.length;
                e.setValue(packed);
            }
        }
    }

    int clickIds() {
        return clicks.size();
    }

    /** The bytes of the packed clicks (their changelog values). */
    long clickBytes() {
        return clickBytes;
    }

    void addPending(Pending p) {
        PendingKey k = keyOf(p.event);
        pending.put(k, p);
        dirtyPending.add(k);
    }

    void removePending(PendingKey k) {
        pending.remove(k);
        dirtyPending.add(k);
    }

    static PendingKey keyOf(StageEvent e) {
        return new PendingKey(e.time, e.kind, e.rawPartition, e.rawOffset);
    }

    /** Appends a {@link StageBatch#CLICK} entry: click id, time, progress before, campaign, channel, variant. */
    static void writeClick(StageBatch.Writer w, String clickId, long time, long progressBefore, byte[] campaignId,
            String channel, String variant) {
        w.entry(StageBatch.CLICK).str(clickId).i64(time).i64(progressBefore).bytes16(campaignId).str(channel)
                .u8(variant != null ? 1 : 0);
        if (variant != null) {
            w.str(variant);
        }
    }

    /** Reads a {@link StageBatch#CLICK} entry after its click id. */
    static Click readClick(StageBatch.Reader r) {
        long time = r.i64();
        long before = r.i64();
        String campaignId = r.str();
        String channel = r.str();
        return new Click(time, before, campaignId, channel, r.u8() == 1 ? r.str() : null);
    }

    /** A waiting conversion as its changelog value: a batch of its one entry. */
    static byte[] encode(Pending p) {
        StageBatch.Writer w = new StageBatch.Writer(256);
        w.entry(StageBatch.CONVERSION).str(p.clickId).u8(p.flags);
        p.event.writeTo(w);
        return w.toByteArray();
    }

    /** Reads a {@link StageBatch#CONVERSION} entry after its code. */
    static Pending readConversion(StageBatch.Reader r) {
        String clickId = r.str();
        int flags = r.u8();
        int code = r.u8();
        if (code != StageBatch.EVENT) {
            throw new IllegalStateException("a conversion entry without its event (entry " + code + ")");
        }
        StageEvent e = new StageEvent(true);
        e.read(r);
        return new Pending(clickId, flags, e);
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        if (key[0] == CLICKS) {
            String id = new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
            byte[] old = value == null ? clicks.remove(id) : clicks.put(id, value);
            clickBytes += (value == null ? 0 : value.length) - (old == null ? 0 : old.length);
        } else if (key[0] == PENDING) {
            if (value != null) {
                StageBatch.Reader r = new StageBatch.Reader(value);
                r.u8();
                Pending p = readConversion(r);
                pending.put(keyOf(p.event), p);
                persisted.add(keyOf(p.event));
            } else {
                pending.keySet().removeIf(k -> java.util.Arrays.equals(k.changelogKey(), key));
                persisted.removeIf(k -> java.util.Arrays.equals(k.changelogKey(), key));
            }
        } else {
            watermarks.restore(key, value);
        }
    }

    @Override
    public void flushTo(FlushedStore.Changelog log) {
        for (String id : dirtyClicks) {
            byte[] id8 = id.getBytes(StandardCharsets.UTF_8);
            byte[] k = new byte[id8.length + 1];
            k[0] = CLICKS;
            System.arraycopy(id8, 0, k, 1, id8.length);
            byte[] v = clicks.get(id);
            if (v == null) {
                log.delete(k);
            } else {
                log.put(k, v);
            }
        }
        dirtyClicks.clear();
        for (PendingKey k : dirtyPending) {
            Pending p = pending.get(k);
            if (p == null) {
                if (persisted.remove(k)) {
                    log.delete(k.changelogKey());
                }
            } else if (persisted.add(k)) {
                log.put(k.changelogKey(), encode(p));
            }
        }
        dirtyPending.clear();
        watermarks.flushTo(log);
    }
}
