package io.campaignpulse.topology;

import io.campaignpulse.kpi.Totals;

/**
 * What a stage forwards: an {@link Emit} leaves the application on a named topic; the other
 * variants travel between stages over the internal repartition topics.
 */
public sealed interface Out permits Out.Event, Out.Delta, Out.Watermark, Out.ChannelDelta, Out.Emit {

    /** A record for an output topic: its value bytes; the record key is the output key. */
    record Emit(String topic, byte[] value) implements Out {
    }

    /**
     * Per-partition event-time progress. {@code source} is the upstream partition's index;
     * {@code maxEventTime} the highest event time it delivered (Long.MIN_VALUE: none yet).
     */
    record Watermark(int source, long maxEventTime, boolean idle) implements Out {
    }

    /**
     * One validated, priced event on its way from ingest to de-duplication; the record key is the
     * event's identity (input topic and {@code eventId}). {@code raw} is set when the event may
     * need copying to the late topic: when it is late for some size ({@code lateMask}), or when
     * it must travel alone ({@code single}) because its partition resumed from idleness.
     */
    record Event(int kind, String campaignId, String channel, String currency, long time, long spendMicros,
            long revenueMicros, int lateMask, boolean single, Raw raw) implements Out {
    }

    /** An increment to one channel window, sent by a campaign task to the channel stage. */
    record ChannelDelta(int sizeIndex, long windowStart, String channel, String currency, Totals totals)
            implements Out {
    }

    /**
     * Sums of events of one campaign, event channel, smallest-window bucket and lateness mask;
     * {@code raw} is set when a single event travels with its original bytes so that the campaign
     * stage can copy it to the late topic.
     */
    record Delta(String campaignId, String eventChannel, String currency, String pricingModel,
            String entryChannel, long bucketStart, int lateMask, Totals totals, Raw raw) implements Out {
    }

    /** An input record's original key and value and where it was read. */
    record Raw(byte[] key, byte[] value, String topic, int partition, long offset) {
    }
}
