package io.campaignpulse.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The view's visibility rule and its window bookkeeping. */
class ViewStoreTest {
    private final ViewStore view = ViewStore.builder("v").build();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void shouldShowARecordOnlyOnceSealedAndPublished() {
        view.total("c", b("{1}"));
        assertThat(view.total("c")).isNull();
        view.publish();
        assertThat(view.total("c")).as("recorded, not sealed: its transaction is still open").isNull();
        view.seal();
        assertThat(view.total("c")).as("sealed: committing").isNull();
        view.total("c", b("{2}")); // belongs to the next transaction
        view.publish();
        assertThat(s(view.total("c"))).isEqualTo("{1}");
        view.seal();
        view.publish();
        assertThat(s(view.total("c"))).isEqualTo("{2}");
    }

    @Test
    void shouldShowRebuiltRecordsAtOnceAndDropWhatWasPending() {
        view.total("old", b("{0}"));
        view.seal();
        view.rebuild(() -> view.total("c", b("{1}")));
        view.publish();
        assertThat(s(view.total("c"))).isEqualTo("{1}");
        assertThat(view.total("old")).as("pending changes of a discarded task").isNull();
    }

    @Test
    void shouldNeverLetARunningRecordReplaceAFinalOne() {
        view.rebuild(() -> {
            view.window("1h", "c", 0L, b("{run}"), false);
            view.window("1h", "c", 0L, b("{final}"), true);
            view.window("1h", "c", 0L, b("{late run}"), false);
            view.window("1h", "c", 3_600_000L, b("{next}"), false);
            view.window("1h", "d", 0L, b("{d}"), false);
        });
        assertThat(view.windows("1h", "c", Long.MIN_VALUE, Long.MAX_VALUE)).extracting(ViewStoreTest::s)
                .containsExactly("{final}", "{next}");
        assertThat(view.windows("1h", "c", 0L, 3_600_000L)).extracting(ViewStoreTest::s).containsExactly("{final}");
        assertThat(view.windowAt("1h", 0L)).extracting(ViewStoreTest::s).containsExactlyInAnyOrder("{final}", "{d}");
        view.rebuild(() -> {
            view.window("1h", "c", 0L, b("{final}"), true);
            view.window("1h", "c", 0L, b("{revision 1}"), true);
            view.windowGone("1h", "d", 0L);
        });
        assertThat(view.windowAt("1h", 0L)).extracting(ViewStoreTest::s).containsExactly("{revision 1}");
        assertThat(view.windows("1m", "c", Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void shouldListAlertsByDayThenCampaignAndForgetExpiredOnes() {
        view.rebuild(() -> {
            view.alert("2026-11-23|a|BUDGET_80", b("{3}"));
            view.alert("2026-11-22|b|BUDGET_80", b("{2}"));
            view.alert("2026-11-22|a|BUDGET_100", b("{1}"));
            view.alertGone("2026-11-22|b|BUDGET_80");
        });
        assertThat(view.alerts()).extracting(ViewStoreTest::s).containsExactly("{1}", "{3}");
    }
}
