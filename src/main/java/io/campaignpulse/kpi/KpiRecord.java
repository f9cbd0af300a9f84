package io.campaignpulse.kpi;

/**
 * One KPI output record (CONTRACT section 5) before it is written as JSON. {@code window} is the
 * window's name ({@code 1h}) or {@code total}; the bounds are epoch milliseconds, or null for the
 * lifetime record.
 */
public record KpiRecord(String campaignId, String channel, String currency, String pricingModel, String window,
        Long windowStartMs, Long windowEndMs, Totals totals, AudienceCounts audience, boolean isFinal) {
}
