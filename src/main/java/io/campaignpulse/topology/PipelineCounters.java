package io.campaignpulse.topology;

import io.campaignpulse.events.Reason;

/**
 * What the processors count for operators: records read, dead-lettered, duplicated, accepted and
 * late. Counts are per process and, unlike the KPIs, not transactional: records reprocessed after
 * a crash are counted again.
 */
public interface PipelineCounters {
    /** Counts nothing. */
    PipelineCounters NONE = new PipelineCounters() {
    };

    /** A record read from an input topic (events or campaigns). */
    default void read(String topic) {
    }

    /** A record of an input topic sent to the dead-letter topic. */
    default void invalid(String topic, Reason reason) {
    }

    /** A valid event whose id was already accepted on its topic within {@code dedup.window}. */
    default void duplicate(String topic) {
    }

    /** A valid, first-seen event: it is in the lifetime totals. */
    default void accepted(String topic) {
    }

    /** An accepted lead or sale that no click explains (CONTRACT section 11). */
    default void organic(String topic) {
    }

    /** A valid event excluded from a window of the given size because it closed. */
    default void late(String window) {
    }

    /** A record written to an output topic. */
    default void written(String topic) {
    }

    /** Wall clock minus event time of an accepted event reaching the aggregation stage. */
    default void eventTimeLag(long millis) {
    }

    /** Wall clock minus window end when a final record is emitted. */
    default void finalDelay(long millis) {
    }

    /**
     * The latest totals of a channel ({@code id} = channel, {@code currency}) or campaign window
     * of a size, held by the given stage task; for business metrics of the current hour and day.
     */
    default void window(Scope scope, int task, String id, String currency, String window, long start,
            io.campaignpulse.kpi.Totals totals, io.campaignpulse.kpi.AudienceCounts audience) {
    }

    /** The latest experiment report of a campaign, held by the given campaign task. */
    default void experiment(int task, io.campaignpulse.kpi.ExperimentReport report) {
    }

    /** A stage task was closed (its work moved elsewhere): forget what it reported. */
    default void released(Scope scope, int task) {
    }

    /** Which stage a window comes from. */
    enum Scope {
        CHANNEL, CAMPAIGN
    }
}
