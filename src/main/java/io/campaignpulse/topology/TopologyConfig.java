package io.campaignpulse.topology;

import io.campaignpulse.config.Settings;
import java.time.Duration;

/** What the processors need from the settings, resolved once. */
record TopologyConfig(Settings.Topics topics, InputLayout layout, WindowPlan plan, int eventMaxBytes,
        long maxFutureSkewMs, String defaultCurrency, long watermarkIdleMs, long dedupWindowMs, Duration emitInterval,
        int internalPartitions, int alertsMinSales, int reachLgK, Settings.Growth growth, InputLag lag,
        OutSerde serde) {

    /** Margin for clock differences between instances when deciding a resumed partition is safe. */
    private static final long CLOCK_MARGIN_MS = 60_000L;

    static TopologyConfig of(Settings s, InputLayout layout, InputLag lag) {
        return new TopologyConfig(s.topics(), layout, WindowPlan.of(s.windows(), s.windowGrace().toMillis()),
                s.eventMaxBytes(), s.maxFutureSkew().toMillis(), s.currencyDefault(), s.watermarkIdle().toMillis(),
                s.dedupWindow().toMillis(),
                s.emitInterval(), s.topicsPartitions(), s.operations().alertsMinSales(), s.reachLgK(), s.growth(), lag,
                new OutSerde());
    }

    /**
     * How far past the wall time it resumed a formerly idle partition's progress must get before
     * none of its events can fall in a window that closed while it was idle: no window can have
     * closed beyond the newest accepted event time, which is at most the wall clock plus
     * {@code max.future.skew}.
     */
    long resumeHorizonMs() {
        return maxFutureSkewMs + CLOCK_MARGIN_MS;
    }

    /** How long closed windows stay, for queries and late revisions ({@code window.retention}). */
    long retainMs() {
        return growth.windowRetention().toMillis();
    }

    /** How often attribution and customers hear of progress and pass theirs on ({@code progress.interval}). */
    long progressIntervalMs() {
        return growth.progressInterval().toMillis();
    }

    /** Whether late events revise the closed windows they missed ({@code late.revisions}). */
    boolean lateRevisions() {
        return growth.lateRevisions();
    }

}
