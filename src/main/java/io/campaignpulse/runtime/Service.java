package io.campaignpulse.runtime;

import io.campaignpulse.config.Settings;
import io.campaignpulse.http.HttpEndpoints;
import io.campaignpulse.metrics.Metrics;
import io.campaignpulse.metrics.PipelineMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service, as {@code run} starts it: the embedded broker when
 * {@code bootstrap.servers} is empty, the pipeline, and the HTTP endpoints.
 */
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

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
        try {
            PrometheusMeterRegistry registry = Metrics.registry();
            pipeline = Pipeline.start(s, new PipelineMetrics(registry, s.operations().campaignLabels(),
                    s.operations().campaignMax()).preregister(s.topics().events(), s.topics().campaigns(),
                    s.windows().stream().map(w -> w.name()).toList()));
            Pipeline p = pipeline;
            Gauge.builder("campaign.pulse.streams.running", p, x -> x.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                    .description("1 while the Kafka Streams client is RUNNING, else 0").register(registry);
            Gauge.builder("campaign.pulse.consumer.lag", p, Pipeline::lagRecords).baseUnit("records")
                    .description("Records not yet read on the partitions this instance consumes").register(registry);
            KafkaStreamsMetrics streamsMetrics = Metrics.bind(registry, p.streams());
            HttpEndpoints http = HttpEndpoints.start(s.httpBind(), s.httpPort(), s.httpToken(), registry, () -> !p.failed(),
                    () -> p.state() == KafkaStreams.State.RUNNING);
            LOG.info("campaign-pulse started: Kafka at {}, HTTP on {}:{}{}", s.bootstrapServers(), s.httpBind(),
                    http.port(), s.httpToken().isEmpty() ? "" : " (/api needs the token)");
            if (s.growth().recommendWindow() == null) {
                LOG.warn("No budget-shift recommendations: recommend.window is its default 1d, which 'windows' ({}) "
                        + "does not list; set recommend.window to one of them", s.windows().stream()
                        .map(io.campaignpulse.config.WindowSize::name).toList());
            }
            return new Service(s, broker, pipeline, http, streamsMetrics);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (pipeline != null) {
                pipeline.close();
            }
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
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
