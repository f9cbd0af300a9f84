package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.EmbeddedKafka;
import io.campaignpulse.runtime.Service;
import io.campaignpulse.runtime.TopicSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as {@code run} starts it, on a real in-process KRaft broker, catching up on a data
 * set produced before it started: every final and lifetime record must equal the independently
 * computed expectation, nothing may be late or invalid, and no window may have two finals.
 */
@ExtendWith(KafkaBroker.class)
class CatchUpIT {
    private static final int PARTITIONS = 3;
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void shouldProduceExactFinalAndLifetimeRecordsAfterACatchUp(EmbeddedKafka broker, @TempDir Path tmp)
            throws Exception {
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), List.of(
                "bootstrap.servers=" + broker.bootstrapServers(), "application.id=catch-up-it",
                "topics.partitions=" + PARTITIONS, "watermark.idle=PT5S", "http.port=0",
                "state.dir=" + tmp.resolve("state"), "topic.kpi.campaign=it1.kpi.campaign",
                "topic.kpi.channel=it1.kpi.channel", "topic.impressions=it1.impressions", "topic.clicks=it1.clicks",
                "topic.leads=it1.leads", "topic.sales=it1.sales", "topic.campaigns=it1.campaigns",
                "topic.dlq=it1.dlq", "topic.late=it1.late"));
        Dataset data = new Dataset(PARTITIONS, 12_000, 7L);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicSetup.ensure(admin, settings);
        }
        produce(settings, data);

        Map<String, Integer> finalCount = new HashMap<>();
        Map<String, JsonNode> finals = new HashMap<>();
        Map<String, JsonNode> totals = new HashMap<>();
        List<String> late = new ArrayList<>();
        List<String> dlq = new ArrayList<>();
        Settings.Topics t = settings.topics();
        List<String> finalTopics = List.of(t.campaignFinal(settings.windows().get(0)),
                t.campaignFinal(settings.windows().get(1)), t.campaignFinal(settings.windows().get(2)));
        try (Service service = Service.start(settings);
                KafkaConsumer<String, byte[]> consumer = committedReader(broker)) {
            consumer.subscribe(new ArrayList<>(List.of(t.campaignTotal(), t.late(), t.dlq())) {
                {
                    addAll(finalTopics);
                }
            });
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals(t.late())) {
                        late.add(new String(r.value()));
                    } else if (r.topic().equals(t.dlq())) {
                        dlq.add(new String(r.value()));
                    } else if (r.topic().equals(t.campaignTotal())) {
                        totals.put(r.key(), read(r.value()));
                    } else {
                        String size = r.topic().substring(r.topic().lastIndexOf("kpi.campaign.") + 13,
                                r.topic().length() - ".final".length());
                        String key = size + "|" + r.key();
                        finals.put(key, read(r.value()));
                        finalCount.merge(key, 1, Integer::sum);
                    }
                }
                return finals.keySet().containsAll(data.expectedFinals.keySet())
                        && totalsMatch(totals, data);
            });
            // One more poll round after everything arrived: a duplicate final would show here.
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
                if (finalTopics.contains(r.topic())) {
                    String size = r.topic().substring(r.topic().lastIndexOf("kpi.campaign.") + 13,
                            r.topic().length() - ".final".length());
                    finalCount.merge(size + "|" + r.key(), 1, Integer::sum);
                }
            });
            assertThat(service.pipeline().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertHttpEndpoints(service.httpPort());
        }

        assertThat(late).as("late events").isEmpty();
        assertThat(dlq).as("dead letters").isEmpty();
        assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(data.expectedFinals.keySet());
        assertThat(finalCount.values()).as("finals per window").containsOnly(1);
        assertThat(data.expectedFinals.size()).isGreaterThan(2_000);
        assertThat(data.swapped).as("out-of-order pairs in the input").isGreaterThan(500);
        for (Map.Entry<String, Dataset.Sums> e : data.expectedFinals.entrySet()) {
            JsonNode n = finals.get(e.getKey());
            assertRecord(e.getKey(), n, e.getValue());
            assertThat(n.get("final").asBoolean()).isTrue();
            String campaignId = e.getKey().substring(e.getKey().indexOf('|') + 1, e.getKey().indexOf('@'));
            Dataset.Campaign c = data.campaign(campaignId);
            assertThat(n.get("currency").asText()).isEqualTo(c.currency());
            assertThat(n.get("pricingModel").asText()).isEqualTo(c.model());
            assertThat(n.get("channel").asText()).isEqualTo(c.channel());
            assertThat(n.get("windowStart").asText() + "")
                    .isEqualTo(e.getKey().substring(e.getKey().indexOf('@') + 1));
        }
        for (Map.Entry<String, Dataset.Sums> e : data.expectedTotals.entrySet()) {
            assertRecord(e.getKey(), totals.get(e.getKey()), e.getValue());
        }
    }

    private static boolean totalsMatch(Map<String, JsonNode> totals, Dataset data) {
        for (Map.Entry<String, Dataset.Sums> e : data.expectedTotals.entrySet()) {
            JsonNode n = totals.get(e.getKey());
            long events = 0;
            for (long c : e.getValue().counts) {
                events += c;
            }
            if (n == null || n.get("impressions").asLong() + n.get("clicks").asLong() + n.get("leads").asLong()
                    + n.get("sales").asLong() != events) {
                return false;
            }
        }
        return true;
    }

    private static void assertRecord(String key, JsonNode n, Dataset.Sums s) {
        assertThat(n).as(key).isNotNull();
        for (Map.Entry<String, Object> f : Dataset.expectedFields(s).entrySet()) {
            JsonNode v = n.get(f.getKey());
            Object want = f.getValue();
            if (want == null) {
                assertThat(v.isNull()).as(key + " " + f.getKey()).isTrue();
            } else if (want instanceof BigDecimal d) {
                assertThat(v.decimalValue()).as(key + " " + f.getKey()).isEqualByComparingTo(d);
            } else if (want instanceof Double d) {
                assertThat(v.doubleValue()).as(key + " " + f.getKey()).isEqualTo(d);
            } else {
                assertThat(v.asLong()).as(key + " " + f.getKey()).isEqualTo(want);
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
    }

    private static JsonNode read(byte[] value) {
        try {
            return EXACT.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KafkaConsumer<String, byte[]> committedReader(EmbeddedKafka broker) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "catch-up-it-reader");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void produce(Settings s, Dataset data) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (Dataset.Campaign c : data.campaigns) {
                producer.send(new ProducerRecord<>(s.topics().campaigns(), c.id(), c.json()));
            }
            producer.flush();
            List<String> topics = s.topics().events();
            for (int k = 0; k < 4; k++) {
                for (int part = 0; part < PARTITIONS; part++) {
                    for (Dataset.Event e : data.byPartition.get(k).get(part)) {
                        producer.send(new ProducerRecord<>(topics.get(k), part, "user-" + e.id(), e.json()));
                    }
                }
            }
            // One event two days past the data on one partition; once the others are read and idle,
            // it lets every data window close.
            Instant clock = Dataset.START.plus(Duration.ofDays(2));
            producer.send(new ProducerRecord<>(topics.get(0), 0, "clock", new Dataset.Event(0, "clock", "zz-clock",
                    clock.toEpochMilli(), null, null).json()));
        }
    }

}
