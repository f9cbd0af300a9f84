package io.campaignpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsLoaderTest {

    @Test
    void shouldUseTheContractDefaults() {
        Settings s = SettingsLoader.load(Map.of(), Map.of(), List.of());
        assertThat(s.bootstrapServers()).isEmpty();
        assertThat(s.embedded()).isTrue();
        assertThat(s.applicationId()).isEqualTo("campaign-pulse");
        assertThat(s.windows()).extracting(WindowSize::name).containsExactly("1m", "1h", "1d");
        assertThat(s.windows()).extracting(WindowSize::millis).containsExactly(60_000L, 3_600_000L, 86_400_000L);
        assertThat(s.windowGrace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.watermarkIdle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.dedupWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(s.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.eventMaxBytes()).isEqualTo(1_048_576);
        assertThat(s.currencyDefault()).isEqualTo("NOK");
        assertThat(s.topicsPartitions()).isEqualTo(6);
        assertThat(s.topicsReplication()).isEqualTo((short) 1);
        assertThat(s.httpPort()).isEqualTo(8080);
        assertThat(s.topics()).isEqualTo(new Settings.Topics("ads.impressions", "ads.clicks", "ads.leads",
                "ads.sales", "ads.campaigns", "ads.dlq", "ads.late", "kpi.campaign", "kpi.channel", "kpi.alerts",
                "kpi.experiment", "kpi.recommendations"));
        assertThat(s.reachLgK()).isEqualTo(12);
        assertThat(s.httpBind()).isEqualTo("127.0.0.1");
        assertThat(s.httpToken()).isEmpty();
        assertThat(s.growth()).isEqualTo(new Settings.Growth(0.05, 0.01, 100, WindowSize.parse("1d"), 30,
                new java.math.BigDecimal("0.10"), false, Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(540),
                Duration.ofMillis(500)));
        assertThat(s.operations()).isEqualTo(new Settings.Operations(false, 100, 5, 512, ""));
        assertThat(s.kafka()).containsEntry("processing.guarantee", "exactly_once_v2");
    }

    @Test
    void shouldApplyFileThenEnvironmentThenFlags() {
        Map<String, String> file = Map.of("http.port", "1001", "window.grace", "PT1M", "topics.partitions", "3");
        Map<String, String> env = Map.of("CAMPAIGN_PULSE_HTTP_PORT", "1002", "CAMPAIGN_PULSE_WINDOW_GRACE", "PT2M",
                "PATH", "/usr/bin");
        Settings s = SettingsLoader.load(file, env, List.of("http.port=1003"));
        assertThat(s.httpPort()).isEqualTo(1003);
        assertThat(s.windowGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.topicsPartitions()).isEqualTo(3);
    }

    @Test
    void shouldPassKafkaSettingsThroughFromEveryLayer() {
        Settings s = SettingsLoader.load(Map.of("kafka.num.stream.threads", "2"),
                Map.of("CAMPAIGN_PULSE_KAFKA_COMMIT_INTERVAL_MS", "250"),
                List.of("kafka.processing.guarantee=at_least_once"));
        assertThat(s.kafka()).containsEntry("num.stream.threads", "2").containsEntry("commit.interval.ms", "250")
                .containsEntry("processing.guarantee", "at_least_once");
    }

    @Test
    void shouldMapKeysToEnvironmentNames() {
        assertThat(SettingsLoader.envName("topic.kpi.campaign")).isEqualTo("CAMPAIGN_PULSE_TOPIC_KPI_CAMPAIGN");
        Settings s = SettingsLoader.load(Map.of(), Map.of("CAMPAIGN_PULSE_TOPIC_KPI_CAMPAIGN", "kpis"), List.of());
        assertThat(s.topics().kpiCampaign()).isEqualTo("kpis");
    }

    @Test
    void shouldReadThePropertiesFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.properties");
        Files.writeString(f, "# comment\nwindows = 5m,1h\n");
        Settings s = SettingsLoader.load(SettingsLoader.readFile(f), Map.of(), List.of());
        assertThat(s.windows()).extracting(WindowSize::name).containsExactly("5m", "1h");
    }

    @Test
    void shouldShipADefaultFileThatMatchesTheBuiltInDefaults() {
        Map<String, String> shipped = SettingsLoader.readFile(Path.of("config", "application.properties"));
        assertThat(shipped).containsExactlyInAnyOrderEntriesOf(SettingsLoader.DEFAULTS);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "window.grace|ten minutes|Invalid setting 'window.grace': 'ten minutes' is not an ISO-8601 duration",
        "window.grace|-PT1M|Invalid setting 'window.grace': '-PT1M' must be zero or positive",
        "watermark.idle|PT0S|Invalid setting 'watermark.idle': 'PT0S' must be positive",
        "dedup.window|P|Invalid setting 'dedup.window'",
        "max.future.skew|5m|Invalid setting 'max.future.skew'",
        "emit.interval|PT0S|Invalid setting 'emit.interval'",
        "windows|1m,,1h|Invalid setting 'windows': '' is not a window size",
        "windows|1m,60s|Invalid setting 'windows': '60s' is listed twice",
        "windows|1w|Invalid setting 'windows': '1w' is not a window size such as 30s, 1m, 1h or 1d",
        "windows|1s,2s,3s,4s,5s,6s,7s,8s,9s|Invalid setting 'windows': at most 8",
        "event.max.bytes|lots|Invalid setting 'event.max.bytes': 'lots' is not a whole number",
        "event.max.bytes|9000000|Invalid setting 'event.max.bytes': '9000000' is outside 64..8388608",
        "topics.partitions|0|Invalid setting 'topics.partitions': '0' is outside 1..10000",
        "topics.replication|0|Invalid setting 'topics.replication'",
        "http.port|70000|Invalid setting 'http.port': '70000' is outside 0..65535",
        "embedded.port|-1|Invalid setting 'embedded.port'",
        "currency.default|nok|Invalid setting 'currency.default': 'nok' is not an ISO-4217 code",
        "bootstrap.servers|localhost|Invalid setting 'bootstrap.servers': 'localhost' is not a list of host:port",
        "application.id|a b|Invalid setting 'application.id'",
        "topic.dlq|bad topic|Invalid setting 'topic.dlq': 'bad topic' is not a valid topic name",
        "topic.kpi.channel||Invalid setting 'topic.kpi.channel'",
        "state.dir||Invalid setting 'state.dir': must not be empty",
        "simulate.rate|0|Invalid setting 'simulate.rate'",
        "simulate.campaigns|x|Invalid setting 'simulate.campaigns'",
        "kafka.processing.guarantee|exactly_once|Invalid setting 'kafka.processing.guarantee': 'exactly_once' is "
            + "not accepted; use exactly_once_v2 or at_least_once",
        "reach.lg.k|3|Invalid setting 'reach.lg.k': '3' is outside 4..21",
        "http.bind|a b|Invalid setting 'http.bind': 'a b' is not an address",
        "http.token|short|Invalid setting 'http.token': must be empty (no token) or 16-512 visible ASCII",
        "experiments.alpha|1|Invalid setting 'experiments.alpha': '1' must lie strictly between 0 and 1",
        "experiments.tau|0|Invalid setting 'experiments.tau': '0' must be above 0",
        "experiments.min.trials|0|Invalid setting 'experiments.min.trials'",
        "recommend.window|1w|Invalid setting 'recommend.window': '1w' is not one of the window sizes in 'windows' "
            + "(1m,1h,1d)",
        "recommend.step|1.5|Invalid setting 'recommend.step': '1.5' must be above 0 and at most 1",
        "recommend.min.sales|0|Invalid setting 'recommend.min.sales'",
        "late.revisions|yes|Invalid setting 'late.revisions': 'yes' is not accepted; use true or false",
        "window.retention|P-1D|Invalid setting 'window.retention'",
        "no.such.key|1|Invalid setting 'no.such.key': unknown key given with --set"})
    void shouldStopOnABadValueWithOneLineNamingTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of(), Map.of(), List.of(key + "=" + (value == null ? "" : value))))
                .isInstanceOfSatisfying(SettingsException.class, e -> {
                    assertThat(e.getMessage()).startsWith(message).doesNotContain("\n");
                    assertThat(e.key()).isEqualTo(key);
                });
    }

    @Test
    void shouldRejectUnknownKeysInTheFileAndEnvironment() {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("windwos", "1m"), Map.of(), List.of()))
                .hasMessageStartingWith("Invalid setting 'windwos': unknown key in the settings file");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of(), Map.of("CAMPAIGN_PULSE_WINDWOS", "1m"), List.of()))
                .hasMessageStartingWith("Invalid setting 'CAMPAIGN_PULSE_WINDWOS': unknown environment variable");
        assertThatThrownBy(() -> SettingsLoader.load(Map.of(), Map.of(), List.of("novalue")))
                .hasMessageStartingWith("Invalid setting 'novalue': --set takes key=value");
    }
}
