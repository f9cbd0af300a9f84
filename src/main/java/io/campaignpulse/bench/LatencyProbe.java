package io.campaignpulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.Settings;
import io.campaignpulse.simulate.Producers;
import io.campaignpulse.simulate.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Event-to-KPI latency at a fixed input rate: the simulator's traffic at {@code rate} events/s,
 * plus a tracer campaign whose impressions are sent every 10 ms. A read_committed consumer of the
 * lifetime topic sees the tracer's impression count grow; the n-th tracer event's latency is the
 * time from just before its send to the first committed record counting at least n.
 */
final class LatencyProbe {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LatencyProbe.class);
    static final String TRACER = "bench-tracer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyProbe() {
    }

    /** Returns the latencies in milliseconds, sorted. */
    static List<Double> run(Settings s, double rate, Duration length) throws InterruptedException {
        Settings live = s.withSimulation(new Settings.Simulation(s.simulation().campaigns(), rate,
                s.simulation().seed() + 1, (long) (rate * length.toSeconds())));
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> sentNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Double> latencies = new ArrayList<>();
        try (Producer<String, String> traffic = Producers.create(s.bootstrapServers());
                Producer<String, String> tracer = Producers.create(s.bootstrapServers());
                KafkaConsumer<String, String> reader = reader(s)) {
            reader.subscribe(List.of(s.topics().campaignTotal()));
            reader.poll(Duration.ofMillis(500));
            Thread load = new Thread(() -> new Simulator(live).run(traffic, stop::get), "bench-load");
            Thread tracing = new Thread(() -> {
                long n = 0;
                while (!stop.get()) {
                    String json = "{\"eventId\":\"tracer-" + n + "\",\"type\":\"impression\",\"campaignId\":\""
                            + TRACER + "\",\"timestamp\":\"" + Instant.now() + "\"}";
                    sentNanos.add(System.nanoTime());
                    tracer.send(new ProducerRecord<>(s.topics().impressions(), TRACER, json));
                    n++;
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-tracer");
            load.start();
            tracing.start();
            long end = System.nanoTime() + length.toNanos();
            long seen = 0;
            while (System.nanoTime() < end + Duration.ofSeconds(10).toNanos()) {
                if (System.nanoTime() >= end) {
                    stop.set(true);
                }
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(20))) {
                    if (!TRACER.equals(r.key())) {
                        continue;
                    }
                    long count = impressions(r.value());
                    long now = System.nanoTime();
                    while (seen < count && seen < sentNanos.size()) {
                        latencies.add((now - sentNanos.get((int) seen)) / 1e6);
                        seen++;
                    }
                }
                if (stop.get() && seen >= sentNanos.size()) {
                    break;
                }
            }
            stop.set(true);
            load.join();
            tracing.join();
        }
        if (!latencies.isEmpty()) {
            // In send order: a rising series means the pipeline fell behind the input rate.
            int n = latencies.size();
            LOG.info("latency by tenth of the run (ms): {}", java.util.stream.IntStream.range(0, 10)
                    .mapToObj(i -> String.format(java.util.Locale.ROOT, "%.0f", latencies.subList(i * n / 10,
                            Math.max(i * n / 10 + 1, (i + 1) * n / 10)).stream().mapToDouble(Double::doubleValue)
                            .average().orElse(0))).toList());
        }
        latencies.sort(Double::compare);
        return latencies;
    }

    private static long impressions(String json) {
        try {
            return JSON.readTree(json).get("impressions").asLong();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static KafkaConsumer<String, String> reader(Settings s) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, s.applicationId() + "-latency-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer());
    }
}
