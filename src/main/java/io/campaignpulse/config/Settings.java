package io.campaignpulse.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the service, immutable and validated. Built only by {@link SettingsLoader}.
 * Kafka client and Streams settings pass through in {@link #kafka()} without their
 * {@code kafka.} prefix.
 */
public record Settings(
        String bootstrapServers,
        String applicationId,
        List<WindowSize> windows,
        Duration windowGrace,
        Duration watermarkIdle,
        Duration dedupWindow,
        Duration maxFutureSkew,
        int eventMaxBytes,
        String currencyDefault,
        int reachLgK,
        int topicsPartitions,
        short topicsReplication,
        int httpPort,
        String httpBind,
        String httpToken,
        Topics topics,
        Duration emitInterval,
        Path stateDir,
        Path embeddedDir,
        int embeddedPort,
        Simulation simulation,
        Operations operations,
        Growth growth,
        Map<String, String> kafka) {

    /** Topic names; {@code kpiCampaign} and {@code kpiChannel} are prefixes. */
    public record Topics(String impressions, String clicks, String leads, String sales, String campaigns,
            String dlq, String late, String kpiCampaign, String kpiChannel, String alerts, String experiment,
            String recommendations) {

        /** The four event topics, in {@link io.campaignpulse.kpi.EventKind} order. */
        public List<String> events() {
            return List.of(impressions, clicks, leads, sales);
        }

        public String campaignWindow(WindowSize w) {
            return kpiCampaign + "." + w.name();
        }

        public String campaignFinal(WindowSize w) {
            return kpiCampaign + "." + w.name() + ".final";
        }

        public String campaignTotal() {
            return kpiCampaign + ".total";
        }

        public String channelWindow(WindowSize w) {
            return kpiChannel + "." + w.name();
        }

        public String channelFinal(WindowSize w) {
            return kpiChannel + "." + w.name() + ".final";
        }

        public String channelTotal() {
            return kpiChannel + ".total";
        }
    }

    /** The traffic simulator's knobs. */
    public record Simulation(int campaigns, double eventsPerSecond, long seed, long maxEvents) {
    }

    /**
     * Metrics and alerts: per-campaign metric labels (off by default, capped at
     * {@code campaignMax} campaigns by spend) and the minimum sales for a CPA alert; the RocksDB
     * budget; {@code instanceId}, this instance's stable name in the consumer group (static
     * membership), empty to let the state directory remember a generated one.
     */
    public record Operations(boolean campaignLabels, int campaignMax, int alertsMinSales, int rocksdbMemoryMb,
            String instanceId) {
    }

    /**
     * Experiments, budget-shift recommendations and late revisions (CONTRACT sections 13-15).
     * {@code recommendStep} is exact; {@code recommendWindow} is one of {@link #windows}, or null
     * when the default {@code 1d} is not among them (then no recommendations are made).
     */
    public record Growth(double experimentsAlpha, double experimentsTau, int experimentsMinTrials,
            WindowSize recommendWindow, int recommendMinSales, java.math.BigDecimal recommendStep,
            boolean lateRevisions, Duration windowRetention, Duration attributionLookback,
            Duration customersLookback, Duration progressInterval) {
    }

    /** True when no cluster is given and the embedded broker must be started. */
    public boolean embedded() {
        return bootstrapServers.isBlank();
    }

    /** Off-heap budget of all RocksDB stores of the process (block cache and memtables), in MiB. */
    public int rocksdbMemoryMb() {
        return operations.rocksdbMemoryMb();
    }

    /** A copy with other simulator knobs. */
    public Settings withSimulation(Simulation other) {
        return new Settings(bootstrapServers, applicationId, windows, windowGrace, watermarkIdle, dedupWindow,
                maxFutureSkew, eventMaxBytes, currencyDefault, reachLgK, topicsPartitions, topicsReplication, httpPort, httpBind,
                httpToken, topics, emitInterval, stateDir, embeddedDir, embeddedPort, other, operations, growth, kafka);
    }

    /** A copy pointing at the given cluster (used once the embedded broker listens). */
    public Settings withBootstrapServers(String servers) {
        return new Settings(servers, applicationId, windows, windowGrace, watermarkIdle, dedupWindow, maxFutureSkew,
                eventMaxBytes, currencyDefault, reachLgK, topicsPartitions, topicsReplication, httpPort, httpBind,
                httpToken, topics, emitInterval, stateDir, embeddedDir, embeddedPort, simulation, operations, growth, kafka);
    }
}
