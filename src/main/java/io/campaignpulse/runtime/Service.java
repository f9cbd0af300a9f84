package io.campaignpulse.runtime;

import io.campaignpulse.config.Settings;
import io.campaignpulse.http.HttpEndpoints;
import io.campaignpulse.metrics.Metrics;
import io.campaignpulse.metrics.PipelineMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.campaignpulse.http.QueryApi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service, as {@code run} starts it: the embedded broker when
 * {@code bootstrap.servers} is empty, the pipeline, and the HTTP endpoints.
 */
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    /** How long a listing waits for each other instance's part. */
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);

    private final Settings settings;
    private final EmbeddedKafka broker;
    private final Pipeline pipeline;
    private final HttpEndpoints http;
    private final KafkaStreamsMetrics streamsMetrics;

    private Service(Settings settings, EmbeddedKafka broker, Pipeline pipeline, HttpEndpoints http,
            KafkaStreamsMetrics streamsMetrics) {
        this.settings = settings;
        this.broker = broker;
        this.pipeline = pipeline;
        this.http = http;
        this.streamsMetrics = streamsMetrics;
    }

    /** Starts everything; on failure, closes what was started. */
    public static Service start(Settings given) throws IOException, InterruptedException {
        EmbeddedKafka broker = given.embedded() ? EmbeddedKafka.start(given.embeddedDir(), given.embeddedPort()) : null;
        Settings s = broker == null ? given : given.withBootstrapServers(broker.bootstrapServers());
        Pipeline pipeline = null;
        HttpEndpoints http = null;
        try {
            PrometheusMeterRegistry registry = Metrics.registry();
            AtomicReference<Pipeline> started = new AtomicReference<>();
            // HTTP first: with http.port 0 the port other instances reach this one at is known only now.
            http = HttpEndpoints.start(s.httpBind(), s.httpPort(), s.httpToken(), registry,
                    () -> started.get() == null || !started.get().failed(),
                    () -> started.get() != null && started.get().state() == KafkaStreams.State.RUNNING);
            pipeline = Pipeline.start(s, new PipelineMetrics(registry, s.operations().campaignLabels(),
                    s.operations().campaignMax()).preregister(s.topics().events(), s.topics().campaigns(),
                    s.windows().stream().map(w -> w.name()).toList()), advertised(s.httpBind(), http.port()));
            Pipeline p = pipeline;
            started.set(p);
            Gauge.builder("campaign.pulse.streams.running", p, x -> x.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                    .description("1 while the Kafka Streams client is RUNNING, else 0").register(registry);
            Gauge.builder("campaign.pulse.consumer.lag", p, Pipeline::lagRecords).baseUnit("records")
                    .description("Records not yet read on the partitions this instance consumes").register(registry);
            KafkaStreamsMetrics streamsMetrics = Metrics.bind(registry, p.streams());
            http.serve(new QueryApi(p.streams(), HostInfo.buildFromEndpoint(p.applicationServer()), s.windows(),
                    PEER_TIMEOUT));
            LOG.info("campaign-pulse started: Kafka at {}, HTTP on {}:{}{}, query API reachable by other instances "
                    + "at {}", s.bootstrapServers(), s.httpBind(), http.port(),
                    s.httpToken().isEmpty() ? "" : " (/api needs the token)", p.applicationServer());
            if (s.growth().recommendWindow() == null) {
                LOG.warn("No budget-shift recommendations: recommend.window is its default 1d, which 'windows' ({}) "
                        + "does not list; set recommend.window to one of them", s.windows().stream()
                        .map(io.campaignpulse.config.WindowSize::name).toList());
            }
            return new Service(s, broker, pipeline, http, streamsMetrics);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (pipeline != null) {
                pipeline.close();
            }
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    /**
     * Where other instances reach this one's HTTP port: the bind address, or this machine's host
     * name when it binds every interface ({@code kafka.application.server} overrides it).
     */
    static String advertised(String bind, int port) {
        String host = bind;
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + ":" + port;
    }

    /** The settings in force, with the embedded broker's address filled in. */
    public Settings settings() {
        return settings;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        streamsMetrics.close();
        pipeline.close();
        if (broker != null) {
            broker.close();
        }
    }
}
