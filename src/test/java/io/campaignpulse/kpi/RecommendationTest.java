package io.campaignpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Section 14 with hand-computed money. */
class RecommendationTest {
    private static final BigDecimal STEP = new BigDecimal("0.10");
    private final Map<String, Recommendation.Channel> sums = new LinkedHashMap<>();

    private void channel(String name, String spend, String revenue, long sales) {
        sums.put(name, new Recommendation.Channel(name, new BigDecimal(spend).movePointRight(6).longValueExact(),
                new BigDecimal(revenue).movePointRight(6).longValueExact(), sales));
    }

    @Test
    void shouldShiftFromTheLowestToTheHighestRoasWithExactMoney() {
        channel("search", "900", "2790", 41); // ROAS 3.1
        channel("display", "1200", "960", 33); // ROAS 0.8
        channel("social", "500", "1000", 30); // ROAS 2.0
        Recommendation r = Recommendation.of("NOK", sums, 30, STEP);
        assertThat(r.from()).isEqualTo("display");
        assertThat(r.to()).isEqualTo("search");
        // shift = 0.10 x 1200 = 120; expected revenue change = 120 x (3.1 - 0.8) = 276
        assertThat(r.shiftMicros()).isEqualTo(120_000_000L);
        assertThat(r.expectedRevenueChangeMicros()).isEqualTo(276_000_000L);
        assertThat(r.channels()).extracting(Recommendation.Channel::channel)
                .containsExactly("search", "social", "display");
    }

    @Test
    void shouldRoundTheMoneyHalfEvenToMicros() {
        channel("a", "3", "10", 30); // ROAS 10/3
        channel("b", "0.000015", "0", 30); // ROAS 0; shift = 0.10 x 15 micros = 1.5 -> 2 micros (half even)
        Recommendation r = Recommendation.of("NOK", sums, 30, STEP);
        assertThat(r.from()).isEqualTo("b");
        assertThat(r.shiftMicros()).isEqualTo(2L);
        // 1.5 micros x (10/3 - 0) = 5 micros exactly
        assertThat(r.expectedRevenueChangeMicros()).isEqualTo(5L);
    }

    @Test
    void shouldBreakTiesByCodePointAndSkipEqualRoas() {
        channel("b", "100", "300", 30); // 3.0
        channel("a", "200", "600", 30); // 3.0, ties with b: a is first for "to"
        channel("d", "100", "100", 30); // 1.0
        channel("c", "300", "300", 30); // 1.0, ties with d: c is first for "from"
        Recommendation r = Recommendation.of("NOK", sums, 30, STEP);
        assertThat(r.to()).isEqualTo("a");
        assertThat(r.from()).isEqualTo("c");
        assertThat(r.channels()).extracting(Recommendation.Channel::channel).containsExactly("a", "b", "c", "d");
        sums.clear();
        channel("x", "100", "300", 30);
        channel("y", "200", "600", 30);
        assertThat(Recommendation.of("NOK", sums, 30, STEP)).as("the same ROAS everywhere").isNull();
    }

    @Test
    void shouldNeedTwoEligibleChannelsWithEnoughSalesAndSpendAndNeverOrganic() {
        channel("search", "900", "2790", 41);
        channel("display", "1200", "960", 29); // too few sales
        channel("free", "0", "500", 40); // no spend
        channel("organic", "1", "0", 90); // excluded
        assertThat(Recommendation.of("NOK", sums, 30, STEP)).isNull();
        channel("video", "100", "50", 30);
        Recommendation r = Recommendation.of("NOK", sums, 30, STEP);
        assertThat(r.from()).isEqualTo("video");
        assertThat(r.channels()).extracting(Recommendation.Channel::channel).containsExactly("search", "video");
    }
}
