package io.campaignpulse.runtime;

import io.campaignpulse.topology.InputLag;
import java.util.Map;
import java.util.HashMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Input lag from the Streams consumers' own {@code records-lag} metrics, refreshed by
 * {@link #refresh()}. A partition with no lag figure yet counts as read to its end.
 */
final class StreamsLag implements InputLag {
    private volatile Map<String, Double> lagByPartition = Map.of();

    void refresh(KafkaStreams streams) {
        refresh(streams.metrics());
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
    public boolean atEnd(String topic, int partition) {
        Double lag = lagByPartition.get(topic + "-" + partition);
        return lag == null || lag <= 0.0;
    }
}
