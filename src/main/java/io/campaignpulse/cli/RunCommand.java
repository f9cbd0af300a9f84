package io.campaignpulse.cli;

import io.campaignpulse.runtime.Service;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: the pipeline against bootstrap.servers, or an embedded broker when it is empty. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline against bootstrap.servers (embedded broker when empty).")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Override
    public Integer call() throws Exception {
        var settings = options.load(List.of());
        Shutdown shutdown = Shutdown.install("campaign-pulse run", Duration.ofSeconds(60));
        try (Service service = Service.start(settings)) {
            System.out.println("campaign-pulse running: Kafka at " + service.settings().bootstrapServers()
                    + ", http://" + service.settings().httpBind() + ":" + service.httpPort()
                    + "/health/ready. Ctrl-C stops.");
            while (!shutdown.awaitRequest(Duration.ofSeconds(1))) {
                if (service.pipeline().failed()) {
                    System.err.println("campaign-pulse: the Kafka Streams client stopped ("
                            + service.pipeline().state() + "); see the log above");
                    return 1;
                }
            }
        } finally {
            shutdown.closed(); // the service closed (left the group) before the JVM may halt
        }
        return 0;
    }
}
