package io.campaignpulse.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.campaignpulse.events.Campaign;
import io.campaignpulse.kpi.PricingModel;
import io.campaignpulse.kpi.Totals;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of every format that is stored in a changelog or sent between stages, so a later
 * release that changes one must do so on purpose (and keep reading today's bytes).
 */
class StageFormatsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Records what a content writes to its changelog, as hex key=value lines. */
    private static final class Log implements FlushedStore.Changelog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void put(byte[] key, byte[] value) {
            lines.add(HEX.formatHex(key) + "=" + HEX.formatHex(value));
        }

        @Override
        public void delete(byte[] key) {
            lines.add(HEX.formatHex(key) + "=null");
        }
    }

    @Test
    void shouldWriteAnEventEntryWithVersionCodesAndVarints() {
        StageBatch.Writer w = new StageBatch.Writer(64);
        StageEvent.write(w, 1, false, 0, 1_000L, 300L, 0L, utf8("c1"), "e9", "google", "NOK", null, null, null, null, 0, 0L,
                null);
        assertThat(HEX.formatHex(w.toByteArray())).isEqualTo("02" // format version
                + "01" + "01" + "00" + "00" // event entry, kind click, no flags, late mask 0
                + "00000000000003e8" // event time 1000
                + "ac02" + "00" // spend 300 as a varint, revenue 0
                + "00026331" + "00026539" + "0006676f6f676c65" + "00034e4f4b"); // c1, e9, google, NOK
        StageBatch.Reader r = new StageBatch.Reader(w.toByteArray());
        assertThat(r.u8()).isEqualTo(StageBatch.EVENT);
        StageEvent e = new StageEvent();
        e.read(r);
        assertThat(e.kind).isEqualTo(1);
        assertThat(e.time).isEqualTo(1_000L);
        assertThat(e.spendMicros).isEqualTo(300L);
        assertThat(e.campaignId).isEqualTo("c1");
        assertThat(e.channel).isEqualTo("google");
        assertThat(e.currency).isEqualTo("NOK");
        assertThat(e.hasRaw).isFalse();
        assertThat(r.hasNext()).isFalse();
        long[] digest = StageEvent.digest(1, "c1", "e9");
        assertThat(new long[] {e.digest1, e.digest2}).isEqualTo(digest);
    }

    @Test
    void shouldCarryTheUserIdsHashWhenTheEventHasAUser() {
        StageBatch.Writer w = new StageBatch.Writer(64);
        StageEvent.write(w, 0, false, 0, 1_000L, 0L, 0L, utf8("c1"), "e9", "web", "NOK", "u1", null, null, null, 0, 0L,
                null);
        assertThat(HEX.formatHex(w.toByteArray())).isEqualTo("02" + "01" + "00" + "04" + "00" // flag 4: a user
                + "00000000000003e8" + "00" + "00" + "00026331" + "00026539" + "0003776562" + "00034e4f4b"
                + "47b38146058f010f"); // Audience.userHash("u1")
        StageBatch.Reader r = new StageBatch.Reader(w.toByteArray());
        r.u8();
        StageEvent e = new StageEvent();
        e.read(r);
        assertThat(e.hasUser).isTrue();
        assertThat(e.userHash).isEqualTo(Audience.userHash("u1"));
        assertThat(r.hasNext()).isFalse();
    }

    @Test
    void shouldKeepTheDedupDigestStableAcrossReleases() {
        // Persisted in changelogs: a change here forgets every remembered id.
        assertThat(StageEvent.digest(1, "c1", "e9")).containsExactly(0x0a31da7a9cf8eaa2L, 0x8f5b0d00165f1463L);
    }

    @Test
    void shouldCarryTheRawCopyWithItsHeaders() {
        StageBatch.Writer w = new StageBatch.Writer(64);
        RecordHeaders headers = new RecordHeaders();
        headers.add("h", new byte[] {7});
        StageEvent.write(w, 3, true, 5, 2L, 0L, 4L, utf8("c"), "e", "x", "EUR", null, null, new byte[] {9}, new byte[] {1, 2}, 4,
                17L, headers);
        StageBatch.Reader r = new StageBatch.Reader(w.toByteArray());
        r.u8();
        StageEvent e = new StageEvent();
        e.read(r);
        assertThat(e.single).isTrue();
        assertThat(e.lateMask).isEqualTo(5);
        assertThat(e.revenueMicros).isEqualTo(4L);
        assertThat(e.rawKey).containsExactly(9);
        assertThat(e.rawValue).containsExactly(1, 2);
        assertThat(e.rawPartition).isEqualTo(4);
        assertThat(e.rawOffset).isEqualTo(17L);
        assertThat(e.rawHeaders.lastHeader("h").value()).containsExactly(7);
        assertThat(HEX.formatHex(w.toByteArray())).startsWith("02" + "01" + "03" + "03" + "05");
    }

    @Test
    void shouldWriteWatermarkChannelDeltaAndClosedEntries() {
        StageBatch.Writer w = new StageBatch.Writer(64);
        w.entry(StageBatch.WATERMARK).i32(2).i64(60_000L).u8(1);
        w.entry(StageBatch.CLOSED).i32(5).i64(Long.MIN_VALUE);
        assertThat(HEX.formatHex(w.toByteArray())).isEqualTo("02" + "02" + "00000002" + "000000000000ea60" + "01"
                + "04" + "00000005" + "8000000000000000");

        ChannelPartials partials = new ChannelPartials(12, false);
        partials.add(60_000L, 0b110, "tv", "NOK", io.campaignpulse.kpi.EventKind.SALE, 2L, 129L, false, 0L);
        StageOutbox one = new StageOutbox(1, 64);
        partials.drainInto(WindowPlan.of(List.of(io.campaignpulse.config.WindowSize.parse("1m"),
                io.campaignpulse.config.WindowSize.parse("1h"), io.campaignpulse.config.WindowSize.parse("1d")), 0L),
                one);
        // The lifetime increment (size 255), then the 1m window only: the event missed 1h and 1d.
        assertThat(HEX.formatHex(one.batch(0).toByteArray())).isEqualTo("02"
                + "03" + "ff" + "0000000000000000" + "00027476" + "00034e4f4b" + "00" + "00" + "00" + "01" + "02"
                + "8101" + "0000000000000000" + "0000000000000000" // no new customers, no customer revenue
                + "03" + "00" + "000000000000ea60" + "00027476" + "00034e4f4b" + "00" + "00" + "00" + "01" + "02"
                + "8101" + "0000000000000000" + "0000000000000000");
    }

    @Test
    void shouldWriteAggregatesAndWatermarksToTheChangelogWithFormatBytes() {
        CampaignState s = new CampaignState(2, 1, 3_600_000L, 12);
        Aggregate a = s.windows.update(new WindowKey(0, 60_000L, "c"));
        a.addEvent(io.campaignpulse.kpi.EventKind.CLICK, 5L, 0L, "NOK", "web");
        s.watermarks.update(1, 90_000L, true);
        s.watermarks.closeUpTo(30_000L);
        Log log = new Log();
        s.flushTo(log);
        assertThat(log.lines).containsExactly(
                "5700000001=0000000000015f9001", // 'W' source 1: max 90000, idle
                "43=0000000000007530", // 'C' closed up to 30000
                "420000000000000000=" // 'B' batch 0: format 2, then (key, value) entries
                        + "02" + "0000000b" + "42" + "00" + "800000000000ea60" + "63" // size 0, start 60000, "c"
                        + "00000069" + "04" + "0000000000000000" + "0000000000000001" + "0000000000000000"
                        + "0000000000000000" + "0000000000000005" + "0000000000000000" + "000000034e4f4b"
                        + "ffffffff" + "ffffffff" + "00000003776562" + "00" // aggregate format 4, no audience,
                        + "00" + "ffffffffffffffff" + "0000000000000000" // open, no final yet, no late events,
                        + "0000000000000000" + "0000000000000000"); // no new customers, no customer revenue
        CampaignState restored = new CampaignState(2, 1, 3_600_000L, 12);
        for (String line : log.lines) {
            String[] kv = line.split("=");
            restored.restore(HEX.parseHex(kv[0]), HEX.parseHex(kv[1]));
        }
        assertThat(restored.windows.get(new WindowKey(0, 60_000L, "c")).totals)
                .isEqualTo(new Totals(0, 1, 0, 0, 5, 0));
        assertThat(restored.watermarks.closedUpTo()).isEqualTo(30_000L);
        assertThat(restored.watermarks.closingPoint()).as("source 0 has not reported").isEqualTo(Long.MIN_VALUE);
        restored.watermarks.update(0, 95_000L, false);
        assertThat(restored.watermarks.closingPoint()).as("source 1 restored as idle").isEqualTo(95_000L);
    }

    @Test
    void shouldPersistIdsAsOneBatchPerCommitAndRestoreThem() {
        SeenIds ids = new SeenIds(3_600_000L);
        assertThat(ids.isDuplicateElseRemember(1L, 2L, 1_000L)).isFalse();
        assertThat(ids.isDuplicateElseRemember(1L, 2L, 2_000L)).isTrue();
        assertThat(ids.isDuplicateElseRemember(3L, 4L, 5_000L)).isFalse();
        Log log = new Log();
        ids.flushTo(log);
        assertThat(log.lines).containsExactly("440000000000000000=01"
                + "0000000000000001" + "0000000000000002" + "00000000000003e8"
                + "0000000000000003" + "0000000000000004" + "0000000000001388");
        SeenIds restored = new SeenIds(3_600_000L);
        String[] kv = log.lines.get(0).split("=");
        restored.restore(HEX.parseHex(kv[0]), HEX.parseHex(kv[1]));
        assertThat(restored.remembers(1L, 2L)).isTrue();
        assertThat(restored.remembers(3L, 4L)).isTrue();
        assertThat(restored.isDuplicateElseRemember(3L, 4L, 6_000L)).isTrue();
        assertThat(restored.size()).isEqualTo(2);
    }

    @Test
    void shouldForgetIdsPastTheHorizonAndPersistTheHorizon() {
        SeenIds ids = new SeenIds(1_000L);
        ids.isDuplicateElseRemember(1L, 1L, 100L);
        ids.isDuplicateElseRemember(2L, 2L, 5_000L);
        Log first = new Log();
        ids.flushTo(first);
        ids.expire(5_000L); // horizon 4000: the id at 100 is forgotten
        assertThat(ids.remembers(1L, 1L)).isFalse();
        assertThat(ids.remembers(2L, 2L)).isTrue();
        Log second = new Log();
        ids.flushTo(second);
        assertThat(second.lines).containsExactly("48=0000000000000fa0");
        SeenIds restored = new SeenIds(1_000L);
        for (String line : first.lines) {
            String[] kv = line.split("=");
            restored.restore(HEX.parseHex(kv[0]), HEX.parseHex(kv[1]));
        }
        String[] h = second.lines.get(0).split("=");
        restored.restore(HEX.parseHex(h[0]), HEX.parseHex(h[1]));
        assertThat(restored.remembers(1L, 1L)).isFalse();
        assertThat(restored.remembers(2L, 2L)).isTrue();
    }

    @Test
    void shouldWriteIngestStateAndCatalogueEntriesWithFormatBytes() {
        IngestState st = new IngestState();
        IngestState.Source s = st.source(3);
        s.max = 10L;
        s.resumedAt = -1L;
        s.dirty = true;
        Log log = new Log();
        st.flushTo(log);
        assertThat(log.lines).containsExactly("5300000003=01" + "000000000000000a" + "00" + "ffffffffffffffff");

        Campaign c = new Campaign("c", "n", "tv", PricingModel.CPA, 2_000_000L, "NOK", -1L, -1L);
        assertThat(HEX.formatHex(CampaignCodec.encode(c))).isEqualTo("02" + "0000000163" + "000000016e"
                + "000000027476" + "04" + "00000000001e8480" + "000000034e4f4b" + "ffffffffffffffff"
                + "ffffffffffffffff" + "ffffffff"); // format 2: control variant, null
        assertThat(CampaignCodec.decode(CampaignCodec.encode(c))).isEqualTo(c);
        // Format 1 (the previous release) reads as an entry without a control variant.
        assertThat(CampaignCodec.decode(HEX.parseHex("01" + "0000000163" + "000000016e" + "000000027476" + "04"
                + "00000000001e8480" + "000000034e4f4b" + "ffffffffffffffff" + "ffffffffffffffff"))).isEqualTo(c);
        Campaign withControl = new Campaign("c", "n", "tv", PricingModel.CPA, 2_000_000L, "NOK", -1L, -1L, "A");
        assertThat(CampaignCodec.decode(CampaignCodec.encode(withControl))).isEqualTo(withControl);
    }

    @Test
    void shouldSnapshotOnceTheBatchesOutweighTheStateAndRestoreFromTheLatestReset() {
        WindowTable t = new WindowTable(1, 12);
        Log log = new Log();
        // One window changed at every commit: the batches grow past 8 MiB while the state stays one
        // window, so the table writes a reset marker, the live window and tombstones for the batches.
        for (int commit = 0; commit < 120_000; commit++) {
            t.update(new WindowKey(0, 60_000L, "c")).totals.clicks++;
            t.flushTo(log);
        }
        long resets = log.lines.stream().filter(l -> l.startsWith("52=")).count();
        assertThat(resets).isPositive();
        WindowTable restored = new WindowTable(1, 12);
        for (String line : log.lines) {
            String[] kv = line.split("=");
            restored.restore(HEX.parseHex(kv[0]), kv[1].equals("null") ? null : HEX.parseHex(kv[1]));
        }
        assertThat(restored.get(new WindowKey(0, 60_000L, "c")).totals.clicks).isEqualTo(120_000L);
        // What compaction keeps (the last record per key, in log order) restores the same state.
        java.util.LinkedHashMap<String, String> compacted = new java.util.LinkedHashMap<>();
        for (String line : log.lines) {
            String[] kv = line.split("=");
            compacted.remove(kv[0]);
            compacted.put(kv[0], kv[1]);
        }
        WindowTable fromCompacted = new WindowTable(1, 12);
        compacted.forEach((k, v) -> fromCompacted.restore(HEX.parseHex(k), v.equals("null") ? null : HEX.parseHex(v)));
        assertThat(fromCompacted.get(new WindowKey(0, 60_000L, "c")).totals.clicks).isEqualTo(120_000L);
        int lastReset = 0;
        for (int i = 0; i < log.lines.size(); i++) {
            if (log.lines.get(i).startsWith("52=")) {
                lastReset = i;
            }
        }
        long writtenSinceReset = log.lines.subList(lastReset + 1, log.lines.size()).stream()
                .filter(l -> l.startsWith("42") && !l.endsWith("=null")).count();
        assertThat(compacted.entrySet().stream().filter(e -> e.getKey().startsWith("42") && !e.getValue()
                .equals("null")).count()).as("only the batches since the last snapshot stay live")
                .isEqualTo(writtenSinceReset).isLessThan(120_000L / 2);
    }
}
