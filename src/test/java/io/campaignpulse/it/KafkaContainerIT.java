package io.campaignpulse.it;

import static org.awaitility.Awaitility.await;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The pipeline against the official {@code apache/kafka} image at the client version (the
 * {@code kafka.version} of pom.xml), as docker-compose.yml runs it. Needs a Docker engine; the
 * class is skipped cleanly where there is none, and the rest of the suite still runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {
    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer(
            DockerImageName.parse("apache/kafka:" + System.getProperty("kafka.version", "4.3.1")));

    @Test
    void shouldComputeExactKpisOnTheOfficialKafkaImage(@TempDir Path tmp) throws Exception {
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), List.of(
                "bootstrap.servers=" + KAFKA.getBootstrapServers(), "application.id=container-app",
                "topics.partitions=3", "watermark.idle=PT5S", "http.port=0", "state.dir=" + tmp.resolve("state")));
        Dataset data = new Dataset(3, 6_000, 21L);
        data.addDuplicates(60, 1L);
        CatchUpIT.createTopics(settings);
        data.produce(settings, 0.0, 1.0, true);
        try (Service service = Service.start(settings); Outputs out = new Outputs(settings, "container-reader")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                out.poll(Duration.ofMillis(500));
                return out.complete(data);
            });
            out.assertExact(data);
        }
    }
}
