package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out and failover: three {@code run} processes with the same application id (and one
 * standby replica per task) share the tasks; one is stopped cleanly, another killed with
 * SIGKILL, a new one started, with input arriving throughout. Every final and lifetime record
 * must still equal the ledger, with no window twice and no event late.
 *
 * <p>Partitions fall idle between the slices of input ({@code watermark.idle=PT3S}), and b is
 * killed while they are: the idle claims of b's partitions then stand in the campaign stage's
 * state, nobody reads those partitions until their tasks move, and the next slice arrives at
 * once. A claim counts only while its partition is committed to its end, so the windows wait
 * for b's partitions instead of closing on the others' progress and making their events late.
 */
@ExtendWith(KafkaBroker.class)
class ScaleOutIT {
    private static final int PARTITIONS = 6;

    @Test
    void shouldShareTheWorkAndStayExactThroughAStopAKillAndANewInstance(EmbeddedKafka broker, @TempDir Path tmp)
            throws Exception {
        List<String> sets = new ArrayList<>(CatchUpIT.sets(broker, "scale", PARTITIONS));
        sets.addAll(List.of("kafka.session.timeout.ms=6000", "kafka.num.standby.replicas=1", "watermark.idle=PT3S"));
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), sets);
        Dataset data = new Dataset(PARTITIONS, 60_000, 3L);
        data.addDuplicates(600, 4L);
        CatchUpIT.createTopics(settings);
        data.produceCatalogue(settings); // read whole before any event (see Dataset.produceCatalogue)
        int finals = data.expectedFinals.size();
        List<String> report = new ArrayList<>();

        try (Outputs out = new Outputs(settings, "scale-reader");
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        settings.bootstrapServers()));
                ServiceProcess a = ServiceProcess.start("a", sets, tmp.resolve("a"), tmp);
                ServiceProcess b = ServiceProcess.start("b", sets, tmp.resolve("b"), tmp);
                ServiceProcess c = ServiceProcess.start("c", sets, tmp.resolve("c"), tmp)) {
            awaitMembers(admin, settings.applicationId(), 3, 3);
            report.add(String.format(Locale.ROOT, "3 instances sharing the tasks after %.1f s", a.secondsSinceStart()));

            data.produce(settings, 0.0, 0.4, false);
            awaitFinals(out, finals / 5);
            long t = System.nanoTime();
            a.stop();
            report.add(String.format(Locale.ROOT, "a stopped (SIGTERM) in %.1f s at %d/%d finals",
                    (System.nanoTime() - t) / 1e9, out.finals.size(), finals));

            data.produce(settings, 0.4, 0.7, false);
            // Every window the slice's end lets close can only close once all partitions are idle.
            int byIdleness = data.finalsClosedBy(0.7);
            awaitFinals(out, byIdleness);
            b.kill();
            report.add(String.format(Locale.ROOT, "b killed (SIGKILL) with every partition idle, at %d/%d finals",
                    out.finals.size(), finals));
            try (ServiceProcess d = ServiceProcess.start("d", sets, tmp.resolve("d"), tmp)) {
                data.produce(settings, 0.7, 1.0, false);
                data.produceClockEverywhere(settings);
                t = System.nanoTime();
                // d has no state: Kafka Streams gives it warm-up (standby) tasks first and active ones
                // after a probing rebalance, once caught up; meanwhile c runs every active task.
                awaitMembers(admin, settings.applicationId(), 2, 1);
                report.add(String.format(Locale.ROOT, "group down to c and d %.1f s after d started",
                        d.secondsSinceStart()));
                try {
                    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100)).until(() -> {
                        out.poll(Duration.ofMillis(500));
                        assertThat(c.alive() && d.alive()).as("c and d alive").isTrue();
                        return out.reached(data);
                    });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    List<String> missing = data.expectedFinals.keySet().stream()
                            .filter(k -> !out.finals.containsKey(k)).limit(5).toList();
                    throw new AssertionError("stalled at " + out.finals.size() + "/" + finals + " finals, missing "
                            + missing + "; totals " + out.totals.size() + "\nc:\n" + c.logTail() + "\nd:\n"
                            + d.logTail(), e);
                }
                report.add(String.format(Locale.ROOT, "all input consumed %.1f s after the last data was sent",
                        (System.nanoTime() - t) / 1e9));
                out.assertExact(data);
            }
        }
        System.out.printf(Locale.ROOT, "SCALE-OUT TEST: %d events + %d duplicates, %d finals, every record exact%n"
                + "  %s%n", data.eventCount, data.duplicates, finals, String.join("\n  ", report));
    }

    private static void awaitFinals(Outputs out, int atLeast) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            out.poll(Duration.ofMillis(200));
            return out.finals.size() >= atLeast;
        });
    }

    /** Waits until the group has exactly {@code n} members, {@code active} of them with input partitions. */
    private static void awaitMembers(Admin admin, String group, int n, int active) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .ignoreException(java.util.concurrent.ExecutionException.class).until(() -> {
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            List<MemberDescription> members = new ArrayList<>(g.members());
            return members.size() == n
                    && members.stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count() >= active;
        });
    }
}
