package io.campaignpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExperimentReportTest {
    private static Totals arm(long impressions, long clicks, long sales) {
        return new Totals(impressions, clicks, 0, sales, 0, 0);
    }

    private static ExperimentReport report(String controlVariant, TreeMap<String, Totals> arms) {
        return ExperimentReport.of("c", "NOK", controlVariant, arms, 0.05, 0.01, 100);
    }

    @Test
    void shouldNeedTwoVariants() {
        TreeMap<String, Totals> one = new TreeMap<>();
        one.put("A", arm(1000, 10, 1));
        assertThat(report(null, one)).isNull();
    }

    @Test
    void shouldTakeTheEntrysControlWhenSeenElseTheFirstByCodePoint() {
        TreeMap<String, Totals> arms = new TreeMap<>();
        arms.put("b", arm(1000, 100, 5));
        arms.put("A", arm(1000, 100, 5));
        assertThat(report("b", arms).control()).isEqualTo("b");
        assertThat(report("zz", arms).control()).as("an unseen control").isEqualTo("A");
        assertThat(report(null, arms).control()).isEqualTo("A"); // 'A' (0x41) sorts before 'b' (0x62)
        assertThat(report(null, arms).tests()).extracting(ExperimentReport.Test::variant,
                ExperimentReport.Test::metric).containsExactly(
                org.assertj.core.groups.Tuple.tuple("b", "conversionRate"), org.assertj.core.groups.Tuple.tuple("b", "ctr"));
    }

    @Test
    void shouldNameTheBestSignificantlyBetterVariantTheWinner() {
        TreeMap<String, Totals> arms = new TreeMap<>();
        arms.put("A", arm(100_000, 10_000, 400)); // 4%
        arms.put("B", arm(100_000, 10_000, 520)); // 5.2%: p = 0.00186 (worked example in SequentialTestTest)
        arms.put("C", arm(100_000, 10_000, 410)); // 4.1%: not significant
        ExperimentReport r = report(null, arms);
        assertThat(r.winner()).isEqualTo("B");
        ExperimentReport.Test b = r.tests().get(0);
        assertThat(b.variant()).isEqualTo("B");
        assertThat(b.result().significant()).isTrue();
        assertThat(r.tests().get(2).result().significant()).as("C").isFalse();
    }

    @Test
    void shouldNameTheControlWhenEveryOtherVariantIsSignificantlyWorseAndNobodyOtherwise() {
        TreeMap<String, Totals> arms = new TreeMap<>();
        arms.put("A", arm(100_000, 10_000, 520));
        arms.put("B", arm(100_000, 10_000, 400));
        assertThat(report(null, arms).winner()).isEqualTo("A");
        arms.put("C", arm(100_000, 10_000, 515)); // not significantly worse
        assertThat(report(null, arms).winner()).isNull();
    }

    @Test
    void shouldBreakAWinnersTieByCodePoint() {
        TreeMap<String, Totals> arms = new TreeMap<>();
        arms.put("A", arm(100_000, 10_000, 400));
        arms.put("C", arm(100_000, 10_000, 520));
        arms.put("B", arm(100_000, 10_000, 520));
        assertThat(report(null, arms).winner()).isEqualTo("B");
    }
}
