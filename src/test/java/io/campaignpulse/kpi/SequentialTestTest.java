package io.campaignpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The always-valid test against values computed by hand and by simulation. */
class SequentialTestTest {

    @Test
    void shouldMatchAWorkedExample() {
        // Control 400 of 10,000, variant 520 of 10,000, tau 0.01. By hand:
        // pA = 0.04, pB = 0.052, D = 0.012, V = 0.04*0.96/10000 + 0.052*0.948/10000 = 8.7696e-6,
        // V + tau^2 = 1.087696e-4, sqrt(V / (V + tau^2)) = 0.283946,
        // exponent = 1e-4 * 1.44e-4 / (2 * 8.7696e-6 * 1.087696e-4) = 7.548172, exp = 1897.35,
        // L = 538.755, pValue = 1 / L = 0.0018561 (Python's math module gives 0.0018561318311694287).
        SequentialTest.Result r = SequentialTest.test(400, 10_000, 520, 10_000, 0.01, 0.05, 100);
        assertThat(r.pValue()).isCloseTo(0.0018561318311694287, within(1e-12));
        assertThat(r.significant()).isTrue();
        assertThat(r.lift()).isCloseTo(0.3, within(1e-12));
        assertThat(r.controlRate()).isEqualTo(0.04);
        assertThat(r.variantRate()).isEqualTo(0.052);
        // A wider mixing spread: L = 211.3157 (Python: p = 0.004732256930710649).
        assertThat(SequentialTest.test(400, 10_000, 520, 10_000, 0.05, 0.05, 100).pValue())
                .isCloseTo(0.004732256930710649, within(1e-12));
    }

    @Test
    void shouldCapThePValueAtOneForASmallDifference() {
        // The contract's illustrative arms: L = 0.93939 < 1 (Python), so pValue is 1, lift 0.25.
        SequentialTest.Result r = SequentialTest.test(40, 1_000, 55, 1_100, 0.01, 0.05, 100);
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.significant()).isFalse();
        assertThat(r.lift()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void shouldReportNoTestBelowTheMinimumTrialsOrWithoutVariance() {
        SequentialTest.Result few = SequentialTest.test(5, 99, 50, 1_000, 0.01, 0.05, 100);
        assertThat(few.pValue()).isNull();
        assertThat(few.significant()).isNull();
        assertThat(few.lift()).isNull();
        assertThat(few.controlRate()).isEqualTo(5.0 / 99);
        SequentialTest.Result noVariance = SequentialTest.test(0, 500, 0, 500, 0.01, 0.05, 100);
        assertThat(noVariance.pValue()).isNull();
        assertThat(noVariance.lift()).isNull();
        SequentialTest.Result zeroControl = SequentialTest.test(0, 500, 30, 500, 0.01, 0.05, 100);
        assertThat(zeroControl.lift()).as("lift is null when p_A = 0").isNull();
        assertThat(zeroControl.pValue()).isNotNull();
        SequentialTest.Result noTrials = SequentialTest.test(0, 0, 0, 0, 0.01, 0.05, 0);
        assertThat(noTrials.controlRate()).isNull();
        assertThat(noTrials.pValue()).isNull();
    }

    @Test
    void shouldNotOverflowForAHugeDifference() {
        SequentialTest.Result r = SequentialTest.test(100, 1_000_000, 900_000, 1_000_000, 0.01, 0.05, 100);
        assertThat(r.pValue()).isZero();
        assertThat(r.significant()).isTrue();
    }

    /** Runs one experiment, reading the test after every 100 trials per arm; true once it rejects. */
    private static boolean rejectsAtSomeRead(double rateA, double rateB, int maxTrials, SplittableRandom random) {
        long sa = 0;
        long sb = 0;
        for (int n = 100; n <= maxTrials; n += 100) {
            for (int i = 0; i < 100; i++) {
                sa += random.nextDouble() < rateA ? 1 : 0;
                sb += random.nextDouble() < rateB ? 1 : 0;
            }
            Boolean significant = SequentialTest.test(sa, n, sb, n, 0.01, 0.05, 100).significant();
            if (Boolean.TRUE.equals(significant)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void shouldKeepFalsePositivesAtMostAboutAlphaHoweverOftenItIsRead() {
        // A/A: both arms convert at 5%; 1,000 experiments, each read 200 times (every 100 trials up to
        // 20,000). A fixed-horizon test read this often rejects far more often than alpha.
        SplittableRandom random = new SplittableRandom(20261201L);
        int rejected = 0;
        for (int run = 0; run < 1_000; run++) {
            rejected += rejectsAtSomeRead(0.05, 0.05, 20_000, random) ? 1 : 0;
        }
        System.out.println("A/A false-positive rate over 1,000 runs read every 100 trials: " + rejected / 10.0 + "%");
        assertThat(rejected).as("runs that ever rejected, alpha 0.05").isLessThanOrEqualTo(60);
    }

    @Test
    void shouldDetectARealTwentyPercentLift() {
        SplittableRandom random = new SplittableRandom(7L);
        int detected = 0;
        for (int run = 0; run < 200; run++) {
            detected += rejectsAtSomeRead(0.05, 0.06, 20_000, random) ? 1 : 0;
        }
        System.out.println("A/B (5% vs 6%) detected within 20,000 trials per arm: " + detected / 2.0 + "% of 200 runs");
        assertThat(detected).isGreaterThanOrEqualTo(170);
    }
}
