package io.campaignpulse.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.campaignpulse.config.WindowSize;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closed windows retained for revisions: kept, restored as closed, dropped once past retention. */
class WindowRetentionTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final WindowPlan PLAN = WindowPlan.of(List.of(WindowSize.parse("1m")), 600_000L);

    private static final class Log implements FlushedStore.Changelog {
        final List<String[]> lines = new ArrayList<>();

        @Override
        public void put(byte[] key, byte[] value) {
            lines.add(new String[] {HEX.formatHex(key), HEX.formatHex(value)});
        }

        @Override
        public void delete(byte[] key) {
            lines.add(new String[] {HEX.formatHex(key), null});
        }

        WindowTable restore(long retainMs) {
            WindowTable t = new WindowTable(1, 12, retainMs);
            lines.forEach(kv -> t.restore(HEX.parseHex(kv[0]), kv[1] == null ? null : HEX.parseHex(kv[1])));
            return t;
        }
    }

    @Test
    void shouldKeepAClosedWindowUntilTheClosingPointPassesEndPlusGracePlusRetention() {
        long retain = 1_800_000L;
        WindowTable t = new WindowTable(1, 12, retain);
        WindowKey k = new WindowKey(0, 0L, "c");
        t.update(k).totals.clicks = 3;
        Log log = new Log();
        t.flushTo(log);
        List<WindowKey> closed = new ArrayList<>();
        t.removeClosed(PLAN, 660_000L, (key, a, dirty) -> closed.add(key), gone -> { }); // end 60 s + grace 600 s
        assertThat(closed).containsExactly(k);
        assertThat(t.get(k).closed).isTrue();
        t.get(k).revision = 0;
        t.flushTo(log);

        WindowTable restored = log.restore(retain);
        assertThat(restored.get(k).closed).as("restored as closed").isTrue();
        assertThat(restored.get(k).revision).isZero();
        assertThat(restored.get(k).totals.clicks).isEqualTo(3);
        assertThat(restored.retained(PLAN, k, 2_459_999L)).isTrue();
        assertThat(restored.retained(PLAN, k, 2_460_000L)).as("point = end + grace + retention").isFalse();

        List<WindowKey> again = new ArrayList<>();
        List<WindowKey> expired = new ArrayList<>();
        restored.removeClosed(PLAN, 2_459_999L, (key, a, dirty) -> again.add(key), expired::add);
        assertThat(again).as("a closed window never closes twice").isEmpty();
        assertThat(expired).isEmpty();
        assertThat(restored.get(k)).isNotNull();
        restored.removeClosed(PLAN, 2_460_000L, (key, a, dirty) -> again.add(key), expired::add);
        assertThat(restored.get(k)).as("dropped past retention").isNull();
        assertThat(expired).as("reported, so the query view drops it too").containsExactly(k);
        Log after = new Log();
        restored.flushTo(after);
        assertThat(after.lines).anyMatch(kv -> kv[1] != null && kv[1].contains(HEX.formatHex(k.encode(WindowTable.BATCH)))
                && kv[1].contains("ffffffff"));
    }

    @Test
    void shouldRemoveAWindowAtCloseWithoutRetention() {
        WindowTable t = new WindowTable(1, 12, -1L);
        WindowKey k = new WindowKey(0, 0L, "c");
        t.update(k);
        t.removeClosed(PLAN, 660_000L, (key, a, dirty) -> { }, gone -> { });
        assertThat(t.get(k)).isNull();
        assertThat(t.retains()).isFalse();
    }
}
