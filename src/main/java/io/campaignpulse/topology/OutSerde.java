package io.campaignpulse.topology;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The one serde for {@link Out}: an {@link Out.Emit} serializes to its value bytes unchanged (it
 * goes to an output topic), a {@link Out.Batch} to its batch bytes. A batch record's key is its
 * target partition (4 bytes), which {@link #PARTITIONER} sends it to.
 */
public final class OutSerde implements Serde<Out>, Serializer<Out>, Deserializer<Out> {
    /** Routes each batch to the partition it was built for. */
    static final StreamPartitioner<byte[], Out> PARTITIONER = new StreamPartitioner<>() {
        @Override
        public Optional<Set<Integer>> partitions(String topic, byte[] key, Out value, int numPartitions) {
            int p = ((Out.Batch) value).partition();
            if (p >= numPartitions) {
                throw new IllegalStateException("batch for partition " + p + " of " + topic + " with " + numPartitions
                        + " partitions: the internal topics' partition count changed; reset the application");
            }
            return Optional.of(Set.of(p));
        }
    };

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<Out> serializer() {
        return this;
    }

    @Override
    public Deserializer<Out> deserializer() {
        return this;
    }

    @Override
    public byte[] serialize(String topic, Out out) {
        if (out == null) {
            return null;
        }
        return out instanceof Out.Emit e ? e.value() : ((Out.Batch) out).bytes();
    }

    /** Internal topics carry only batches; the partition is the task's own. */
    @Override
    public Out deserialize(String topic, byte[] data) {
        return data == null ? null : new Out.Batch(-1, data);
    }

    static byte[] partitionKey(int partition) {
        byte[] k = new byte[4];
        BigEndian.putInt(k, 0, partition);
        return k;
    }
}
