package io.campaignpulse.metrics;

import io.campaignpulse.events.Reason;
import io.campaignpulse.topology.PipelineCounters;
import io.micrometer.core.instrument.Counter;
import io.campaignpulse.kpi.AudienceCounts;
import io.campaignpulse.kpi.Totals;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
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
    private static final String READ = "campaign.pulse.events.read";
    private static final String READ_HELP = "Records read from an event topic";
    private static final String ACCEPTED = "campaign.pulse.events.accepted";
    private static final String ACCEPTED_HELP = "Valid first-seen events, counted in the lifetime KPIs";
    private static final String DUPLICATE = "campaign.pulse.events.duplicate";
    private static final String DUPLICATE_HELP = "Events ignored because their eventId was already accepted";
    private static final String INVALID = "campaign.pulse.records.invalid";
    private static final String INVALID_HELP = "Input records sent to the dead-letter topic, by reason";
    private static final String LATE = "campaign.pulse.events.late";
    private static final String LATE_HELP = "Events excluded from a closed window and copied to the late topic";

    private static final String ORGANIC = "campaign.pulse.conversions.organic";
    private static final String ORGANIC_HELP = "Accepted leads and sales that no click explains (channel organic)";

    private final MeterRegistry registry;
    private final Map<String, Counter> organic = new ConcurrentHashMap<>();
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
                        + "commit interval before its KPI records are written)")
                .serviceLevelObjectives(BUCKETS).register(registry);
        this.finalDelay = Timer.builder("campaign.pulse.final.delay")
                .description("Wall clock minus window end when a window's final record is written")
                .serviceLevelObjectives(BUCKETS).register(registry);
        this.business = new BusinessMetrics(registry, campaignLabels, campaignMax);
    }

    private static final Duration[] BUCKETS = Stream.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0,
            300.0, 600.0, 900.0, 1800.0, 3600.0).map(s -> Duration.ofMillis((long) (s * 1000))).toArray(Duration[]::new);

    /**
     * Creates every counter at zero for the known label values, so that rates and alert rules see
     * a series before the first event of its kind.
     */
    public PipelineMetrics preregister(List<String> eventTopics, String campaignsTopic, List<String> windows) {
        for (String topic : eventTopics) {
            read(topic, 0);
            counter(accepted, topic, ACCEPTED, ACCEPTED_HELP, "topic", topic);
            counter(duplicate, topic, DUPLICATE, DUPLICATE_HELP, "topic", topic);
        }
        for (String topic : eventTopics.subList(Math.min(2, eventTopics.size()), eventTopics.size())) { // leads, sales
            counter(organic, topic, ORGANIC, ORGANIC_HELP, "topic", topic);
        }
        List<String> all = new java.util.ArrayList<>(eventTopics);
        all.add(campaignsTopic);
        for (String topic : all) {
            for (Reason reason : Reason.values()) {
                counter(invalid, topic + '|' + reason, INVALID, INVALID_HELP, "topic", topic, "reason", reason.name());
            }
        }
        for (String window : windows) {
            counter(late, window, LATE, LATE_HELP, "window", window);
        }
        return this;
    }

    private void read(String topic, double amount) {
        counter(read, topic, READ, READ_HELP, "topic", topic).increment(amount);
    }

    private Counter counter(Map<String, Counter> cache, String key, String name, String description,
            String... tags) {
        Counter c = cache.get(key);
        return c != null ? c : cache.computeIfAbsent(key, k -> Counter.builder(name).description(description)
                .tags(tags).register(registry));
    }

    @Override
    public void read(String topic) {
        read(topic, 1);
    }

    @Override
    public void invalid(String topic, Reason reason) {
        counter(invalid, topic + '|' + reason, INVALID, INVALID_HELP, "topic", topic, "reason", reason.name())
                .increment();
    }

    @Override
    public void duplicate(String topic) {
        counter(duplicate, topic, DUPLICATE, DUPLICATE_HELP, "topic", topic).increment();
    }

    @Override
    public void organic(String topic) {
        counter(organic, topic, ORGANIC, ORGANIC_HELP, "topic", topic).increment();
    }

    @Override
    public void accepted(String topic) {
        counter(accepted, topic, ACCEPTED, ACCEPTED_HELP, "topic", topic).increment();
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
    public void window(Scope scope, int task, String id, String currency, String window, long start, Totals totals,
            AudienceCounts audience) {
        business.window(scope, task, id, currency, window, start, totals, audience);
    }

    @Override
    public void experiment(int task, io.campaignpulse.kpi.ExperimentReport report) {
        business.experiment(task, report);
    }

    @Override
    public void released(Scope scope, int task) {
        business.released(scope, task);
    }

    @Override
    public void late(String window) {
        counter(late, window, LATE, LATE_HELP, "window", window).increment();
    }
}
