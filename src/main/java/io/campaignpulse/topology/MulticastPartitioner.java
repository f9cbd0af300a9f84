package io.campaignpulse.topology;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Routes internal records: a {@link Out.Watermark} goes to every partition (each downstream task
 * needs every upstream partition's progress); everything else by its key, as Kafka's default
 * partitioner would.
 */
final class MulticastPartitioner implements StreamPartitioner<byte[], Out> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, byte[] key, Out value, int numPartitions) {
        if (value instanceof Out.Watermark) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key)) % numPartitions));
    }
}
