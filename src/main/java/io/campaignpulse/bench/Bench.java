package io.campaignpulse.bench;

import io.campaignpulse.config.Settings;
import io.campaignpulse.runtime.EmbeddedKafka;
import io.campaignpulse.runtime.Pipeline;
import io.campaignpulse.runtime.TopicSetup;
import io.campaignpulse.simulate.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The benchmark: preloads the simulator's traffic, then measures on the same broker and data
 * (a) a plain consumer, (b) the baseline DSL job and (c) campaign-pulse, each from start until all
 * input is consumed and committed, then campaign-pulse's event-to-KPI latency at a fixed rate.
 */
public final class Bench {
    /** How big a run is; {@code work} holds the broker's and the jobs' state. */
    public record Options(long events, double rateFraction, Duration latency, Path work, Duration timeout,
            int instances, List<String> childArgs, boolean skipBaseline, Duration span) {
    }

    private final Settings s;
    private final Options o;
    private final PrintWriter log;

    public Bench(Settings settings, Options options, PrintWriter log) {
        this.s = settings;
        this.o = options;
        this.log = log;
    }

    public BenchReport run() throws Exception {
        EmbeddedKafka broker = s.embedded() ? EmbeddedKafka.start(o.work().resolve("kafka"), 0) : null;
        Settings settings = broker == null ? s : s.withBootstrapServers(broker.bootstrapServers());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers())); MemorySampler memory = new MemorySampler()) {
            TopicSetup.ensure(admin, settings);
            String started = Instant.now().toString();
            memory.reset();
            long t0 = System.nanoTime();
            long preloaded = preload(settings);
            BenchReport.Phase preload = phase(preloaded, t0, memory);
            Map<TopicPartition, Long> ends = Progress.endOffsets(admin, settings.topics().events());
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            log.printf("preloaded %,d events in %.1f s%n", total, preload.seconds());
            log.flush();

            BenchReport.Phase plain = plainConsumer(settings, ends, memory);
            log.printf("(a) plain consumer: %,.0f events/s%n", plain.perSecond());
            log.flush();
            BenchReport.Phase baseline = new BenchReport.Phase(0, 0, 0, 0);
            if (!o.skipBaseline()) {
                baseline = baseline(settings, admin, ends, total, memory);
                log.printf("(b) baseline DSL job: %,.0f events/s%n", baseline.perSecond());
                log.flush();
            }

            memory.reset();
            long t1 = System.nanoTime();
            try (Pipeline pipeline = Pipeline.start(settings)) {
                try (Timeline timeline = new Timeline(log, admin, settings.applicationId(), ends, total)) {
                    awaitCommitted(admin, settings.applicationId(), ends, pipeline.streams());
                }
                BenchReport.Phase pulse = phase(total, t1, memory);
                log.printf("(c) campaign-pulse: %,.0f events/s%n", pulse.perSecond());
                log.flush();
                double rate = Math.max(1, pulse.perSecond() * o.rateFraction());
                BenchReport.Latency latency = BenchReport.Latency.of(rate, LatencyProbe.run(settings, rate,
                        o.latency()));
                logThreadMetrics(pipeline);
                long stateBytes = size(settings.stateDir());
                pipeline.close();
                BenchReport.Phase scaled = null;
                if (o.instances() > 1) {
                    scaled = ScaleOutPhase.run(settings, o.childArgs(), o.instances(), o.work(), admin, ends, total,
                            o.timeout());
                    log.printf("(d) campaign-pulse x%d: %,.0f events/s%n", o.instances(), scaled.perSecond());
                    log.flush();
                }
                return new BenchReport(settings.kafka().get("processing.guarantee"), total,
                        settings.simulation().campaigns(), settings.topicsPartitions(),
                        Runtime.getRuntime().availableProcessors(), preload, plain, baseline, pulse, o.instances(),
                        scaled, latency, stateBytes, started);
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static BenchReport.Phase phase(long events, long startNanos, MemorySampler memory) {
        return new BenchReport.Phase(events, (System.nanoTime() - startNanos) / 1e9, memory.peakHeap(),
                memory.peakRss());
    }

    private long preload(Settings settings) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            Simulator sim = new Simulator(settings);
            long span = o.span().toMillis();
            long first = System.currentTimeMillis() - span - Duration.ofMinutes(1).toMillis();
            java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
            org.apache.kafka.clients.producer.Callback count = (md, e) -> {
                if (e != null && failed.getAndIncrement() == 0) {
                    log.printf("preload: the broker refused a record: %s%n", e);
                }
            };
            // Impressions are spaced span / events apart, so with their follow-ups the events stay
            // within the span and end before now.
            long produced = sim.preload(new Simulator.Sink() {
                @Override
                public void send(String topic, String key, String value) {
                    producer.send(new ProducerRecord<>(topic, key, value), count);
                }

                @Override
                public void send(String topic, String key, String value, long time) {
                    producer.send(new ProducerRecord<>(topic, null, time, key, value), count);
                }
            }, producer::flush, o.events(), first, (double) span / o.events());
            if (failed.get() > 0) {
                log.printf("preload: %,d records refused; the phases measure the %,d on the broker%n", failed.get(),
                        produced - failed.get());
            }
            return produced;
        }
    }

    private BenchReport.Phase plainConsumer(Settings settings, Map<TopicPartition, Long> ends, MemorySampler memory) {
        memory.reset();
        long t = System.nanoTime();
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>(ends.keySet());
            c.assign(parts);
            c.seekToBeginning(parts);
            while (!parts.stream().allMatch(tp -> c.position(tp) >= ends.get(tp))) {
                read += c.poll(Duration.ofMillis(200)).count();
            }
        }
        return phase(read, t, memory);
    }

    private BenchReport.Phase baseline(Settings settings, Admin admin, Map<TopicPartition, Long> ends, long total,
            MemorySampler memory) throws Exception {
        // Kafka Streams defaults, plus the cluster's record sizes and the user's own kafka.* settings.
        Properties p = Pipeline.clientProperties(settings);
        p.putAll(settings.kafka());
        String app = settings.applicationId() + "-baseline";
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.STATE_DIR_CONFIG, o.work().resolve("baseline-state").toAbsolutePath().toString());
        String out = app + ".out";
        List<String> outputs = settings.windows().stream().map(w -> out + "." + w.name()).toList();
        admin.createTopics(outputs.stream().map(n -> new org.apache.kafka.clients.admin.NewTopic(n,
                settings.topicsPartitions(), settings.topicsReplication())).toList()).all().get();
        memory.reset();
        long t = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(BaselineJob.build(settings, out), p)) {
            streams.start();
            awaitCommitted(admin, app, ends, streams);
        }
        return phase(total, t, memory);
    }

    private void awaitCommitted(Admin admin, String group, Map<TopicPartition, Long> ends, KafkaStreams streams)
            throws InterruptedException {
        boolean done = Progress.await(() -> {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException(group + " stopped: " + streams.state());
            }
            try {
                return Progress.committed(admin, group, ends);
            } catch (InterruptedException | ExecutionException e) {
                return false;
            }
        }, o.timeout());
        if (!done) {
            throw new IllegalStateException(group + " did not consume the input within " + o.timeout());
        }
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** The stream threads' own timing (commit, poll, process), for reading a latency figure. */
    private void logThreadMetrics(Pipeline pipeline) {
        pipeline.streams().metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && (name.name().startsWith("commit-latency")
                    || name.name().startsWith("poll-latency") || name.name().startsWith("process-latency")
                    || name.name().equals("commit-rate") || name.name().equals("poll-rate")
                    || name.name().equals("process-rate") || name.name().startsWith("punctuate-latency")
                    || name.name().endsWith("-ratio")) || (name.group().equals("producer-metrics")
                    && (name.name().endsWith("-time-ns-total") || name.name().equals("request-latency-avg")
                    || name.name().equals("record-queue-time-avg") || name.name().equals("batch-size-avg")
                    || name.name().equals("records-per-request-avg") || name.name().equals("record-send-rate")
                    || name.name().equals("request-rate")))) {
                log.printf("  thread %s = %s%n", name.name(), metric.metricValue());
            }
        });
        log.flush();
    }

    /** Every 10 s of a catch-up: events consumed, heap in use and RSS, to see whether memory stays flat. */
    private static final class Timeline implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

        Timeline(PrintWriter log, Admin admin, String group, Map<TopicPartition, Long> ends, long total) {
            long start = System.nanoTime();
            timer.scheduleAtFixedRate(() -> {
                long done;
                try {
                    done = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()
                            .stream().filter(e -> ends.containsKey(e.getKey()) && e.getValue() != null)
                            .mapToLong(e -> e.getValue().offset()).sum();
                } catch (Exception e) {
                    done = -1;
                }
                long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                log.printf(java.util.Locale.ROOT, "  t=%4.0fs consumed %,d of %,d, heap in use %,d MiB, RSS %,d MiB%n",
                        (System.nanoTime() - start) / 1e9, done, total, heap >> 20, MemorySampler.rssBytes() >> 20);
                log.flush();
            }, 10, 10, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
