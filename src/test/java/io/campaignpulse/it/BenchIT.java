package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.CampaignPulse;
import io.campaignpulse.runtime.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's own logic at a small size, on the test broker: every phase consumes exactly
 * the preloaded events, the latency phase collects samples, and the table and JSON report are
 * complete. No timing is asserted (figures belong in docs/PERFORMANCE.md).
 */
@ExtendWith(KafkaBroker.class)
class BenchIT {
    @Test
    void shouldMeasureEveryPhaseOnTheSamePreloadedEvents(EmbeddedKafka broker, @TempDir Path tmp) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CampaignPulse.execute(new PrintWriter(out), new PrintWriter(err), "bench", "--events", "20000",
                "--campaigns", "50", "--latency-seconds", "3", "--instances", "2", "--out", tmp.toString(), "--console-log",
                "--set", "bootstrap.servers=" + broker.bootstrapServers(), "--set", "topics.partitions=2");
        assertThat(code).as("exit code; out:%n%s%nerr:%n%s", out, err).isZero();
        assertThat(out.toString()).contains("(a) plain consumer", "(b) baseline DSL job", "(c) campaign-pulse",
                "(d) campaign-pulse x2", "latency at", "p99", "peak RSS", "report: ");

        Path json;
        try (Stream<Path> files = Files.list(tmp)) {
            json = files.filter(p -> p.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
        }
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        long events = r.get("events").asLong();
        assertThat(events).isBetween(20_000L, 20_010L); // whole impressions with their follow-ups
        for (String phase : new String[] {"plainConsumer", "baseline", "campaignPulse"}) {
            assertThat(r.get(phase).get("events").asLong()).as(phase).isEqualTo(events);
            assertThat(r.get(phase).get("seconds").asDouble()).as(phase).isPositive();
            assertThat(r.get(phase).get("peakHeapBytes").asLong()).as(phase).isPositive();
        }
        assertThat(r.get("instances").asInt()).isEqualTo(2);
        assertThat(r.get("scaleOut").get("events").asLong()).isEqualTo(events);
        assertThat(r.get("scaleOut").get("peakRssBytes").asLong()).as("both processes' peaks").isPositive();
        assertThat(r.get("preload").get("events").asLong()).isEqualTo(events);
        assertThat(r.get("campaigns").asInt()).isEqualTo(50);
        assertThat(r.get("guarantee").asText()).isEqualTo("exactly_once_v2");
        assertThat(r.get("latency").get("samples").asInt()).isPositive();
        assertThat(r.get("latency").get("p99Ms").asDouble()).isGreaterThanOrEqualTo(r.get("latency").get("p50Ms")
                .asDouble());
        assertThat(r.get("stateDirBytes").asLong()).isPositive();
    }
}
