package io.campaignpulse.kpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A campaign's experiment (CONTRACT section 13) from its per-variant lifetime sums: the control,
 * every variant's figures, a {@link SequentialTest} of each other variant against the control on
 * {@code conversionRate} and {@code ctr}, and the winner. Pure: no state, no I/O.
 */
public record ExperimentReport(String campaignId, String currency, String control, double alpha, double tau,
        SortedMap<String, Totals> variants, List<Test> tests, String winner) {

    /** Metrics in the order tests are listed (by code point). */
    public static final List<String> METRICS = List.of("conversionRate", "ctr");

    /** One variant's test on one metric. */
    public record Test(String variant, String metric, SequentialTest.Result result) {
    }

    /**
     * The report, or null while the campaign has fewer than two variants.
     *
     * @param controlVariant the entry's {@code controlVariant}, used when that variant has been seen
     * @param variants per-variant lifetime sums, sorted by variant
     */
    public static ExperimentReport of(String campaignId, String currency, String controlVariant,
            SortedMap<String, Totals> variants, double alpha, double tau, long minTrials) {
        if (variants.size() < 2) {
            return null;
        }
        String control = controlVariant != null && variants.containsKey(controlVariant) ? controlVariant
                : variants.firstKey();
        Totals a = variants.get(control);
        List<Test> tests = new ArrayList<>();
        for (Map.Entry<String, Totals> e : variants.entrySet()) {
            if (e.getKey().equals(control)) {
                continue;
            }
            Totals b = e.getValue();
            tests.add(new Test(e.getKey(), "conversionRate",
                    SequentialTest.test(a.sales, a.clicks, b.sales, b.clicks, tau, alpha, minTrials)));
            tests.add(new Test(e.getKey(), "ctr",
                    SequentialTest.test(a.clicks, a.impressions, b.clicks, b.impressions, tau, alpha, minTrials)));
        }
        return new ExperimentReport(campaignId, currency, control, alpha, tau, variants, tests,
                winner(control, variants, tests));
    }

    /**
     * Among the variants whose conversion-rate test is significant with a positive difference, the
     * one with the highest conversion rate (ties: the first by code point); else the control when
     * every other variant's conversion-rate test is significant with a negative difference; else null.
     */
    private static String winner(String control, SortedMap<String, Totals> variants, List<Test> tests) {
        String best = null;
        double bestRate = Double.NEGATIVE_INFINITY;
        boolean allWorse = true;
        for (Test t : tests) {
            if (!t.metric().equals("conversionRate")) {
                continue;
            }
            SequentialTest.Result r = t.result();
            boolean significant = Boolean.TRUE.equals(r.significant());
            if (significant && r.difference() > 0 && r.variantRate() > bestRate) {
                best = t.variant(); // tests come sorted by variant, so a tie keeps the first
                bestRate = r.variantRate();
            }
            allWorse &= significant && r.difference() < 0;
        }
        if (best != null) {
            return best;
        }
        return allWorse ? control : null;
    }
}
