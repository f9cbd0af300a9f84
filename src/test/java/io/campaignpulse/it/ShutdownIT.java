package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM stops {@code run} cleanly: the shutdown hook waits until the service has closed, so the
 * Streams client reaches NOT_RUNNING and leaves its consumer group before the JVM exits, and a
 * restarted instance gets the tasks at once instead of after the (here 60 s) session timeout.
 */
@ExtendWith(KafkaBroker.class)
class ShutdownIT {

    @Test
    void shouldCloseAndLeaveTheGroupOnSigterm(EmbeddedKafka broker, @TempDir Path tmp) throws Exception {
        List<String> sets = new ArrayList<>(CatchUpIT.sets(broker, "sigterm", 3));
        sets.add("kafka.session.timeout.ms=60000");
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), sets);
        Dataset data = new Dataset(3, 3_000, 31L);
        CatchUpIT.createTopics(settings);
        data.produce(settings, 0.0, 1.0, true);
        Path state = tmp.resolve("state");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ServiceProcess first = ServiceProcess.start("first", sets, state, tmp);
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> first.ready() || !first.alive());
                assertThat(first.alive()).as("started; log:%n%s", first.logTail()).isTrue();
                assertThat(members(admin, settings)).as("a member while running").isPositive();
                first.stop(); // SIGTERM, waits for the process to exit
            } finally {
                first.close();
            }
            String log = Files.readString(tmp.resolve("first.log"));
            assertThat(log).as("the client closed before the JVM exited")
                    .contains("Kafka Streams closed (state NOT_RUNNING), left the consumer group");
            assertThat(members(admin, settings)).as("members right after the exit: it left the group").isZero();

            ServiceProcess second = ServiceProcess.start("second", sets, state, tmp);
            try {
                await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                        .until(() -> second.ready() || !second.alive());
                assertThat(second.ready()).as("running again well within the 60 s session timeout; log:%n%s",
                        second.logTail()).isTrue();
                System.out.printf("ShutdownIT: restarted instance RUNNING after %.1f s%n", second.secondsSinceStart());
            } finally {
                second.stop();
            }
        }
    }

    private static int members(Admin admin, Settings s) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(s.applicationId())).all().get()
                .get(s.applicationId());
        return d.members().size();
    }
}
