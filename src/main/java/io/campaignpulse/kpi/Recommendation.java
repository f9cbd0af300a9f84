package io.campaignpulse.kpi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A budget-shift recommendation for one currency and closed window (CONTRACT section 14): among
 * the channels other than {@code organic} with at least the minimum sales and spend above 0, move
 * {@code step} of the lowest-ROAS channel's spend to the highest-ROAS one. ROAS is compared
 * exactly (cross-multiplied micros); money is exact micros. Pure: no state, no I/O.
 */
public record Recommendation(String currency, String from, String to, long shiftMicros,
        long expectedRevenueChangeMicros, Channel fromChannel, Channel toChannel, List<Channel> channels) {

    /** An eligible channel's sums in the window. */
    public record Channel(String channel, long spendMicros, long revenueMicros, long sales) {
        public Double roas() {
            return Kpis.ratio(revenueMicros, spendMicros);
        }
    }

    public static final String EXCLUDED = "organic";

    /** Highest ROAS first, exact; ties by channel name (code point). */
    static final Comparator<Channel> BY_ROAS_DESCENDING = (a, b) -> {
        int c = BigInteger.valueOf(b.revenueMicros).multiply(BigInteger.valueOf(a.spendMicros))
                .compareTo(BigInteger.valueOf(a.revenueMicros).multiply(BigInteger.valueOf(b.spendMicros)));
        return c != 0 ? c : a.channel.compareTo(b.channel);
    };

    /**
     * The recommendation, or null when fewer than two channels are eligible or the best ROAS is
     * not above the worst.
     *
     * @param sums every channel's sums in the closed window, for this currency
     */
    public static Recommendation of(String currency, Map<String, Channel> sums, long minSales, BigDecimal step) {
        List<Channel> eligible = new ArrayList<>();
        for (Channel c : sums.values()) {
            if (!c.channel.equals(EXCLUDED) && c.sales >= minSales && c.spendMicros > 0) {
                eligible.add(c);
            }
        }
        if (eligible.size() < 2) {
            return null;
        }
        eligible.sort(BY_ROAS_DESCENDING);
        Channel to = eligible.get(0);
        // The lowest ROAS; among equal lowest ones the first by code point.
        Channel from = eligible.get(eligible.size() - 1);
        for (Channel c : eligible) {
            if (sameRoas(c, from)) {
                from = c;
                break;
            }
        }
        if (sameRoas(to, from)) {
            return null;
        }
        BigDecimal exactShift = step.multiply(BigDecimal.valueOf(from.spendMicros));
        long shift = exactShift.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        // shift x (toRoas - fromRoas) = step x (toRev x fromSpend - fromRev x toSpend) / toSpend, unrounded shift
        BigInteger gain = BigInteger.valueOf(to.revenueMicros).multiply(BigInteger.valueOf(from.spendMicros))
                .subtract(BigInteger.valueOf(from.revenueMicros).multiply(BigInteger.valueOf(to.spendMicros)));
        long change = step.multiply(new BigDecimal(gain)).divide(BigDecimal.valueOf(to.spendMicros), 0,
                RoundingMode.HALF_EVEN).longValueExact();
        return new Recommendation(currency, from.channel, to.channel, shift, change, from, to, List.copyOf(eligible));
    }

    private static boolean sameRoas(Channel a, Channel b) {
        return BigInteger.valueOf(a.revenueMicros).multiply(BigInteger.valueOf(b.spendMicros))
                .equals(BigInteger.valueOf(b.revenueMicros).multiply(BigInteger.valueOf(a.spendMicros)));
    }
}
