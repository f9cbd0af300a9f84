package io.campaignpulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What one benchmark run measured; printed as a table and written as JSON. */
public record BenchReport(String guarantee, long events, int campaigns, int partitions, int cores,
        Phase preload, Phase plainConsumer, Phase baseline, Phase campaignPulse, int instances, Phase scaleOut,
        Latency latency, long stateDirBytes, String startedAt) {

    /** One catch-up: events, seconds, and memory peaks during it. */
    public record Phase(long events, double seconds, long peakHeapBytes, long peakRssBytes) {
        public double perSecond() {
            return seconds <= 0 ? 0 : events / seconds;
        }
    }

    /** Event-to-KPI latency at a fixed rate. */
    public record Latency(double rate, int samples, double p50Ms, double p99Ms, double maxMs) {
        static Latency of(double rate, List<Double> sorted) {
            if (sorted.isEmpty()) {
                return new Latency(rate, 0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Latency(rate, sorted.size(), pct(sorted, 0.50), pct(sorted, 0.99), sorted.get(sorted.size() - 1));
        }

        private static double pct(List<Double> sorted, double q) {
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        }
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "campaign-pulse bench: %,d events, %,d campaigns, %d partitions, %s, %d cores%n",
                events, campaigns, partitions, guarantee, cores));
        b.append(String.format(Locale.ROOT, "%-22s %12s %10s %12s %10s %10s %12s %12s%n", "phase", "events/s",
                "seconds", "per core/s", "vs (a)", "vs (b)", "peak heap", "peak RSS"));
        row(b, "preload (producer)", preload);
        row(b, "(a) plain consumer", plainConsumer);
        row(b, "(b) baseline DSL job", baseline);
        row(b, "(c) campaign-pulse", campaignPulse);
        if (scaleOut != null) {
            row(b, "(d) campaign-pulse x" + instances, scaleOut);
        }
        b.append(String.format(Locale.ROOT, "latency at %,.0f events/s: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d samples)%n",
                latency.rate(), latency.p50Ms(), latency.p99Ms(), latency.maxMs(), latency.samples()));
        b.append(String.format(Locale.ROOT, "campaign-pulse state directory: %.1f MiB%n", stateDirBytes / 1048576.0));
        return b.toString();
    }

    private void row(StringBuilder b, String name, Phase p) {
        if (p.events() == 0) {
            b.append(String.format(Locale.ROOT, "%-22s %12s%n", name, "skipped"));
            return;
        }
        b.append(String.format(Locale.ROOT, "%-22s %,12.0f %10.1f %,12.0f %10.3f %10s %12s %9.0f MiB%n", name,
                p.perSecond(), p.seconds(), p.perSecond() / cores, ratio(p, plainConsumer),
                baseline.events() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ratio(p, baseline)),
                p.peakHeapBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.0f MiB", p.peakHeapBytes() / 1048576.0),
                p.peakRssBytes() / 1048576.0));
    }

    private static double ratio(Phase p, Phase to) {
        return to.perSecond() == 0 ? 0 : p.perSecond() / to.perSecond();
    }

    public Path writeJson(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("bench-" + campaigns + "-campaigns-" + guarantee + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        return file;
    }
}
