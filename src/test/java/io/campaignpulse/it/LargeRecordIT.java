package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campaignpulse.config.Settings;
import io.campaignpulse.runtime.EmbeddedKafka;
import io.campaignpulse.runtime.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Values near and over {@code event.max.bytes} keep their bytes on the late and dead-letter topics. */
@ExtendWith(KafkaBroker.class)
class LargeRecordIT {

    private static byte[] impression(String id, String time, int padding) {
        return ("{\"eventId\":\"" + id + "\",\"campaignId\":\"big\",\"timestamp\":\"" + time + "\",\"note\":\""
                + "x".repeat(padding) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCopyALargeLateEventAndDeadLetterAnOversizedOne(EmbeddedKafka broker, @TempDir Path tmp)
            throws Exception {
        Settings s = CatchUpIT.settings(broker, "large", tmp);
        CatchUpIT.createTopics(s);
        // Exactly event.max.bytes: the largest accepted value; with key, header and batch overhead it is over
        // the broker's default 1 MiB record limit, so the late topic must have been created to take it.
        int base = impression("late", "2025-03-10T10:00:30Z", 0).length;
        byte[] late = impression("late", "2025-03-10T10:00:30Z", s.eventMaxBytes() - base);
        assertThat(late).hasSize(s.eventMaxBytes());
        byte[] oversized = impression("huge", "2025-03-10T10:00:31Z", 1_500_000);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 10 * 1024 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // One at a time, so the order on the partition is exactly the order written here.
            String topic = s.topics().impressions();
            producer.send(new ProducerRecord<>(topic, 0, "a".getBytes(), impression("first", "2025-03-10T10:00:10Z", 0)))
                    .get();
            producer.send(new ProducerRecord<>(topic, 0, "b".getBytes(), impression("ahead", "2025-03-10T11:00:00Z", 0)))
                    .get();
            producer.send(new ProducerRecord<>(topic, 0, "c".getBytes(), late)).get();
            producer.send(new ProducerRecord<>(topic, 0, "d".getBytes(), oversized)).get();
        }
        List<ConsumerRecord<String, byte[]>> lateOut = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> dlqOut = new ArrayList<>();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "large-reader");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (Service service = Service.start(s);
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(s.topics().late(), s.topics().dlq()));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r ->
                        (r.topic().equals(s.topics().late()) ? lateOut : dlqOut).add(r));
                return !lateOut.isEmpty() && !dlqOut.isEmpty();
            });
            assertThat(service.pipeline().failed()).as("the pipeline keeps running").isFalse();
        }
        assertThat(lateOut).hasSize(1);
        assertThat(lateOut.get(0).key()).isEqualTo("c");
        assertThat(lateOut.get(0).value()).isEqualTo(late);
        assertThat(new String(lateOut.get(0).headers().lastHeader("late.windows").value())).isEqualTo("1m");
        assertThat(dlqOut).hasSize(1);
        assertThat(dlqOut.get(0).key()).isEqualTo("d");
        assertThat(dlqOut.get(0).value()).isEqualTo(oversized);
        assertThat(new String(dlqOut.get(0).headers().lastHeader("error.reason").value())).isEqualTo("TOO_LARGE");
        assertThat(Map.of("source.topic", s.topics().impressions(), "source.offset", "3")).allSatisfy((k, v) ->
                assertThat(new String(dlqOut.get(0).headers().lastHeader(k).value())).isEqualTo(v));
    }
}
