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
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Prometheus registry with JVM, process and Kafka Streams client metrics bound, lint-clean for
 * {@code promtool check metrics}: a gauge ending in {@code count} gets {@code current} appended
 * ({@code _count} is reserved for histograms and summaries), a meter without a description gets
 * one naming it, and the Kafka clients' timings kept in nanoseconds or milliseconds
 * ({@code io-time-ns-total}, {@code txn-commit-time-ns-total}, ...; also the JVM binder's
 * {@code process.cpu.time} in ns, next to {@code process_cpu_usage}) are left out, since Prometheus
 * wants seconds and a meter filter cannot rescale their values (they remain on JMX).
 */
public final class Metrics {
    /** Name segments that abbreviate a time unit. */
    private static final java.util.Set<String> ABBREVIATED_UNITS = java.util.Set.of("ns", "us", "ms");

    private Metrics() {
    }

    /** The lint-clean name of a meter (dot notation). */
    static String lintClean(String name, Meter.Type type) {
        if (type == Meter.Type.GAUGE && name.endsWith(".count")) {
            return name + ".current";
        }
        return name;
    }

    /** Whether a meter's name carries an abbreviated time unit (it is not exported). */
    static boolean abbreviatedUnit(String name) {
        for (String part : name.split("\\.")) {
            if (ABBREVIATED_UNITS.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** The filter that renames meters as {@link #lintClean} says and fills in missing descriptions. */
    static final MeterFilter LINT_CLEAN = new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
            boolean abbreviated = abbreviatedUnit(id.getName())
                    || id.getBaseUnit() != null && ABBREVIATED_UNITS.contains(id.getBaseUnit());
            return abbreviated ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
        }

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
