package io.campaignpulse.kpi;

/**
 * The always-valid test of CONTRACT section 13: the normal-mixture sequential probability ratio
 * of Johari, Pekelis and Walsh ("Always valid inference", Operations Research 2022) comparing a
 * variant B with the control A on one rate. With p = successes / trials per arm,
 * D = p_B - p_A, V = p_A(1-p_A)/n_A + p_B(1-p_B)/n_B and mixing spread tau:
 *
 * <pre>L = sqrt(V / (V + tau^2)) * exp(tau^2 D^2 / (2 V (V + tau^2)))</pre>
 *
 * and {@code pValue = min(1, 1/L)}, valid however often it is read. Pure: no state, no I/O.
 */
public final class SequentialTest {
    private SequentialTest() {
    }

    /**
     * One test's figures; {@code lift}, {@code pValue} and {@code significant} are null while an
     * arm has fewer than the minimum trials or V = 0 ({@code lift} also when p_A = 0); the rates
     * are null for an arm without trials.
     */
    public record Result(Double controlRate, Double variantRate, Double lift, Double pValue, Boolean significant) {
        /** D = p_B - p_A, or 0 without both rates. */
        public double difference() {
            return controlRate == null || variantRate == null ? 0 : variantRate - controlRate;
        }
    }

    /**
     * @param successesA control successes (clicks for CTR, sales for conversion rate)
     * @param trialsA control trials (impressions, clicks)
     */
    public static Result test(long successesA, long trialsA, long successesB, long trialsB, double tau, double alpha,
            long minTrials) {
        Double rateA = Kpis.ratio(successesA, trialsA);
        Double rateB = Kpis.ratio(successesB, trialsB);
        if (rateA == null || rateB == null || trialsA < minTrials || trialsB < minTrials) {
            return new Result(rateA, rateB, null, null, null);
        }
        double pA = rateA;
        double pB = rateB;
        double d = pB - pA;
        double v = pA * (1 - pA) / trialsA + pB * (1 - pB) / trialsB;
        if (v == 0) {
            return new Result(rateA, rateB, null, null, null);
        }
        double t2 = tau * tau;
        // log L, so that a large exponent gives p = 0 instead of overflowing
        double logL = 0.5 * Math.log(v / (v + t2)) + t2 * d * d / (2 * v * (v + t2));
        double p = Math.min(1.0, Math.exp(-logL));
        Double lift = pA == 0 ? null : d / pA;
        return new Result(rateA, rateB, lift, p, p <= alpha);
    }
}
