package io.campaignpulse.runtime;

import io.campaignpulse.config.Settings;
import io.campaignpulse.topology.CampaignPulseTopology;
import io.campaignpulse.topology.InputLayout;
import io.campaignpulse.topology.PipelineCounters;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@link KafkaStreams} client: creates missing topics, builds the topology for the real
 * input layout, starts it, surfaces the ERROR state and closes it with a timeout.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** How often the input end check runs: idle claims let windows close at most this much later. */
    static final long END_CHECK_MS = 500L;

    private final KafkaStreams streams;
    private final ScheduledExecutorService lagPoller;
    private final StreamsLag lag;
    private final String applicationServer;
    private final Admin admin;

    private Pipeline(KafkaStreams streams, ScheduledExecutorService lagPoller, StreamsLag lag,
            String applicationServer, Admin admin) {
        this.admin = admin;
        this.streams = streams;
        this.lagPoller = lagPoller;
        this.lag = lag;
        this.applicationServer = applicationServer;
    }

    /** The {@code host:port} other instances reach this one's query API at, or null without one. */
    public String applicationServer() {
        return applicationServer;
    }

    /** Records not yet read on the partitions this instance consumes (refreshed every second). */
    public double lagRecords() {
        return lag.total();
    }

    /**
     * Kafka Streams properties of the service: {@link #clientProperties}, plus tuning measured with
     * {@code bench} (docs/PERFORMANCE.md), then every {@code kafka.*} setting on top:
     * producer {@code compression.type=lz4} and {@code batch.size=256 KiB}: running records are
     * about 800 bytes of JSON each, written in bursts at every commit.
     *
     * <p>{@code max.task.idle.ms} must stay at Kafka's 0: with -1 an ingest task processes some of
     * its partitions before it has fetched the others, and a partition not yet fetched can be taken
     * for idle ({@code CrashIT} then sees tens of thousands of events marked late).
     */
    public static Properties streamsProperties(Settings s) {
        return streamsProperties(s, null);
    }

    /**
     * As {@link #streamsProperties(Settings)}, with {@code application.server} (where other
     * instances reach this one's query API) set to {@code applicationServer} unless
     * {@code kafka.application.server} is given.
     */
    public static Properties streamsProperties(Settings s, String applicationServer) {
        Properties p = clientProperties(s);
        if (applicationServer != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        // Static membership: a restart after a crash rejoins at once under the same name (Kafka Streams
        // adds the thread number), instead of waiting for session.timeout.ms.
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), InstanceId.of(s));
        p.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        p.put(StreamsConfig.producerPrefix("batch.size"), Integer.toString(256 * 1024));
        p.putAll(s.kafka());
        return p;
    }

    /** Kafka Streams properties any job on this cluster needs: ids, paths, record sizes, RocksDB budget. */
    public static Properties clientProperties(Settings s) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(s.topicsReplication()));
        // Dead letters, late copies and events travelling with their bytes can be as large as the largest
        // accepted value; internal topics and the producer must take them.
        p.put(StreamsConfig.producerPrefix("max.request.size"), Integer.toString(TopicSetup.MAX_RECORD_BYTES + 4096));
        p.put(StreamsConfig.topicPrefix("max.message.bytes"), Integer.toString(TopicSetup.MAX_RECORD_BYTES));
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        p.put(BoundedRocksDb.MEMORY_BYTES, Long.toString((long) s.rocksdbMemoryMb() << 20));
        return p;
    }

    /**
     * Properties of the service's own admin client (topic set-up): the cluster, and every
     * {@code kafka.*} setting an admin client knows (security protocol, SASL, SSL, timeouts), so it
     * reaches a secured cluster as the Streams client does.
     */
    public static Map<String, Object> adminProperties(Settings s) {
        Map<String, Object> p = new java.util.HashMap<>();
        s.kafka().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        return p;
    }

    /** Creates topics, then starts the pipeline; returns at once (poll {@link #state()}). */
    public static Pipeline start(Settings s) throws InterruptedException {
        return start(s, PipelineCounters.NONE);
    }

    /** Creates topics, then starts the pipeline counting into {@code counters}; returns at once. */
    public static Pipeline start(Settings s, PipelineCounters counters) throws InterruptedException {
        return start(s, counters, null);
    }

    /**
     * Creates topics, then starts the pipeline counting into {@code counters}, with the query API
     * reachable at {@code applicationServer} ({@code host:port}, or null); returns at once.
     */
    public static Pipeline start(Settings s, PipelineCounters counters, String applicationServer)
            throws InterruptedException {
        InputLayout layout;
        try (Admin admin = Admin.create(adminProperties(s))) {
            layout = TopicSetup.ensure(admin, s);
        }
        StreamsLag lag = new StreamsLag();
        Properties props = streamsProperties(s, applicationServer);
        KafkaStreams streams = new KafkaStreams(CampaignPulseTopology.build(s, layout, lag, counters), props);
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams state {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(Pipeline::onThreadFailure);
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "input-lag-poller");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleAtFixedRate(() -> lag.refresh(streams), 1, 1, TimeUnit.SECONDS);
        // Idle claims count only while their partition is committed to its end (see EndCheck).
        Admin admin = Admin.create(adminProperties(s));
        EndChecker ends = new EndChecker(admin, s.applicationId(), layout,
                !"at_least_once".equals(props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
        poller.scheduleWithFixedDelay(() -> lag.refreshEnds(ends), 0, END_CHECK_MS, TimeUnit.MILLISECONDS);
        streams.start();
        return new Pipeline(streams, poller, lag, props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG), admin);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** True once the client has failed or stopped. */
    public boolean failed() {
        KafkaStreams.State st = streams.state();
        return st == KafkaStreams.State.ERROR || st == KafkaStreams.State.NOT_RUNNING
                || st == KafkaStreams.State.PENDING_ERROR;
    }

    @Override
    public void close() {
        lagPoller.shutdownNow();
        admin.close(Duration.ofSeconds(5));
        // Leave the group on a clean stop, so a restarted or remaining instance takes the tasks over at
        // once instead of after session.timeout.ms.
        CloseOptions options = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30));
        if (!streams.close(options)) {
            LOG.warn("Kafka Streams did not close within 30 s (state {})", streams.state());
        } else {
            LOG.info("Kafka Streams closed (state {}), left the consumer group", streams.state());
        }
    }

    /**
     * A stream thread that stalled past {@code transaction.timeout.ms} (a long GC pause, a frozen
     * VM) finds its transaction aborted and its producer fenced by the coordinator: Kafka Streams
     * reports that as a fatal {@code InvalidTxnStateException} from the commit, not as a task
     * migration. Nothing of that transaction was committed, so the thread is replaced: the new one
     * fences the old producer, rejoins the group and redoes the work from the last commit. Any other
     * failure stops the client (the process exits, see {@code /health/live}).
     */
    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onThreadFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.apache.kafka.common.errors.InvalidTxnStateException
                    || c instanceof org.apache.kafka.common.errors.InvalidProducerEpochException
                    || c instanceof org.apache.kafka.common.errors.ProducerFencedException) {
                LOG.warn("Stream thread's transaction was aborted and its producer fenced by the transaction "
                        + "coordinator ({}); replacing the thread, which redoes the uncommitted work", c.toString());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        LOG.error("Stream thread failed; shutting the client down", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
}
