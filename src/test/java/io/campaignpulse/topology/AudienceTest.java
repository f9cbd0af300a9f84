package io.campaignpulse.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.campaignpulse.kpi.EventKind;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.junit.jupiter.api.Test;

/** The audience sketches: counts, union semantics, and the changelog's deltas and snapshots. */
class AudienceTest {
    private static final HexFormat HEX = HexFormat.of();

    private static long user(int i) {
        return Audience.userHash("user-" + i);
    }

    @Test
    void shouldKeepTheUserHashStableAcrossReleases() {
        // Persisted inside sketches in changelogs: a change here would count every known user again.
        assertThat(HEX.toHexDigits(Audience.userHash("u1"))).isEqualTo("47b38146058f010f");
    }

    @Test
    void shouldCountExactlyWhileFewUsersAndPutEachKindInItsStepOfTheFunnel() {
        Audience a = new Audience(12);
        // Coupon mode, exact, holds up to 3/4 * 2^(lgK-3) = 384 users at lgK 12.
        for (int i = 0; i < 384; i++) {
            a.add(EventKind.IMPRESSION, user(i));
            a.add(EventKind.IMPRESSION, user(i)); // every user twice
        }
        for (int i = 0; i < 40; i++) {
            a.add(EventKind.CLICK, user(i));
            a.add(EventKind.LEAD, user(i)); // the same 40 users act
        }
        a.add(EventKind.SALE, user(7));
        assertThat(a.counts()).isEqualTo(new io.campaignpulse.kpi.AudienceCounts(768, 384, 40, 1));
    }

    @Test
    void shouldGiveAChannelReachBelowTheSumWhenCampaignsShareUsers() {
        Audience a = new Audience(12);
        Audience b = new Audience(12);
        for (int i = 0; i < 200; i++) {
            a.add(EventKind.IMPRESSION, user(i)); // users 0..199
            b.add(EventKind.IMPRESSION, user(i + 150)); // users 150..349
        }
        Audience channel = new Audience(12);
        channel.mergeIncrement(a.userImpressions, Audience.heapify(a.sketches(true)));
        channel.mergeIncrement(b.userImpressions, Audience.heapify(b.sketches(true)));
        assertThat(channel.count(Audience.REACH)).isEqualTo(350).isLessThan(a.count(Audience.REACH)
                + b.count(Audience.REACH));
        assertThat(channel.userImpressions).isEqualTo(400);
    }

    @Test
    void shouldGiveTheSameEstimateForAUnionOfPartsAsForTheWholeInEstimationMode() {
        Audience whole = new Audience(12);
        List<Audience> parts = new ArrayList<>();
        for (int p = 0; p < 24; p++) {
            parts.add(new Audience(12));
        }
        for (int i = 0; i < 200_000; i++) {
            whole.add(EventKind.IMPRESSION, user(i));
            parts.get(i % 24).add(EventKind.IMPRESSION, user(i));
            parts.get((i * 7) % 24).add(EventKind.IMPRESSION, user(i)); // overlapping parts
        }
        Audience union = new Audience(12);
        for (Audience p : parts) {
            union.mergeIncrement(0, Audience.heapify(p.sketches(true)));
        }
        long estimate = whole.count(Audience.REACH);
        assertThat(union.count(Audience.REACH)).as("the estimate depends on the users only").isEqualTo(estimate);
        // Relative standard error at lgK 12 is about 1.04 / 64 = 1.6%; allow 3 of them.
        assertThat((double) estimate).isCloseTo(200_000, within(200_000 * 3 * 1.04 / 64));
        assertThat(parts.get(0).sketches(true)[Audience.REACH].length).as("a full compact HLL_4 image")
                .isLessThan(2_200);
    }

    @Test
    void shouldRestoreTheSameCountsFromDeltasWhatEverCompactionKeeps() {
        WindowTable t = new WindowTable(1, 12, -1L, 64 * 1024);
        List<String[]> log = new ArrayList<>();
        FlushedStore.Changelog changelog = new FlushedStore.Changelog() {
            @Override
            public void put(byte[] key, byte[] value) {
                log.add(new String[] {HEX.formatHex(key), HEX.formatHex(value)});
            }

            @Override
            public void delete(byte[] key) {
                log.add(new String[] {HEX.formatHex(key), null});
            }
        };
        WindowKey key = WindowKey.total("c");
        int commits = 0;
        for (int i = 0; i < 60_000; i++) {
            Aggregate a = t.update(key);
            a.addEvent(EventKind.IMPRESSION, 0, 0, "NOK", "web");
            a.addUser(EventKind.IMPRESSION, user(i % 45_000), 12); // some users come back
            if (i % 3 == 0) {
                a.addUser(EventKind.CLICK, user(i), 12);
            }
            if (i % 500 == 499) {
                t.flushTo(changelog);
                commits++;
            }
        }
        assertThat(commits).isEqualTo(120);
        assertThat(log).as("snapshots were written").anyMatch(kv -> kv[0].equals("52"));
        Aggregate live = t.get(key);
        assertThat(live.audience.count(Audience.REACH)).isCloseTo(45_000L, within(45_000L * 5 / 100));

        WindowTable restored = new WindowTable(1, 12);
        log.forEach(kv -> restored.restore(HEX.parseHex(kv[0]), kv[1] == null ? null : HEX.parseHex(kv[1])));
        assertThat(restored.get(key).audienceCounts()).isEqualTo(live.audienceCounts());
        assertThat(restored.get(key).totals).isEqualTo(live.totals);

        Map<String, String> compacted = new LinkedHashMap<>();
        for (String[] kv : log) {
            compacted.remove(kv[0]);
            compacted.put(kv[0], kv[1]);
        }
        WindowTable fromCompacted = new WindowTable(1, 12);
        compacted.forEach((k, v) -> fromCompacted.restore(HEX.parseHex(k), v == null ? null : HEX.parseHex(v)));
        assertThat(fromCompacted.get(key).audienceCounts()).isEqualTo(live.audienceCounts());
    }

    @Test
    void shouldReadAnAggregateOfThePreviousFormatAsOneWithoutUsers() {
        // Format 1 (the previous release): the six sums and four strings, no audience.
        byte[] v1 = HEX.parseHex("01" + "0000000000000000" + "0000000000000001" + "0000000000000000"
                + "0000000000000000" + "0000000000000005" + "0000000000000000" + "000000034e4f4b"
                + "ffffffff" + "ffffffff" + "00000003776562");
        Aggregate a = Aggregate.decode(v1, 12);
        assertThat(a.totals.clicks).isEqualTo(1);
        assertThat(a.lastEventChannel).isEqualTo("web");
        assertThat(a.audienceCounts()).isEqualTo(io.campaignpulse.kpi.AudienceCounts.NONE);
    }

    @Test
    void shouldWriteSketchesAsDataSketchesCompactImages() {
        Audience a = new Audience(12);
        a.add(EventKind.SALE, user(1));
        byte[][] s = a.sketches(true);
        assertThat(s[Audience.REACH]).isNull();
        assertThat(s[Audience.ACT]).isNull();
        HllSketch convert = HllSketch.heapify(s[Audience.CONVERT]);
        assertThat(convert.getLgConfigK()).isEqualTo(12);
        assertThat(convert.getEstimate()).isEqualTo(1.0);
        a.committed();
        assertThat(java.util.Arrays.asList(a.sketches(false))).hasSize(Audience.SETS).containsOnlyNulls();
    }
}
