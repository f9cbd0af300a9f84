package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.EmbeddedKafka;
import io.campaignpulse.runtime.Service;
import io.campaignpulse.runtime.TopicSetup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as {@code run} starts it, on a real in-process KRaft broker. Every final and
 * lifetime record must equal the independently computed expectation, nothing may be late or
 * invalid, and no window may have two finals: after a catch-up on data produced before the
 * service started, and across a clean restart in the middle of the data.
 */
@ExtendWith(KafkaBroker.class)
class CatchUpIT {
    private static final int PARTITIONS = 3;

    static Settings settings(EmbeddedKafka broker, String prefix, Path tmp) {
        List<String> all = new java.util.ArrayList<>(sets(broker, prefix, PARTITIONS));
        all.addAll(List.of("http.port=0", "state.dir=" + tmp.resolve("state")));
        return SettingsLoader.load(Map.of(), Map.of(), all);
    }

    /** Settings for a test's own application id and topics, without state directory and HTTP port. */
    static List<String> sets(EmbeddedKafka broker, String prefix, int partitions) {
        return sets(broker.bootstrapServers(), prefix, partitions);
    }

    /** As {@link #sets(EmbeddedKafka, String, int)}, for any cluster. */
    static List<String> sets(String bootstrapServers, String prefix, int partitions) {
        return List.of(
                "bootstrap.servers=" + bootstrapServers, "application.id=" + prefix + "-app",
                "topics.partitions=" + partitions, "watermark.idle=PT5S",
                "topic.kpi.campaign=" + prefix + ".kpi.campaign",
                "topic.kpi.channel=" + prefix + ".kpi.channel", "topic.impressions=" + prefix + ".impressions",
                "topic.clicks=" + prefix + ".clicks", "topic.leads=" + prefix + ".leads",
                "topic.sales=" + prefix + ".sales", "topic.campaigns=" + prefix + ".campaigns",
                "topic.dlq=" + prefix + ".dlq", "topic.late=" + prefix + ".late",
                "topic.experiment=" + prefix + ".kpi.experiment",
                "topic.recommendations=" + prefix + ".kpi.recommendations");
    }

    static void createTopics(Settings s) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers()))) {
            TopicSetup.ensure(admin, s);
        }
    }

    @Test
    void shouldProduceExactFinalAndLifetimeRecordsAfterACatchUp(EmbeddedKafka broker, @TempDir Path tmp)
            throws Exception {
        Settings settings = settings(broker, "catchup", tmp);
        Dataset data = new Dataset(PARTITIONS, 12_000, 7L);
        assertThat(data.expectedFinals.size()).isGreaterThan(2_000);
        assertThat(data.swapped).as("out-of-order pairs in the input").isGreaterThan(500);
        createTopics(settings);
        data.produce(settings, 0.0, 1.0, true);

        try (Service service = Service.start(settings); Outputs out = new Outputs(settings, "catchup-reader")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                out.poll(Duration.ofMillis(500));
                return out.complete(data);
            });
            out.assertExact(data);
            assertThat(service.pipeline().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertHttpEndpoints(service.httpPort());
        }
    }

    @Test
    void shouldStayExactAcrossACleanRestartInTheMiddleOfTheData(EmbeddedKafka broker, @TempDir Path tmp)
            throws Exception {
        Settings settings = settings(broker, "restart", tmp);
        Dataset data = new Dataset(PARTITIONS, 12_000, 11L);
        createTopics(settings);
        data.produce(settings, 0.0, 0.5, false);
        try (Outputs out = new Outputs(settings, "restart-reader")) {
            try (Service first = Service.start(settings)) {
                // Some windows must have closed before the stop, so finals are split across both runs.
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    out.poll(Duration.ofMillis(500));
                    return out.finals.size() > 500;
                });
                assertThat(first.pipeline().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
            data.produce(settings, 0.5, 1.0, true);
            try (Service second = Service.start(settings)) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    out.poll(Duration.ofMillis(500));
                    return out.complete(data);
                });
                out.assertExact(data);
                assertThat(second.pipeline().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        }
    }

    private static void assertHttpEndpoints(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "kafka_stream_");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }
}
