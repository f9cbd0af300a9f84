package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.Settings;
import io.campaignpulse.ops.Executables;
import io.campaignpulse.runtime.EmbeddedKafka;
import io.campaignpulse.runtime.Service;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations on a running instance: the metrics it exports (names and values), the budget alerts
 * on {@code kpi.alerts} against the ledger, a real Prometheus server scraping it and answering a
 * query through its HTTP API with the shipped rules loaded, and every metric named by the shipped
 * alert rules and Grafana dashboard being one the service really exports.
 */
@ExtendWith(KafkaBroker.class)
class OperationsIT {
    private static final Pattern METRIC = Pattern.compile("\\b((?:campaign_pulse|kafka|jvm|process)_[a-z0-9_]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldExportMetricsAndAlertsThatPrometheusAndGrafanaCanUse(EmbeddedKafka broker, @TempDir Path tmp)
            throws Exception {
        Settings settings = CatchUpIT.settings(broker, "ops", tmp);
        Dataset data = new Dataset(3, 6_000, 9L);
        data.addDuplicates(50, 1L);
        data.addInvalid(20, 2L);
        CatchUpIT.createTopics(settings);
        data.produce(settings, 0.0, 1.0, true);
        long sent = data.eventCount + data.duplicates + data.invalid + 1;

        try (Service service = Service.start(settings); Outputs out = new Outputs(settings, "ops-reader")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                out.poll(Duration.ofMillis(500));
                return out.complete(data);
            });
            String body = Scrape.metrics(service.httpPort());
            Files.writeString(Path.of("target", "ops-scrape.txt"), body);

            assertThat((long) Scrape.sum(body, "campaign_pulse_events_read_total")).isEqualTo(sent);
            long accepted = (long) Scrape.sum(body, "campaign_pulse_events_accepted_total");
            assertThat(accepted).isEqualTo(data.eventCount + 1);
            assertThat((long) Scrape.sum(body, "campaign_pulse_event_time_lag_seconds_count")).isEqualTo(accepted);
            assertThat((long) Scrape.sum(body, "campaign_pulse_final_delay_seconds_count"))
                    .isEqualTo(out.finals.size());
            assertThat((long) Scrape.sum(body, "campaign_pulse_records_written_total", "topic=\"ops.dlq\""))
                    .isEqualTo(data.invalid);
            assertThat(Scrape.sum(body, "campaign_pulse_streams_running")).isEqualTo(1.0);
            assertThat(Scrape.has(body, "campaign_pulse_consumer_lag_records")).isTrue();
            assertThat(body).contains("# HELP campaign_pulse_events_read_total Records read from an event topic");
            assertChannelGaugesMatchTheLatestChannelRecords(settings, body);
            assertBudgetAlertsMatchTheLedger(settings, data);

            Set<String> exported = names(body);
            assertThat(referencedMetrics(Path.of("config", "prometheus", "alerts.yml")))
                    .as("metrics named by the alert rules").isSubsetOf(exported);
            assertThat(referencedMetrics(Path.of("config", "grafana", "dashboards", "campaign-pulse.json")))
                    .as("metrics named by the Grafana dashboard").isSubsetOf(exported);

            // The last two need Prometheus' tools: skipped (after everything above) when they are absent.
            assertLintClean(Path.of("target", "ops-scrape.txt"));
            assertPrometheusScrapesIt(service.httpPort(), tmp, sent);
        }
    }

    /** The business gauges of window 1d equal the newest kpi.channel.1d record of each channel and currency. */
    private static void assertChannelGaugesMatchTheLatestChannelRecords(Settings s, String body) {
        Map<String, JsonNode> latest = new java.util.HashMap<>();
        Map<String, String> latestStart = new java.util.HashMap<>();
        try (KafkaConsumer<String, String> c = consumer(s, "ops-channels")) {
            c.subscribe(List.of(s.topics().kpiChannel() + ".1d"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int empty = 0;
            while (System.nanoTime() < deadline && empty < 3) {
                var records = c.poll(Duration.ofMillis(500));
                empty = records.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<String, String> r : records) {
                    JsonNode n = read(r.value());
                    String key = n.get("channel").asText() + "/" + n.get("currency").asText();
                    String start = n.get("windowStart").asText();
                    if (latestStart.get(key) == null || start.compareTo(latestStart.get(key)) >= 0) {
                        latestStart.put(key, start);
                        latest.put(key, n);
                    }
                }
            }
        }
        assertThat(latest).isNotEmpty();
        for (Map.Entry<String, JsonNode> e : latest.entrySet()) {
            String[] k = e.getKey().split("/");
            String[] labels = {"channel=\"" + k[0] + "\"", "currency=\"" + k[1] + "\"", "window=\"1d\""};
            assertThat(BigDecimal.valueOf(Scrape.sum(body, "campaign_pulse_channel_spend", labels)))
                    .as(e.getKey()).isEqualByComparingTo(e.getValue().get("spend").decimalValue());
            assertThat((long) Scrape.sum(body, "campaign_pulse_channel_clicks", labels)).as(e.getKey())
                    .isEqualTo(e.getValue().get("clicks").asLong());
            assertThat((long) Scrape.sum(body, "campaign_pulse_channel_new_customers", labels)).as(e.getKey())
                    .isEqualTo(e.getValue().get("newCustomers").asLong());
            assertThat((long) Scrape.sum(body, "campaign_pulse_channel_repeat_customers", labels)).as(e.getKey())
                    .isEqualTo(e.getValue().get("repeatCustomers").asLong());
        }
        assertThat(latest.values().stream().mapToLong(n -> n.get("newCustomers").asLong()).sum())
                .as("customers in the newest day's channel records").isPositive();
    }

    /** Every campaign has a daily budget of 1000: 80% and 100% alerts, once per day, as the ledger says. */
    private static void assertBudgetAlertsMatchTheLedger(Settings s, Dataset data) {
        Set<String> expected = new TreeSet<>();
        for (Map.Entry<String, Dataset.Sums> e : data.expectedFinals.entrySet()) {
            if (!e.getKey().startsWith("1d|")) {
                continue;
            }
            String campaign = e.getKey().substring(3, e.getKey().indexOf('@'));
            String day = e.getKey().substring(e.getKey().indexOf('@') + 1, e.getKey().indexOf('@') + 11);
            BigDecimal spend = e.getValue().spend;
            if (spend.compareTo(new BigDecimal("800")) >= 0) {
                expected.add(day + " " + campaign + " BUDGET_80");
            }
            if (spend.compareTo(new BigDecimal("1000")) >= 0) {
                expected.add(day + " " + campaign + " BUDGET_100");
            }
        }
        assertThat(expected).as("the data crosses budgets").isNotEmpty();
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> c = consumer(s, "ops-alerts")) {
            c.subscribe(List.of(s.topics().alerts()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(300))) {
                    JsonNode n = read(r.value());
                    assertThat(r.key()).isEqualTo(n.get("campaignId").asText());
                    seen.add(n.get("day").asText() + " " + n.get("campaignId").asText() + " " + n.get("kind").asText());
                }
                return seen.size() >= expected.size();
            });
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
                seen.add("unexpected " + r.value());
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** {@code promtool check metrics} accepts the live scrape: every name, type and help lint-clean. */
    private static void assertLintClean(Path scrape) throws Exception {
        String promtool = Executables.prometheus("promtool");
        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectInput(scrape.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("promtool check metrics on the live /metrics:%n%s", out).isZero();
    }

    /** The last check of the test: skipped (after all the others ran) when prometheus is not installed. */
    private static void assertPrometheusScrapesIt(int port, Path tmp, long sent) throws Exception {
        String executable = Executables.prometheus("prometheus");
        int promPort = ServiceProcess.freePort();
        Path dir = Files.createDirectories(tmp.resolve("prometheus"));
        Files.copy(Path.of("config", "prometheus", "alerts.yml"), dir.resolve("alerts.yml"));
        Files.writeString(dir.resolve("prometheus.yml"), Files.readString(Path.of("config", "prometheus",
                "prometheus.yml")).replace("campaign-pulse:8080", "127.0.0.1:" + port)
                .replace("scrape_interval: 15s", "scrape_interval: 1s"));
        Process prometheus = new ProcessBuilder(executable, "--web.listen-address=127.0.0.1:" + promPort,
                "--storage.tsdb.path=" + dir.resolve("data"), "--config.file=" + dir.resolve("prometheus.yml"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String query = "http://127.0.0.1:" + promPort + "/api/v1/query?query="
                    + URLEncoder.encode("sum(campaign_pulse_events_read_total)", StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> {
                        JsonNode r = read(http.send(HttpRequest.newBuilder(URI.create(query)).build(),
                                HttpResponse.BodyHandlers.ofString()).body());
                        JsonNode result = r.path("data").path("result");
                        return result.size() == 1 && Double.parseDouble(result.get(0).get("value").get(1).asText())
                                == sent;
                    });
            JsonNode rules = read(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort
                    + "/api/v1/rules")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(rules.path("data").path("groups").get(0).path("rules").size()).isEqualTo(8);
        } finally {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    private static Set<String> names(String body) {
        Set<String> names = new TreeSet<>();
        for (String line : body.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static Set<String> referencedMetrics(Path file) throws Exception {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(Files.readString(file));
        while (m.find()) {
            out.add(m.group(1));
        }
        assertThat(out).as("metrics named in " + file).isNotEmpty();
        return out;
    }

    private static KafkaConsumer<String, String> consumer(Settings s, String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
