package io.campaignpulse.topology;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A stage's batches for the partitions of the next stage ({@link StageBatch}), and how they
 * leave: one record per non-empty batch, keyed and routed by its partition.
 */
final class StageOutbox {
    private final StageBatch.Writer[] batches;
    private final int stage;

    StageOutbox(int partitions, int initialBytes) {
        this(Out.Batch.NEXT, partitions, initialBytes);
    }

    /** The outbox for one of several next stages ({@link Out.Batch#stage}). */
    StageOutbox(int stage, int partitions, int initialBytes) {
        this.stage = stage;
        batches = new StageBatch.Writer[partitions];
        for (int p = 0; p < partitions; p++) {
            batches[p] = new StageBatch.Writer(initialBytes);
        }
    }

    /** The partition of a key: murmur2 of its UTF-8 bytes, as Kafka's default partitioner. */
    static int partitionOf(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The partition of a user: the user id hash that travels between stages, modulo the partitions. */
    static int partitionOfUser(long userHash, int partitions) {
        return (int) Math.floorMod(userHash, (long) partitions);
    }

    static int partitionOf(String key, int partitions) {
        return partitionOf(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    int partitions() {
        return batches.length;
    }

    StageBatch.Writer batch(int partition) {
        return batches[partition];
    }

    /** Appends the same entry to every partition's batch. */
    void toEvery(Consumer<StageBatch.Writer> entry) {
        for (StageBatch.Writer w : batches) {
            entry.accept(w);
        }
    }

    /** Forwards one partition's batch and starts it anew. */
    void forward(ProcessorContext<byte[], Out> ctx, int partition, long now) {
        StageBatch.Writer w = batches[partition];
        ctx.forward(new Record<>(OutSerde.partitionKey(partition), new Out.Batch(stage, partition, w.toByteArray()), now));
        w.reset();
    }

    /** Forwards every batch that holds entries. */
    void forwardAll(ProcessorContext<byte[], Out> ctx, long now) {
        for (int p = 0; p < batches.length; p++) {
            if (batches[p].entries() > 0) {
                forward(ctx, p, now);
            }
        }
    }
}
