package io.campaignpulse.topology;

/**
 * What a stage forwards: an {@link Emit} leaves the application on a named topic; a
 * {@link Batch} travels to one partition of the next stage over an internal repartition topic.
 */
public sealed interface Out permits Out.Batch, Out.Emit {

    /** A record for an output topic: its value bytes; the record key is the output key. */
    record Emit(String topic, byte[] value) implements Out {
    }

    /** Entries for one partition of the next stage, in the {@link StageBatch} format. */
    record Batch(int partition, byte[] bytes) implements Out {
    }
}
