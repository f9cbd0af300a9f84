package io.campaignpulse.topology;

import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.Totals;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-variant lifetime sums of every campaign whose events carry a {@code variant} (CONTRACT
 * section 13), late events included as in lifetime records, with the campaigns changed since the
 * last commit.
 *
 * <p>Changelog: one record per changed campaign per commit, key {@code 'X'} + campaign id (UTF-8),
 * value format byte {@value #FORMAT}, the currency, the number of variants, then per variant its
 * name and six sums. Compaction keeps the latest per campaign.
 */
final class Experiments {
    static final byte KEY = 'X';
    static final int FORMAT = 1;

    /** One campaign's arms, sorted by variant. */
    static final class Arms {
        String currency;
        final TreeMap<String, Totals> variants = new TreeMap<>();
        boolean changed;
    }

    private final Map<String, Arms> byCampaign = new HashMap<>();
    private final List<String> changed = new ArrayList<>();

    void add(String campaignId, String variant, String currency, EventKind kind, long spend, long revenue) {
        Arms a = byCampaign.computeIfAbsent(campaignId, k -> new Arms());
        a.currency = currency;
        a.variants.computeIfAbsent(variant, v -> new Totals()).addEvent(kind, spend, revenue);
        if (!a.changed) {
            a.changed = true;
            changed.add(campaignId);
        }
    }

    /** Every campaign with arms. */
    java.util.Set<String> campaigns() {
        return byCampaign.keySet();
    }

    Arms get(String campaignId) {
        return byCampaign.get(campaignId);
    }

    /** The campaigns changed since the last commit, in the order they first changed. */
    List<String> changed() {
        return changed;
    }

    void flushTo(FlushedStore.Changelog log) {
        for (String id : changed) {
            Arms a = byCampaign.get(id);
            a.changed = false;
            BinWriter w = new BinWriter(64 + 64 * a.variants.size()).writeByte(FORMAT).writeString(a.currency)
                    .writeInt(a.variants.size());
            for (Map.Entry<String, Totals> e : a.variants.entrySet()) {
                w.writeString(e.getKey());
                Codec.writeTotals(w, e.getValue());
            }
            log.put(key(id), w.toByteArray());
        }
        changed.clear();
    }

    static byte[] key(String campaignId) {
        byte[] id = campaignId.getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[id.length + 1];
        k[0] = KEY;
        System.arraycopy(id, 0, k, 1, id.length);
        return k;
    }

    void restore(byte[] key, byte[] value) {
        String id = new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
        if (value == null) {
            byCampaign.remove(id);
            return;
        }
        BinReader r = new BinReader(value);
        int format = r.readByte();
        if (format != FORMAT) {
            throw new IllegalStateException("experiment state of format " + format + ", this release reads " + FORMAT);
        }
        Arms a = new Arms();
        a.currency = r.readString();
        int n = r.readInt();
        for (int i = 0; i < n; i++) {
            a.variants.put(r.readString(), Codec.readTotals(r));
        }
        byCampaign.put(id, a);
    }
}
