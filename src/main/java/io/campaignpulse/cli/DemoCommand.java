package io.campaignpulse.cli;

import io.campaignpulse.runtime.Service;
import io.campaignpulse.simulate.Producers;
import io.campaignpulse.simulate.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code demo}: embedded broker, pipeline and simulator, with live KPIs in the terminal. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded Kafka + pipeline + simulated traffic, with live KPIs in the terminal.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Option(names = "--refresh", description = "Seconds between table refreshes (default ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int refreshSeconds;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        var settings = options.load(List.of());
        Path log = settings.embeddedDir().resolveSibling("campaign-pulse-demo.log");
        Files.createDirectories(log.toAbsolutePath().getParent());
        System.out.println("campaign-pulse demo: starting an embedded Kafka broker, the pipeline and the simulator;"
                + " log in " + log);
        LogToFile.redirect(log);
        AtomicBoolean stop = new AtomicBoolean();
        Shutdown shutdown = Shutdown.install("campaign-pulse demo", Duration.ofSeconds(60));
        try (Service service = Service.start(settings)) {
            var s = service.settings();
            String url = dashboardUrl(s.httpBind(), service.httpPort());
            System.out.println("campaign-pulse demo: the dashboard is at " + url + " (metrics at " + url + "metrics)");
            Simulator simulator = new Simulator(s);
            Thread traffic = new Thread(() -> {
                try (Producer<String, String> producer = Producers.create(s.bootstrapServers())) {
                    simulator.run(producer, stop::get);
                }
            }, "simulator");
            traffic.start();
            String firstFigures = null;
            try (Dashboard dashboard = new Dashboard(s)) {
                while (!stop.get() && !shutdown.requested()) {
                    dashboard.poll(Duration.ofSeconds(refreshSeconds));
                    if (service.pipeline().failed()) {
                        System.err.println("campaign-pulse: the Kafka Streams client stopped; see the log above");
                        return 1;
                    }
                    if (firstFigures == null && dashboard.hasFreshFigures()) {
                        firstFigures = String.format("%.1f s", (System.nanoTime() - started) / 1e9);
                    }
                    dashboard.render(System.out, String.format(
                            "campaign-pulse demo | Kafka %s | streams %s | dashboard %s | %d events "
                                    + "sent | first KPIs after %s | Ctrl-C stops",
                            s.bootstrapServers(), service.pipeline().state(), url, simulator.produced(),
                            firstFigures == null ? "(waiting)" : firstFigures));
                }
            } finally {
                stop.set(true);
                traffic.join(10_000);
            }
        } finally {
            shutdown.closed();
        }
        return 0;
    }

    /** The dashboard's address as a browser on this machine opens it. */
    static String dashboardUrl(String bind, int port) {
        String host = bind.equals("0.0.0.0") || bind.equals("127.0.0.1") ? "localhost"
                : bind.contains(":") ? "[" + bind + "]" : bind;
        return "http://" + host + ":" + port + "/";
    }
}
