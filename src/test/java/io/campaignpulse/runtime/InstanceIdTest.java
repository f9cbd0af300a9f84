package io.campaignpulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsException;
import io.campaignpulse.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static membership: one stable group.instance.id per instance. */
class InstanceIdTest {
    private static Settings settings(Path dir, String... more) {
        List<String> sets = new java.util.ArrayList<>(List.of("state.dir=" + dir, "application.id=app"));
        sets.addAll(List.of(more));
        return SettingsLoader.load(Map.of(), Map.of(), sets);
    }

    @Test
    void shouldGenerateANameOnceAndKeepItInTheStateDirectory(@TempDir Path dir) throws Exception {
        String first = InstanceId.of(settings(dir));
        assertThat(first).matches("app-i[0-9a-f]{12}");
        assertThat(InstanceId.of(settings(dir))).as("the same state directory, the same name").isEqualTo(first);
        assertThat(Files.readString(dir.resolve("app.instance-id")).strip()).isEqualTo(first.substring(4));
        assertThat(InstanceId.of(settings(dir.resolve("other")))).as("another instance").isNotEqualTo(first);
        assertThat(Pipeline.streamsProperties(settings(dir))
                .get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))).isEqualTo(first);
    }

    @Test
    void shouldUseTheGivenInstanceId(@TempDir Path dir) {
        assertThat(InstanceId.of(settings(dir, "instance.id=pod-3"))).isEqualTo("app-pod-3");
        assertThat(dir.resolve("app.instance-id")).doesNotExist();
    }

    @Test
    void shouldNameTheKeyOfABadInstanceId(@TempDir Path dir) {
        assertThatThrownBy(() -> settings(dir, "instance.id=pod 3"))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("instance.id"));
    }
}
