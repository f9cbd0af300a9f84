package io.campaignpulse.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "2.5, 2500000", "2.50, 2500000", "0.000001, 1", "1e3, 1000000000", "1.5E2, 150000000",
        "0.1000000, 100000", "1000000000000, 1000000000000000000", "41.6945505e1, 416945505", "7, 7000000"})
    void shouldParseExactDecimalsIntoMicros(String text, long micros) throws Exception {
        assertThat(Money.parseMicros(text)).isEqualTo(micros);
    }

    @ParameterizedTest
    @CsvSource({
        "0.0000001, TOO_PRECISE", "1.2345678, TOO_PRECISE", "-1, NEGATIVE", "-0.5, NEGATIVE",
        "NaN, NOT_A_NUMBER", "Infinity, NOT_A_NUMBER", "1e309, TOO_LARGE", "1000000000000.000001, TOO_LARGE",
        "abc, NOT_A_NUMBER"})
    void shouldRejectAmountsThatAreNotWholeMicrosOrOutOfRange(String text, Money.Problem problem) {
        assertThatThrownBy(() -> Money.parseMicros(text)).isInstanceOfSatisfying(Money.MoneyException.class,
                e -> assertThat(e.problem()).isEqualTo(problem));
    }

    @ParameterizedTest
    @CsvSource({"600000000, 600.0", "2500000, 2.5", "41694550, 41.69455", "1, 0.000001", "0, 0.0",
        "123456789012, 123456.789012"})
    void shouldFormatMicrosAsPlainDecimals(long micros, String text) {
        assertThat(Money.format(micros)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
        // numerator micros, factor, denominator, expected micros (half-even)
        "416945505, 1, 10, 41694550", // 41.6945505 -> 41.69455 (tie, even stays)
        "416945515, 1, 10, 41694552", // 41.6945515 -> 41.694552 (tie, odd rounds up)
        "1, 1, 3, 0", "2, 1, 3, 1", "5, 1, 2, 2", "7, 1, 2, 4",
        "600000000, 1000, 12000, 50000000", // CPM of 600 over 12000 impressions = 50
        "9000000000000000000, 1000, 7, 1285714285714285714286"})
    void shouldDivideExactlyAndRoundHalfEven(long numerator, long factor, long denominator, String expected) {
        if (expected.length() > 18) {
            assertThatThrownBy(() -> Money.quotientMicros(numerator, factor, denominator))
                    .isInstanceOf(ArithmeticException.class);
        } else {
            assertThat(Money.quotientMicros(numerator, factor, denominator)).isEqualTo(Long.parseLong(expected));
        }
    }

    @org.junit.jupiter.api.Test
    void shouldGiveNullForZeroDenominator() {
        assertThat(Money.quotientMicros(5, 1, 0)).isNull();
    }

    /** The fast long paths against BigDecimal, written here independently, on random and edge values. */
    @org.junit.jupiter.api.Test
    void shouldMatchBigDecimalArithmeticForAnyInputs() {
        java.util.Random random = new java.util.Random(20261201L);
        long[] edges = {0, 1, -1, 2, 3, 5, 10, 999_999, 1_000_000, 1_000_001, Long.MAX_VALUE, Long.MAX_VALUE - 1,
            Long.MIN_VALUE + 1, Integer.MAX_VALUE, 1L << 62, (1L << 62) + 1};
        for (int i = 0; i < 200_000; i++) {
            long n = i < edges.length * edges.length ? edges[i % edges.length] : random.nextInt(4) == 0
                    ? random.nextLong() : random.nextLong() % 10_000_000_000L;
            long d = i < edges.length * edges.length ? edges[i / edges.length % edges.length]
                    : random.nextInt(3) == 0 ? random.nextLong() : 1 + random.nextInt(5_000);
            long f = random.nextBoolean() ? 1 : 1000;
            if (d == 0) {
                continue;
            }
            java.math.BigDecimal exact = new java.math.BigDecimal(java.math.BigInteger.valueOf(n)
                    .multiply(java.math.BigInteger.valueOf(f))).divide(java.math.BigDecimal.valueOf(d), 0,
                    java.math.RoundingMode.HALF_EVEN);
            if (exact.toBigInteger().bitLength() < 64) {
                assertThat(Money.quotientMicros(n, f, d)).as("%d * %d / %d", n, f, d).isEqualTo(exact.longValueExact());
            }
            String text = java.math.BigDecimal.valueOf(n, 6).stripTrailingZeros().scale() < 1
                    ? java.math.BigDecimal.valueOf(n, 6).setScale(1, java.math.RoundingMode.UNNECESSARY).toPlainString()
                    : java.math.BigDecimal.valueOf(n, 6).stripTrailingZeros().toPlainString();
            assertThat(Money.format(n)).as("format %d", n).isEqualTo(text);
        }
    }
}
