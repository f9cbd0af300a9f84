package io.campaignpulse.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Prometheus registry with JVM, process and Kafka Streams client metrics bound, and names made
 * lint-clean ({@code promtool check metrics}): meters from the Kafka clients and binders keep
 * their names except that abbreviated unit segments are spelt out ({@code ns} to
 * {@code nanoseconds}, {@code ms} to {@code milliseconds}), a gauge ending in {@code count} gets
 * {@code current} appended ({@code _count} is reserved for histograms and summaries), and a meter
 * without a description gets one naming it.
 */
public final class Metrics {
    private static final Map<String, String> UNITS = Map.of("ns", "nanoseconds", "us", "microseconds", "ms",
            "milliseconds", "sec", "seconds", "min", "minutes", "hr", "hours");

    private Metrics() {
    }

    /** The lint-clean name of a meter (dot notation). */
    static String lintClean(String name, Meter.Type type) {
        String[] parts = name.split("\\.");
        StringBuilder b = new StringBuilder(name.length() + 16);
        for (String part : parts) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(UNITS.getOrDefault(part, part));
        }
        if (type == Meter.Type.GAUGE && parts[parts.length - 1].equals("count")) {
            b.append(".current");
        }
        return b.toString();
    }

    /** The filter that renames meters as {@link #lintClean} says and fills in missing descriptions. */
    static final MeterFilter LINT_CLEAN = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            String name = lintClean(id.getName(), id.getType());
            String description = id.getDescription();
            if (name.equals(id.getName()) && description != null && !description.isBlank()) {
                return id;
            }
            if (description == null || description.isBlank()) {
                description = "Kafka client or JVM metric " + id.getName();
            }
            return new Meter.Id(name, Tags.of(id.getTags()), id.getBaseUnit(), description, id.getType());
        }
    };

    public static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        r.config().meterFilter(LINT_CLEAN);
        new JvmMemoryMetrics().bindTo(r);
        new JvmGcMetrics().bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new UptimeMetrics().bindTo(r);
        return r;
    }

    /** Binds the client's metrics; the binder follows metrics the client adds later. */
    public static KafkaStreamsMetrics bind(PrometheusMeterRegistry r, KafkaStreams streams) {
        KafkaStreamsMetrics m = new KafkaStreamsMetrics(streams);
        m.bindTo(r);
        return m;
    }
}
