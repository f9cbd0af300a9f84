package io.campaignpulse.topology;

/**
 * What a stage forwards: an {@link Emit} leaves the application on a named topic; a
 * {@link Batch} travels to one partition of the next stage over an internal repartition topic.
 */
public sealed interface Out permits Out.Batch, Out.Emit {

    /** A record for an output topic: its value bytes; the record key is the output key. */
    record Emit(String topic, byte[] value) implements Out {
    }

    /**
     * Entries for one partition of a next stage, in the {@link StageBatch} format. {@code stage}
     * names which of the next stages when a stage feeds several ({@link #NEXT}: the main one).
     * Not serialized: the topology routes on it before the repartition topic.
     */
    record Batch(int stage, int partition, byte[] bytes) implements Out {
        public static final int NEXT = 0;
        public static final int ATTRIBUTION = 1;
        public static final int CUSTOMERS = 2;

        public Batch(int partition, byte[] bytes) {
            this(NEXT, partition, bytes);
        }
    }
}
