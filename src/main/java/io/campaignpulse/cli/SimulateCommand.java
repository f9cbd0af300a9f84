package io.campaignpulse.cli;

import io.campaignpulse.config.SettingsException;
import io.campaignpulse.simulate.Producers;
import io.campaignpulse.simulate.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simulate}: realistic traffic into the input topics of the cluster at bootstrap.servers. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Write a campaign catalogue and realistic traffic to the input topics of a cluster.")
public final class SimulateCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Option(names = "--campaigns", description = "Number of campaigns (setting simulate.campaigns).")
    Integer campaigns;

    @Option(names = "--rate", description = "Events per second (setting simulate.rate).")
    Double rate;

    @Option(names = "--seed", description = "Random seed; the same seed gives the same traffic (simulate.seed).")
    Long seed;

    @Option(names = "--events", description = "Stop after this many events; 0 runs until Ctrl-C (simulate.events).")
    Long events;

    @Override
    public Integer call() {
        List<String> extra = new ArrayList<>();
        if (campaigns != null) {
            extra.add("simulate.campaigns=" + campaigns);
        }
        if (rate != null) {
            extra.add("simulate.rate=" + rate);
        }
        if (seed != null) {
            extra.add("simulate.seed=" + seed);
        }
        if (events != null) {
            extra.add("simulate.events=" + events);
        }
        var settings = options.load(extra);
        if (settings.embedded()) {
            throw new SettingsException("bootstrap.servers", "simulate needs a cluster: give host:port "
                    + "(use 'demo' for an embedded broker with traffic)");
        }
        Simulator simulator = new Simulator(settings);
        Shutdown shutdown = Shutdown.install("campaign-pulse simulate", Duration.ofSeconds(30));
        try (Producer<String, String> producer = Producers.create(settings.bootstrapServers())) {
            simulator.run(producer, shutdown::requested);
        } finally {
            shutdown.closed(); // the producer flushed and closed
        }
        System.out.println("simulate: wrote " + simulator.produced() + " events");
        return 0;
    }
}
