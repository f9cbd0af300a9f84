package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.campaignpulse.config.Settings;
import io.campaignpulse.config.WindowSize;
import io.campaignpulse.runtime.EmbeddedKafka;
import io.campaignpulse.runtime.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT section 6's accounting, on a real broker: events read = counted + duplicates + invalid,
 * every late exclusion of every window size is on the late topic, and Kafka Streams itself never
 * drops a record (its dropped-records metric stays at zero). Duplicates are copies of events under
 * other keys, most on other partitions; invalid records are spread through the input.
 */
@ExtendWith(KafkaBroker.class)
class AccountingIT {

    private static long events(JsonNode n) {
        return n.get("impressions").asLong() + n.get("clicks").asLong() + n.get("leads").asLong()
                + n.get("sales").asLong();
    }

    @Test
    void shouldAccountForEveryEventReadAndNeverDropOneSilently(EmbeddedKafka broker, @TempDir Path tmp)
            throws Exception {
        Settings settings = CatchUpIT.settings(broker, "acct", tmp);
        Dataset data = new Dataset(3, 6_000, 5L);
        data.addDuplicates(400, 1L);
        data.addInvalid(90, 2L);
        data.addLate(30);
        CatchUpIT.createTopics(settings);
        data.produce(settings, 0.0, 1.0, true);
        long clock = 1;
        long sent = data.eventCount + data.duplicates + data.invalid + data.late.size() + clock;
        long expectedCounted = data.eventCount + data.late.size() + clock;

        try (Service service = Service.start(settings); Outputs out = new Outputs(settings, "acct-reader", true)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                out.poll(Duration.ofMillis(500));
                assertThat(counted(out)).as("counted").isEqualTo(expectedCounted);
                assertThat(out.dlq).as("dead letters").hasSize(data.invalid);
                assertThat(out.late).as("late copies").hasSize(data.late.size());
                for (WindowSize w : settings.windows()) {
                    assertThat(inWindows(out, w) + lateFor(out, w)).as(w.name()).isEqualTo(expectedCounted);
                }
                assertThat(out.complete(data)).as("all finals in").isTrue();
            });
            out.assertExact(data);
            String metrics = Scrape.metrics(service.httpPort());

            long duplicates = (long) Scrape.sum(metrics, "campaign_pulse_events_duplicate_total");
            long invalid = (long) Scrape.sum(metrics, "campaign_pulse_records_invalid_total");
            assertThat(duplicates).isEqualTo(data.duplicates);
            assertThat(invalid).isEqualTo(data.invalid).isEqualTo(out.dlq.size());
            assertThat(counted(out) + duplicates + invalid).as("counted + duplicates + invalid").isEqualTo(sent);
            assertThat((long) Scrape.sum(metrics, "campaign_pulse_events_read_total")).isEqualTo(sent);
            assertThat((long) Scrape.sum(metrics, "campaign_pulse_events_accepted_total")).isEqualTo(counted(out));

            for (WindowSize w : settings.windows()) {
                assertThat(lateFor(out, w)).as("late for " + w.name()).isEqualTo(data.late.size());
                assertThat(inWindows(out, w) + lateFor(out, w)).as(w.name()).isEqualTo(counted(out));
                assertThat((long) Scrape.sum(metrics, "campaign_pulse_events_late_total",
                        "window=\"" + w.name() + "\"")).isEqualTo(data.late.size());
            }
            assertThat(droppedRecords(service)).as("Kafka Streams dropped-records metrics").containsOnly(0.0);
        }
    }

    /** Events in the lifetime records: accepted events, late ones included. */
    private static long counted(Outputs out) {
        return out.totals.values().stream().mapToLong(AccountingIT::events).sum();
    }

    /** Events in the latest record of every window of a size. */
    private static long inWindows(Outputs out, WindowSize w) {
        return out.running.entrySet().stream().filter(e -> e.getKey().startsWith(w.name() + "|"))
                .mapToLong(e -> events(e.getValue())).sum();
    }

    private static long lateFor(Outputs out, WindowSize w) {
        return out.lateWindows.stream().filter(h -> Arrays.asList(h.split(",")).contains(w.name())).count();
    }

    /** Every task's {@code dropped-records-total}; there is one per task, so the list is never empty. */
    private static java.util.List<Double> droppedRecords(Service service) {
        java.util.List<Double> values = new java.util.ArrayList<>();
        for (Map.Entry<MetricName, ? extends Metric> m : service.pipeline().streams().metrics().entrySet()) {
            if (m.getKey().name().equals("dropped-records-total")) {
                values.add(((Number) m.getValue().metricValue()).doubleValue());
            }
        }
        assertThat(values).as("dropped-records metrics exist").isNotEmpty();
        return values;
    }
}
