package io.campaignpulse.runtime;

import io.campaignpulse.topology.EndCheck;
import io.campaignpulse.topology.InputLag;
import java.util.Map;
import java.util.HashMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether an input partition is read to its end, from two sources refreshed every second: the
 * Streams consumers' {@code records-lag} metrics (fetched to the end), and the end and committed
 * offsets Kafka Streams keeps per active task (processed to the end: fetched records still waiting
 * in a task's buffer do not count). A partition about which neither source knows anything yet (not
 * fetched since this client got it) is not at its end: taking it for idle would close windows
 * before its events are read, and make them late.
 */
final class StreamsLag implements InputLag {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamsLag.class);
    private volatile Map<String, Double> lagByPartition = Map.of();
    /** Per partition: {end offset, committed offset}, -1 where unknown. */
    private volatile Map<String, long[]> offsets = Map.of();
    private volatile EndCheck endCheck = EndCheck.NOTHING;

    void refresh(KafkaStreams streams) {
        refresh(streams.metrics());
        Map<String, long[]> fresh = new HashMap<>();
        try {
            for (var thread : streams.metadataForLocalThreads()) {
                for (var task : thread.activeTasks()) {
                    task.endOffsets().forEach((tp, end) -> fresh.computeIfAbsent(tp.topic() + "-" + tp.partition(),
                            k -> new long[] {-1, -1})[0] = end);
                    task.committedOffsets().forEach((tp, c) -> fresh.computeIfAbsent(tp.topic() + "-"
                            + tp.partition(), k -> new long[] {-1, -1})[1] = c);
                }
            }
        } catch (RuntimeException e) {
            return; // not running: keep the last figures
        }
        offsets = fresh;
    }

    /** Takes a new end check; on failure (the cluster did not answer) keeps the last one, which then ages. */
    void refreshEnds(EndChecker checker) {
        try {
            endCheck = checker.check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("input end check failed; idle claims wait for the next one", e);
        }
    }

    @Override
    public EndCheck endCheck() {
        return endCheck;
    }

    /** For tests: end and committed offsets per "topic-partition". */
    void refreshOffsets(Map<String, long[]> byPartition) {
        offsets = Map.copyOf(byPartition);
    }

    /**
     * Takes the latest {@code records-lag} of every partition the client fetches now. Partitions it
     * no longer has are forgotten, so a figure from before a rebalance never outlives it.
     */
    void refresh(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Double> fresh = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            if ("records-lag".equals(n.name()) && "consumer-fetch-manager-metrics".equals(n.group())
                    && n.tags().containsKey("partition")) {
                Object v = e.getValue().metricValue();
                if (v instanceof Double d && !d.isNaN()) {
                    fresh.merge(n.tags().get("topic") + "-" + n.tags().get("partition"), d, Math::max);
                }
            }
        }
        lagByPartition = fresh;
    }

    /** The summed lag of every partition this client fetches (input and internal topics). */
    double total() {
        return lagByPartition.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public boolean atEnd(String topic, int partition, long nextOffset) {
        String key = topic + "-" + partition;
        Double lag = lagByPartition.get(key);
        if (lag != null && lag > 0.0) {
            return false;
        }
        long[] o = offsets.get(key);
        if (o == null || o[0] < 0) {
            return lag != null; // fetched to the end (lag 0); no figure at all: not read yet
        }
        return Math.max(0, Math.max(nextOffset, o[1])) >= o[0];
    }
}
