package io.campaignpulse.cli;

import io.campaignpulse.bench.Bench;
import io.campaignpulse.bench.BenchReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code campaign-pulse bench}: the throughput, latency and memory benchmark (docs/PERFORMANCE.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure a plain consumer, a baseline Kafka Streams job and campaign-pulse on the same "
                + "preloaded traffic, then campaign-pulse's event-to-KPI latency at a fixed rate.")
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--events", defaultValue = "5000000", description = "Events to preload (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--campaigns", defaultValue = "1000", description = "Campaigns (default ${DEFAULT-VALUE}).")
    int campaigns;

    @Option(names = "--at-least-once", description = "Run (b) and (c) with at_least_once instead of exactly_once_v2.")
    boolean atLeastOnce;

    @Option(names = "--rate-fraction", defaultValue = "0.5",
            description = "Latency phase input rate as a share of (c)'s throughput (default ${DEFAULT-VALUE}).")
    double rateFraction;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "Length of the latency phase.")
    int latencySeconds;

    @Option(names = "--timeout-minutes", defaultValue = "30", description = "Give up a catch-up after this long.")
    int timeoutMinutes;

    @Option(names = "--instances", defaultValue = "3", description = "Phase (d): this many campaign-pulse "
            + "processes share the catch-up (default ${DEFAULT-VALUE}; 1 skips it).")
    int instances;

    @Option(names = "--skip-baseline", description = "Skip phase (b), for long memory runs of (c).")
    boolean skipBaseline;

    @Option(names = "--span", defaultValue = "PT2H", description = "Event-time span of the preloaded events, "
            + "ending a minute ago (default ${DEFAULT-VALUE}); longer than dedup.window lets ids expire.")
    Duration span;

    @Option(names = "--console-log", description = "Keep the log on the console instead of <out>/<run>/bench.log.")
    boolean consoleLog;

    @Option(names = "--out", defaultValue = "target/bench", description = "Where the JSON report and the run's "
            + "state go (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        String run = "bench-" + System.currentTimeMillis();
        Path work = out.resolve(run);
        List<String> extra = new ArrayList<>(List.of("application.id=campaign-pulse-" + run,
                "simulate.campaigns=" + campaigns, "state.dir=" + work.resolve("state"),
                "kafka.processing.guarantee=" + (atLeastOnce ? "at_least_once" : "exactly_once_v2")));
        for (String t : List.of("impressions", "clicks", "leads", "sales", "campaigns", "dlq", "late", "alerts",
                "kpi.campaign", "kpi.channel")) {
            extra.add("topic." + t + "=" + run + "." + t);
        }
        var settings = options.load(extra);
        java.nio.file.Files.createDirectories(work);
        if (!consoleLog) {
            LogToFile.redirect(work.resolve("bench.log"));
        }
        PrintWriter log = spec.commandLine().getOut();
        log.println("campaign-pulse bench " + run + " (log: " + work.resolve("bench.log") + ")");
        List<String> childArgs = new ArrayList<>();
        if (options.config != null) {
            childArgs.addAll(List.of("--config", options.config.toString()));
        }
        List<String> sets = new ArrayList<>(extra);
        sets.addAll(options.sets);
        for (String set : sets) {
            childArgs.addAll(List.of("--set", set));
        }
        BenchReport report = new Bench(settings, new Bench.Options(events, rateFraction,
                Duration.ofSeconds(latencySeconds), work, Duration.ofMinutes(timeoutMinutes), instances, childArgs,
                skipBaseline, span),
                log).run();
        log.println();
        log.print(report.table());
        log.println("report: " + report.writeJson(out));
        log.flush();
        return 0;
    }
}
