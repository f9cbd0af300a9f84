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

    /** A valid event excluded from a window of the given size because it closed. */
    default void late(String window) {
    }
}
