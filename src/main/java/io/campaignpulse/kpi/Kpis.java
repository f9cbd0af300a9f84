package io.campaignpulse.kpi;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The KPI formulas of CONTRACT section 5. A ratio with a zero denominator is {@code null}. Money
 * ratios are exact micros quotients rounded half-even; the others are the nearest double.
 */
public final class Kpis {
    private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

    private Kpis() {
    }

    /** Cost per thousand impressions, in micros. */
    public static Long cpm(Totals t) {
        return Money.quotientMicros(t.spendMicros, 1000, t.impressions);
    }

    /** Cost per click, in micros. */
    public static Long cpc(Totals t) {
        return Money.quotientMicros(t.spendMicros, 1, t.clicks);
    }

    /** Cost per lead, in micros. */
    public static Long cpl(Totals t) {
        return Money.quotientMicros(t.spendMicros, 1, t.leads);
    }

    /** Cost per sale (acquisition), in micros. */
    public static Long cpa(Totals t) {
        return Money.quotientMicros(t.spendMicros, 1, t.sales);
    }

    public static Double ctr(Totals t) {
        return ratio(t.clicks, t.impressions);
    }

    public static Double leadRate(Totals t) {
        return ratio(t.leads, t.clicks);
    }

    public static Double conversionRate(Totals t) {
        return ratio(t.sales, t.clicks);
    }

    public static Double leadToSale(Totals t) {
        return ratio(t.sales, t.leads);
    }

    /** Return on ad spend: revenue / spend. */
    public static Double roas(Totals t) {
        return ratio(t.revenueMicros, t.spendMicros);
    }

    /** Return on investment: (revenue - spend) / spend. */
    public static Double roi(Totals t) {
        return ratio(t.revenueMicros - t.spendMicros, t.spendMicros);
    }

    /** Impressions that carry a user per reached user (null without reach). */
    /** Spend per new customer (CONTRACT sections 5, 12). */
    public static Long cac(Totals t) {
        return t.newCustomers <= 0 ? null : Money.quotientMicros(t.spendMicros, 1, t.newCustomers);
    }

    /** Lifetime records: customer revenue per new customer. */
    public static Long ltv(Totals t) {
        return t.newCustomers <= 0 ? null : Money.quotientMicros(t.customerRevenueMicros, 1, t.newCustomers);
    }

    /** Lifetime records: ltv / cac unrounded, which is customer revenue / spend; null without either. */
    public static Double ltvToCac(Totals t) {
        return t.newCustomers <= 0 ? null : ratio(t.customerRevenueMicros, t.spendMicros);
    }

    public static Double frequency(AudienceCounts a) {
        return ratio(a.userImpressions(), a.reach());
    }

    /** Acting users (clicks, leads) per reached user. */
    public static Double actRate(AudienceCounts a) {
        return ratio(a.actUsers(), a.reach());
    }

    /** Converting users (sales) per acting user. */
    public static Double convertRate(AudienceCounts a) {
        return ratio(a.convertUsers(), a.actUsers());
    }

    /**
     * The double nearest to {@code numerator / denominator}, or null for a zero denominator. Both
     * operands below 2^53 convert exactly, and IEEE division then rounds the true quotient once.
     */
    public static Double ratio(long numerator, long denominator) {
        if (denominator == 0) {
            return null;
        }
        if (Math.abs(numerator) < EXACT_DOUBLE_LIMIT && Math.abs(denominator) < EXACT_DOUBLE_LIMIT) {
            return (double) numerator / (double) denominator;
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), MathContext.DECIMAL128)
                .doubleValue();
    }
}
