package io.campaignpulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

class StreamsLagTest {
    private static void lag(Metrics metrics, String topic, int partition, double value) {
        metrics.addMetric(metrics.metricName("records-lag", "consumer-fetch-manager-metrics",
                Map.of("client-id", "app-StreamThread-1-consumer", "topic", topic, "partition",
                        Integer.toString(partition))), (Gauge<Double>) (config, now) -> value);
    }

    @Test
    void shouldCountAPartitionAsAtItsEndOnlyWhenItsConsumerHasNoLag() {
        try (Metrics metrics = new Metrics()) {
            lag(metrics, "ads.clicks", 0, 0.0);
            lag(metrics, "ads.clicks", 1, 1250.0);
            lag(metrics, "ads.sales", 0, Double.NaN);
            metrics.addMetric(metrics.metricName("records-lag-max", "consumer-fetch-manager-metrics", Map.of()),
                    (Gauge<Double>) (config, now) -> 99.0);
            StreamsLag lag = new StreamsLag();
            lag.refresh(metrics.metrics());
            assertThat(lag.atEnd("ads.clicks", 0, -1)).isTrue();
            assertThat(lag.atEnd("ads.clicks", 1, -1)).isFalse();
            // Unknown is not "at the end": a partition not fetched yet (a slow start, a task just
            // assigned) taken for idle would close windows before its events are read.
            assertThat(lag.atEnd("ads.sales", 0, -1)).as("no figure yet").isFalse();
            assertThat(lag.atEnd("ads.leads", 3, -1)).as("never fetched").isFalse();
        }
    }

    @Test
    void shouldForgetTheLagOfAPartitionTheClientNoLongerFetches() {
        StreamsLag lag = new StreamsLag();
        try (Metrics before = new Metrics()) {
            lag(before, "ads.clicks", 1, 1250.0);
            lag.refresh(before.metrics());
        }
        assertThat(lag.atEnd("ads.clicks", 1, -1)).isFalse();
        try (Metrics afterRebalance = new Metrics()) {
            lag(afterRebalance, "ads.clicks", 2, 0.0);
            lag.refresh(afterRebalance.metrics());
        }
        assertThat(lag.atEnd("ads.clicks", 1, -1)).as("revoked: its old figure is forgotten").isFalse();
        assertThat(lag.atEnd("ads.clicks", 2, -1)).isTrue();
    }

    @Test
    void shouldNotCountFetchedButUnprocessedRecordsAsRead() {
        StreamsLag lag = new StreamsLag();
        try (Metrics fetchedAll = new Metrics()) {
            lag(fetchedAll, "ads.sales", 0, 0.0);
            lag.refresh(fetchedAll.metrics());
        }
        lag.refreshOffsets(Map.of("ads.sales-0", new long[] {1000, 200}));
        assertThat(lag.atEnd("ads.sales", 0, 640)).as("360 records still buffered").isFalse();
        assertThat(lag.atEnd("ads.sales", 0, 1000)).isTrue();
        assertThat(lag.atEnd("ads.sales", 0, -1)).as("nothing processed, committed 200 of 1000").isFalse();
        lag.refreshOffsets(Map.of("ads.sales-0", new long[] {1000, 1000}));
        assertThat(lag.atEnd("ads.sales", 0, -1)).as("committed to the end").isTrue();
        lag.refreshOffsets(Map.of("ads.sales-0", new long[] {0, -1}));
        assertThat(lag.atEnd("ads.sales", 0, -1)).as("an empty partition, nothing committed").isTrue();
    }
}
