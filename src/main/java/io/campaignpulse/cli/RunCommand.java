package io.campaignpulse.cli;

import io.campaignpulse.runtime.Service;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        CountDownLatch stop = new CountDownLatch(1);
        try (Service service = Service.start(settings)) {
            Thread hook = new Thread(stop::countDown, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.println("campaign-pulse running: Kafka at " + service.settings().bootstrapServers()
                    + ", http://localhost:" + service.httpPort() + "/health/ready. Ctrl-C stops.");
            while (!stop.await(1, TimeUnit.SECONDS)) {
                if (service.pipeline().failed()) {
                    System.err.println("campaign-pulse: the Kafka Streams client stopped ("
                            + service.pipeline().state() + "); see the log above");
                    return 1;
                }
            }
        }
        return 0;
    }
}
