package io.campaignpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KpisTest {
    /** The example of CONTRACT section 5: spend 600, revenue 1497. */
    private static final Totals EXAMPLE = new Totals(12_000, 240, 12, 3, 600_000_000L, 1_497_000_000L);

    @Test
    void shouldComputeTheContractExample() {
        assertThat(Kpis.cpm(EXAMPLE)).isEqualTo(50_000_000L);
        assertThat(Kpis.cpc(EXAMPLE)).isEqualTo(2_500_000L);
        assertThat(Kpis.cpl(EXAMPLE)).isEqualTo(50_000_000L);
        assertThat(Kpis.cpa(EXAMPLE)).isEqualTo(200_000_000L);
        assertThat(Kpis.ctr(EXAMPLE)).isEqualTo(0.02);
        assertThat(Kpis.leadRate(EXAMPLE)).isEqualTo(0.05);
        assertThat(Kpis.conversionRate(EXAMPLE)).isEqualTo(0.0125);
        assertThat(Kpis.leadToSale(EXAMPLE)).isEqualTo(0.25);
        assertThat(Kpis.roas(EXAMPLE)).isEqualTo(2.495);
        assertThat(Kpis.roi(EXAMPLE)).isEqualTo(1.495);
    }

    @Test
    void shouldGiveNullForEveryZeroDenominator() {
        Totals empty = new Totals();
        assertThat(Kpis.cpm(empty)).isNull();
        assertThat(Kpis.cpc(empty)).isNull();
        assertThat(Kpis.cpl(empty)).isNull();
        assertThat(Kpis.cpa(empty)).isNull();
        assertThat(Kpis.ctr(empty)).isNull();
        assertThat(Kpis.leadRate(empty)).isNull();
        assertThat(Kpis.conversionRate(empty)).isNull();
        assertThat(Kpis.leadToSale(empty)).isNull();
        assertThat(Kpis.roas(empty)).isNull();
        assertThat(Kpis.roi(empty)).isNull();
    }

    @Test
    void shouldGiveZeroNotNullWhenOnlyTheNumeratorIsZero() {
        Totals t = new Totals(100, 0, 0, 0, 1_000_000L, 0);
        assertThat(Kpis.ctr(t)).isEqualTo(0.0);
        assertThat(Kpis.roas(t)).isEqualTo(0.0);
        assertThat(Kpis.roi(t)).isEqualTo(-1.0);
        assertThat(Kpis.cpc(t)).isNull();
    }

    @Test
    void shouldRoundMoneyRatiosHalfEvenToMicros() {
        // spend 1.000000 over 3 clicks = 0.333333(3) -> 333333 micros; over 6 leads 0.1666666 -> 166667
        Totals t = new Totals(7, 3, 6, 0, 1_000_000L, 0);
        assertThat(Kpis.cpc(t)).isEqualTo(333_333L);
        assertThat(Kpis.cpl(t)).isEqualTo(166_667L);
        // 1.000000 * 1000 / 7 = 142.857142857 -> 142857143 micros
        assertThat(Kpis.cpm(t)).isEqualTo(142_857_143L);
    }

    @Test
    void shouldGiveTheNearestDoubleForCountRatios() {
        assertThat(Kpis.ratio(1, 3)).isEqualTo(1.0 / 3.0);
        assertThat(Kpis.ratio(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(1.0);
        assertThat(Kpis.ratio(-5, 10)).isEqualTo(-0.5);
    }
}
