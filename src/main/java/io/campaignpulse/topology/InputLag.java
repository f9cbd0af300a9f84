package io.campaignpulse.topology;

/**
 * Tells whether the service has read an input partition to its end. A partition counts as idle
 * only when it is at its end and silent for {@code watermark.idle}: one that is merely waiting
 * behind others during a catch-up must keep holding windows open.
 */
@FunctionalInterface
public interface InputLag {
    /** Used where no lag is known (TopologyTestDriver): a silent partition is at its end. */
    InputLag ALWAYS_AT_END = (topic, partition, nextOffset) -> true;

    /**
     * True when the partition has been fetched and processed to its end. {@code nextOffset} is
     * the offset after the last record the caller processed from it, or -1 if none yet: records
     * already fetched but still waiting in Kafka Streams' buffers do not count as read.
     */
    boolean atEnd(String topic, int partition, long nextOffset);

    /**
     * The latest check of which input partitions the application has committed to their end; an
     * idle claim lets windows close only while its partition is (see {@link EndCheck}).
     */
    default EndCheck endCheck() {
        return EndCheck.EVERYTHING;
    }
}
