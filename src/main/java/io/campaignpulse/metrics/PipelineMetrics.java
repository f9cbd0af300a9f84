package io.campaignpulse.metrics;

import io.campaignpulse.events.Reason;
import io.campaignpulse.topology.PipelineCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's record counters as Micrometer counters (Prometheus names end in {@code _total}).
 * Tags are bounded: topic names from the settings, the contract's reason codes, window sizes.
 */
public final class PipelineMetrics implements PipelineCounters {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join("|", tags);
        Counter c = counters.get(key);
        if (c == null) {
            c = counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags)
                    .register(registry));
        }
        return c;
    }

    @Override
    public void read(String topic) {
        counter("campaign.pulse.events.read", "Records read from an event topic", "topic", topic).increment();
    }

    @Override
    public void invalid(String topic, Reason reason) {
        counter("campaign.pulse.records.invalid", "Input records sent to the dead-letter topic, by reason",
                "topic", topic, "reason", reason.name()).increment();
    }

    @Override
    public void duplicate(String topic) {
        counter("campaign.pulse.events.duplicate", "Events ignored because their eventId was already accepted",
                "topic", topic).increment();
    }

    @Override
    public void accepted(String topic) {
        counter("campaign.pulse.events.accepted", "Valid first-seen events, counted in the lifetime KPIs",
                "topic", topic).increment();
    }

    @Override
    public void late(String window) {
        counter("campaign.pulse.events.late", "Events excluded from a closed window and copied to the late topic",
                "window", window).increment();
    }
}
