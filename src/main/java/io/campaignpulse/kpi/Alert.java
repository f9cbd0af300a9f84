package io.campaignpulse.kpi;

/**
 * A budget or CPA alert for one campaign and UTC day. Money in micros; {@code dailyBudgetMicros}
 * is set for budget alerts, {@code cpaMicros} and {@code targetCpaMicros} for CPA alerts
 * (otherwise -1). The window is the day for budget alerts and the closed hour for CPA alerts.
 */
public record Alert(String campaignId, Kind kind, String day, String currency, long windowStartMs,
        long windowEndMs, long spendMicros, long sales, long dailyBudgetMicros, long cpaMicros, long targetCpaMicros,
        long raisedAtMs) {

    public enum Kind {
        /** The day's spend reached 80% of the daily budget. */
        BUDGET_80,
        /** The day's spend reached the daily budget. */
        BUDGET_100,
        /** A closed 1h window's CPA exceeded the target CPA, with enough sales. */
        CPA_OVER_TARGET
    }
}
