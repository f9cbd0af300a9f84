package io.campaignpulse.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.metrics.PipelineMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver around the real topology, with small JSON builders. */
final class TopologyFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    /** Reads KPI JSON keeping decimals exact. */
    static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    final Settings settings;
    final TopologyTestDriver driver;
    /** The real metric implementation, on an in-memory registry. */
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Path stateDir;
    private final Map<String, TestOutputTopic<String, byte[]>> outputs = new LinkedHashMap<>();

    TopologyFixture(String... sets) {
        this(InputLag.ALWAYS_AT_END, sets);
    }

    /** With the given view of the inputs' ends (idle claims, end checks). */
    TopologyFixture(InputLag lag, String... sets) {
        List<String> all = new ArrayList<>(List.of("windows=1m,1h,1d", "window.grace=PT10M", "watermark.idle=PT30S",
                "emit.interval=PT1S", "max.future.skew=PT5M", "topics.partitions=1",
                // Progress to and from attribution and customers at every commit: the driver's clock
                // stands still between the records a test pipes.
                "progress.interval=PT0S"));
        all.addAll(List.of(sets));
        settings = SettingsLoader.load(Map.of(), Map.of(), all);
        try {
            stateDir = Files.createTempDirectory("cp-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "ttd");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        InputLayout layout = InputLayout.uniform(settings.topics().events(), 1);
        driver = new TopologyTestDriver(CampaignPulseTopology.build(settings, layout, lag,
                new PipelineMetrics(registry)), p,
                T0.plus(Duration.ofHours(2)));
    }

    TestInputTopic<String, byte[]> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    }

    void pipe(String topic, String json, Instant recordTime) {
        input(topic).pipeInput(new TestRecord<>("k", json == null ? null : json.getBytes(StandardCharsets.UTF_8), recordTime));
    }

    void impression(String eventId, String campaign, Instant t) {
        send("impression", eventId, campaign, t, "");
    }

    void click(String eventId, String campaign, Instant t) {
        send("click", eventId, campaign, t, "");
    }

    /** An event of a kind on its topic, with extra JSON members (",\"cost\":1"). */
    void send(String type, String eventId, String campaign, Instant t, String extra) {
        pipe(topicOf(type), event(eventId, type, campaign, t, extra), t);
    }

    String topicOf(String type) {
        return switch (type) {
            case "impression" -> settings.topics().impressions();
            case "click" -> settings.topics().clicks();
            case "lead" -> settings.topics().leads();
            default -> settings.topics().sales();
        };
    }

    /** One event on each of the four topics at {@code t}, for a campaign nobody asserts on. */
    void advanceAllPartitionsTo(Instant t) {
        for (String type : List.of("impression", "click", "lead", "sale")) {
            send(type, "clock-" + type + "-" + t.toEpochMilli(), "clock", t, "");
        }
    }

    /** Lets partials reach the campaign stage, its running records out, and the channel stage emit. */
    void flush() {
        for (int i = 0; i < 3; i++) {
            tick();
        }
    }

    /** An instant on the fixture's day, 2026-11-22, from "HH:mm:ss" (optionally with millis). */
    static Instant at(String hhmmss) {
        return Instant.parse("2026-11-22T" + hhmmss + "Z");
    }

    static String event(String id, String type, String campaign, Instant t, String extra) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"campaignId\":\"" + campaign
                + "\",\"timestamp\":\"" + t + "\"" + extra + "}";
    }

    void campaign(String id, String json) {
        driver.createInputTopic(settings.topics().campaigns(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(id, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Advances wall clock past one emit interval, so partials and running records flow. */
    void tick() {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    TestOutputTopic<String, byte[]> output(String topic) {
        return outputs.computeIfAbsent(topic, t -> driver.createOutputTopic(t, new StringDeserializer(),
                new ByteArrayDeserializer()));
    }

    /** Every record now on the topic, as (key, parsed JSON). */
    List<Map.Entry<String, JsonNode>> read(String topic) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : output(topic).readRecordsToList()) {
            try {
                out.add(Map.entry(r.key(), r.value() == null ? null : EXACT.readTree(r.value())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The last value per key. */
    Map<String, JsonNode> latest(String topic) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        read(topic).forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    List<TestRecord<String, byte[]>> raw(String topic) {
        return output(topic).readRecordsToList();
    }

    /** The sum of a pipeline counter over every series matching the tags; 0 when there is none. */
    double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Pipes raw bytes (or null) with a key onto a topic. */
    void pipeBytes(String topic, String key, byte[] value, Instant recordTime) {
        input(topic).pipeInput(new TestRecord<>(key, value, recordTime));
    }

    @Override
    public void close() {
        driver.close();
    }
}
