package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: {@code ./mvnw verify -Psoak} (8 hours; {@code -Dsoak.minutes=30} for a shorter one),
 * not part of the test command. A {@code run} process gets steady traffic (a {@link Dataset}
 * produced slice by slice over the whole run, so its ledger is known) and a SIGKILL every
 * {@code soak.kill.minutes} (15), each time restarted on its state. At the end every final and
 * lifetime record must equal the ledger. Reports the RSS trend of the service process, how long
 * each restart took to be RUNNING, and the rebalances it went through.
 */
@ExtendWith(KafkaBroker.class)
@EnabledIfSystemProperty(named = "soak.minutes", matches = "[0-9]+", disabledReason = "the soak runs with -Psoak")
class SoakIT {
    private static final int PARTITIONS = 6;

    @Test
    void shouldStayExactAndBoundedThroughHoursOfTrafficAndKills(EmbeddedKafka broker, @TempDir Path tmp)
            throws Exception {
        long minutes = Long.getLong("soak.minutes");
        long killEvery = Long.getLong("soak.kill.minutes", 15);
        int events = (int) Math.min(20_000_000L, Math.max(60_000L, minutes * 60 * 250)); // about 250 events/s
        List<String> sets = new ArrayList<>(CatchUpIT.sets(broker, "soak", PARTITIONS));
        sets.addAll(List.of("instance.id=soak", "topic.alerts=soak.kpi.alerts"));
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), sets);
        Dataset data = new Dataset(PARTITIONS, events, 17L);
        data.addDuplicates(events / 100, 18L);
        CatchUpIT.createTopics(settings);
        data.produceCatalogue(settings); // read whole before any event (see Dataset.produceCatalogue)
        Path state = tmp.resolve("state");
        List<String> report = new ArrayList<>();
        List<String> rss = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + Duration.ofMinutes(minutes).toNanos();
        int slices = (int) Math.max(20, minutes * 6); // a slice every 10 s
        int restarts = 0;
        ServiceProcess service = ServiceProcess.start("soak-0", sets, state, tmp);
        try (Outputs out = new Outputs(settings, "soak-reader")) {
            long nextKill = start + Duration.ofMinutes(killEvery).toNanos();
            long nextRss = start;
            for (int i = 0; i < slices; i++) {
                data.produce(settings, (double) i / slices, (double) (i + 1) / slices, false);
                long sliceEnd = start + (end - start) * (i + 1) / slices;
                while (System.nanoTime() < sliceEnd) {
                    out.poll(Duration.ofMillis(500)); // keep reading, as a downstream consumer would
                    assertThat(service.alive()).as("service alive; log:%n%s", service.logTail()).isTrue();
                    if (System.nanoTime() >= nextRss) {
                        rss.add(String.format(Locale.ROOT, "%.0f min %d MiB", (System.nanoTime() - start) / 6e10,
                                rssMiB(service)));
                        nextRss += Duration.ofMinutes(Math.max(1, minutes / 16)).toNanos();
                    }
                    if (System.nanoTime() >= nextKill) {
                        service.kill();
                        restarts++;
                        service = ServiceProcess.start("soak-" + restarts, sets, state, tmp);
                        ServiceProcess restarted = service;
                        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                                .until(() -> restarted.ready() || !restarted.alive());
                        report.add(String.format(Locale.ROOT, "kill %d at %.0f min: RUNNING again %.1f s after "
                                + "the restart", restarts, (System.nanoTime() - start) / 6e10,
                                restarted.secondsSinceStart()));
                        nextKill += Duration.ofMinutes(killEvery).toNanos();
                    }
                }
            }
            data.produceClockEverywhere(settings);
            ServiceProcess last = service;
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                out.poll(Duration.ofMillis(500));
                assertThat(last.alive()).as("service alive; log:%n%s", last.logTail()).isTrue();
                return out.reached(data);
            });
            out.assertExact(data);
            rss.add(String.format(Locale.ROOT, "end %d MiB", rssMiB(service)));
        } finally {
            service.close();
        }
        int rebalances = 0;
        for (int i = 0; i <= restarts; i++) {
            rebalances += (int) Files.readAllLines(tmp.resolve("soak-" + i + ".log")).stream()
                    .filter(l -> l.contains("RUNNING -> REBALANCING")).count();
        }
        System.out.printf(Locale.ROOT, "SOAK TEST: %d min, %d events + %d duplicates, %d kills, every record exact%n"
                + "  RSS: %s%n  %s%n  rebalances after reaching RUNNING: %d%n", minutes, data.eventCount, data.duplicates,
                restarts, String.join(", ", rss), String.join("\n  ", report), rebalances);
    }

    /** The resident set of the service process, from /proc. */
    private static long rssMiB(ServiceProcess p) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
