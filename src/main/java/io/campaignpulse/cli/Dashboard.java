package io.campaignpulse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.campaignpulse.config.Settings;
import io.campaignpulse.config.WindowSize;
import io.campaignpulse.events.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The demo's terminal view: reads the running hourly campaign and channel records (committed
 * only) and prints the top campaigns of the current window and a channel summary, with reach,
 * frequency and converting users ("buyers").
 */
final class Dashboard implements AutoCloseable {
    private static final int TOP = 12;

    private final KafkaConsumer<String, byte[]> consumer;
    private final String campaignTopic;
    private final WindowSize window;
    private final Map<String, JsonNode> campaigns = new HashMap<>();
    private final Map<String, JsonNode> channels = new HashMap<>();
    private final Map<String, JsonNode> experiments = new HashMap<>();
    private final String experimentTopic;
    private final long startedAtMs = System.currentTimeMillis();
    private boolean freshFigures;

    Dashboard(Settings s) {
        window = s.windows().stream().filter(w -> w.millis() == 3_600_000L).findFirst()
                .orElse(s.windows().get(s.windows().size() - 1));
        campaignTopic = s.topics().campaignWindow(window);
        experimentTopic = s.topics().experiment();
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "campaign-pulse-demo-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(campaignTopic, s.topics().channelWindow(window), experimentTopic));
    }

    /** Reads what arrived during {@code wait}. */
    void poll(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    JsonNode n = Json.MAPPER.readTree(r.value());
                    (r.topic().equals(campaignTopic) ? campaigns : r.topic().equals(experimentTopic) ? experiments
                            : channels).put(r.key(), n);
                    freshFigures |= r.timestamp() >= startedAtMs;
                } catch (IOException e) {
                    // not a KPI record; the dashboard only shows what it can read
                }
            }
        }
    }

    /** True once a KPI record emitted after this dashboard started has been read. */
    boolean hasFreshFigures() {
        return freshFigures;
    }

    void render(PrintStream out, String header) {
        String current = Instant.ofEpochMilli(window.startOf(System.currentTimeMillis())).toString();
        StringBuilder b = new StringBuilder("\033[H\033[2J");
        b.append(header).append('\n');
        b.append("Top campaigns by spend, ").append(window.name()).append(" window starting ").append(current)
                .append('\n');
        b.append(String.format(Locale.ROOT,
                "%-13s %-9s %-3s %-3s %8s %6s %5s %5s %11s %8s %7s %7s %8s %6s %6s %6s %8s %5s %6s%n",
                "campaign", "channel", "cur", "mdl", "impr", "clicks", "leads", "sales", "spend", "CPM", "CPC", "CPL",
                "CPA", "CTR%", "CR%", "ROAS", "reach", "freq", "buyers"));
        rows(campaigns, current).stream().limit(TOP).forEach(n -> b.append(row(n.path("campaignId").asText(), n)));
        b.append('\n').append("Channels (").append(window.name()).append(", by currency)\n");
        rows(channels, current).forEach(n -> b.append(row(n.path("channel").asText() + "/"
                + n.path("currency").asText(), n)));
        if (!experiments.isEmpty()) {
            b.append('\n').append("Experiments (lifetime; always-valid p-value of conversion rate, "
                    + "significant at p <= alpha)\n");
            experiments.values().stream()
                    .sorted(Comparator.comparingLong((JsonNode n) -> -impressions(n)).thenComparing(n -> n.path(
                            "campaignId").asText()))
                    .limit(6).forEach(n -> b.append(experiment(n)));
        }
        out.print(b);
        out.flush();
    }

    private static List<JsonNode> rows(Map<String, JsonNode> m, String windowStart) {
        return m.values().stream().filter(n -> windowStart.equals(n.path("windowStart").asText()))
                .sorted(Comparator.comparingDouble((JsonNode n) -> n.path("spend").asDouble()).reversed()).toList();
    }

    private static String row(String name, JsonNode n) {
        boolean campaign = !n.path("campaignId").isNull();
        return String.format(Locale.ROOT,
                "%-13.13s %-9.9s %-3s %-3s %8d %6d %5d %5d %11.2f %8s %7s %7s %8s %6s %6s %6s %8d %5s %6d%n",
                name, campaign ? n.path("channel").asText() : "", n.path("currency").asText(),
                campaign ? n.path("pricingModel").asText("") : "", n.path("impressions").asLong(),
                n.path("clicks").asLong(), n.path("leads").asLong(), n.path("sales").asLong(),
                n.path("spend").asDouble(), money(n.path("cpm")), money(n.path("cpc")), money(n.path("cpl")),
                money(n.path("cpa")), pct(n.path("ctr")), pct(n.path("conversionRate")), ratio(n.path("roas")),
                n.path("reach").asLong(), ratio(n.path("frequency")), n.path("convertUsers").asLong());
    }

    /** The experiment's traffic, to show the biggest first. */
    private static long impressions(JsonNode experiment) {
        long sum = 0;
        for (JsonNode v : experiment.path("variants")) {
            sum += v.path("impressions").asLong();
        }
        return sum;
    }

    private static String experiment(JsonNode n) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-13.13s control %-6.6s", n.path("campaignId")
                .asText(), n.path("control").asText()));
        for (JsonNode t : n.path("tests")) {
            if (!t.path("metric").asText().equals("conversionRate")) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "  %s: %s%% vs %s%%, lift %s%%, p %s%s", t.path("variant").asText(),
                    pct(t.path("variantRate")), pct(t.path("controlRate")), pct(t.path("lift")),
                    t.path("pValue").isNull() ? "-" : String.format(Locale.ROOT, "%.3f", t.path("pValue").asDouble()),
                    t.path("significant").asBoolean(false) ? " significant" : ""));
        }
        b.append("  winner ").append(n.path("winner").isNull() ? "-" : n.path("winner").asText()).append('\n');
        return b.toString();
    }

    private static String money(JsonNode v) {
        return v.isNull() || v.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.2f", v.asDouble());
    }

    private static String pct(JsonNode v) {
        return v.isNull() || v.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.2f", v.asDouble() * 100);
    }

    private static String ratio(JsonNode v) {
        return v.isNull() || v.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.2f", v.asDouble());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
