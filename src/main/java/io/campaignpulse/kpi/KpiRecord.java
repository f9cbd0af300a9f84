package io.campaignpulse.kpi;

/**
 * One KPI output record (CONTRACT section 5) before it is written as JSON. {@code window} is the
 * window's name ({@code 1h}) or {@code total}; the bounds are epoch milliseconds, or null for the
 * lifetime record. {@code revision} and {@code lateEvents} follow CONTRACT section 15 (0 and 0
 * unless late revisions are on).
 */
public record KpiRecord(String campaignId, String channel, String currency, String pricingModel, String window,
        Long windowStartMs, Long windowEndMs, Totals totals, AudienceCounts audience, boolean isFinal, long revision,
        long lateEvents) {

    /** A record without revisions or late events. */
    public KpiRecord(String campaignId, String channel, String currency, String pricingModel, String window,
            Long windowStartMs, Long windowEndMs, Totals totals, AudienceCounts audience, boolean isFinal) {
        this(campaignId, channel, currency, pricingModel, window, windowStartMs, windowEndMs, totals, audience, isFinal,
                0, 0);
    }
}
