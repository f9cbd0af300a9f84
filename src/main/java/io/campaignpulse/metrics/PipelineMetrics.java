package io.campaignpulse.metrics;

import io.campaignpulse.events.Reason;
import io.campaignpulse.topology.PipelineCounters;
import io.micrometer.core.instrument.Counter;
import io.campaignpulse.kpi.Totals;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's record counters as Micrometer counters (Prometheus names end in {@code _total}).
 * Tags are bounded: topic names from the settings, the contract's reason codes, window sizes.
 * Per-event counters are looked up by one map access without building a key.
 */
public final class PipelineMetrics implements PipelineCounters {
    private final MeterRegistry registry;
    private final Map<String, Counter> read = new ConcurrentHashMap<>();
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
    private final Map<String, Counter> duplicate = new ConcurrentHashMap<>();
    private final Map<String, Counter> late = new ConcurrentHashMap<>();
    private final Map<String, Counter> invalid = new ConcurrentHashMap<>();
    private final Map<String, Counter> written = new ConcurrentHashMap<>();
    private final Timer eventTimeLag;
    private final Timer finalDelay;
    private final BusinessMetrics business;

    /** Counters and histograms only; no per-campaign business metrics. */
    public PipelineMetrics(MeterRegistry registry) {
        this(registry, false, 0);
    }

    public PipelineMetrics(MeterRegistry registry, boolean campaignLabels, int campaignMax) {
        this.registry = registry;
        this.eventTimeLag = Timer.builder("campaign.pulse.event.time.lag")
                .description("Wall clock minus event time when an accepted event reaches aggregation (at most one "
                        + "emit.interval before its KPI records are written)")
                .serviceLevelObjectives(BUCKETS).register(registry);
        this.finalDelay = Timer.builder("campaign.pulse.final.delay")
                .description("Wall clock minus window end when a window's final record is written")
                .serviceLevelObjectives(BUCKETS).register(registry);
        this.business = new BusinessMetrics(registry, campaignLabels, campaignMax);
    }

    private static final Duration[] BUCKETS = Stream.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0,
            300.0, 600.0, 900.0, 1800.0, 3600.0).map(s -> Duration.ofMillis((long) (s * 1000))).toArray(Duration[]::new);

    private Counter counter(Map<String, Counter> cache, String key, String name, String description,
            String... tags) {
        Counter c = cache.get(key);
        return c != null ? c : cache.computeIfAbsent(key, k -> Counter.builder(name).description(description)
                .tags(tags).register(registry));
    }

    @Override
    public void read(String topic) {
        counter(read, topic, "campaign.pulse.events.read", "Records read from an event topic", "topic", topic)
                .increment();
    }

    @Override
    public void invalid(String topic, Reason reason) {
        counter(invalid, topic + '|' + reason, "campaign.pulse.records.invalid",
                "Input records sent to the dead-letter topic, by reason", "topic", topic, "reason", reason.name())
                .increment();
    }

    @Override
    public void duplicate(String topic) {
        counter(duplicate, topic, "campaign.pulse.events.duplicate",
                "Events ignored because their eventId was already accepted", "topic", topic).increment();
    }

    @Override
    public void accepted(String topic) {
        counter(accepted, topic, "campaign.pulse.events.accepted",
                "Valid first-seen events, counted in the lifetime KPIs", "topic", topic).increment();
    }

    @Override
    public void written(String topic) {
        counter(written, topic, "campaign.pulse.records.written", "Records written to an output topic", "topic",
                topic).increment();
    }

    @Override
    public void eventTimeLag(long millis) {
        eventTimeLag.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void finalDelay(long millis) {
        finalDelay.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    @Override
    public void window(Scope scope, int task, String id, String currency, String window, long start, Totals totals) {
        business.window(scope, task, id, currency, window, start, totals);
    }

    @Override
    public void released(Scope scope, int task) {
        business.released(scope, task);
    }

    @Override
    public void late(String window) {
        counter(late, window, "campaign.pulse.events.late",
                "Events excluded from a closed window and copied to the late topic", "window", window).increment();
    }
}
