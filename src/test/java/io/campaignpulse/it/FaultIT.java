package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults production clusters have, on a real three-node KRaft cluster (replication 3,
 * {@code min.insync.replicas=2}, every node its own process): partition leaders killed with
 * SIGKILL while the service processes, then the whole cluster killed and restarted; an instance
 * frozen with SIGSTOP for longer than its session timeout and woken again (a zombie); an instance
 * killed inside an open transaction and replaced on a fresh state directory (a hung transaction).
 * Input keeps flowing throughout; every final and lifetime record must equal the independent
 * ledger, with no window twice and nothing late.
 *
 * <p>{@code -Dfault.guarantee=at_least_once} runs the same faults without exactly-once, to see the
 * checks fail.
 */
class FaultIT {
    private static final int PARTITIONS = 3;
    private static final String GUARANTEE = System.getProperty("fault.guarantee", "exactly_once_v2");

    @TempDir
    static Path clusterDir;
    private static KafkaCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new KafkaCluster(clusterDir);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> sets(String prefix, String... more) {
        List<String> sets = new ArrayList<>(CatchUpIT.sets(cluster.bootstrapServers(), prefix, PARTITIONS));
        // Windows close on every partition's progress only (a clock event on each at the end), so the
        // result cannot depend on when an instance reads what; three replicas for every topic.
        sets.addAll(List.of("topics.replication=3", "watermark.idle=PT1H", "kafka.processing.guarantee=" + GUARANTEE));
        sets.addAll(List.of(more));
        return sets;
    }

    @Test
    void shouldStayExactWhileLeadersAreKilledAndTheClusterRestarts(@TempDir Path tmp) throws Exception {
        List<String> sets = sets("leaders", "instance.id=leaders-a");
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), sets);
        Dataset data = new Dataset(PARTITIONS, 40_000, 21L);
        data.addDuplicates(400, 22L);
        prepare(settings, data);
        List<String> report = new ArrayList<>();
        int kills = 3; // the leaders of an input partition, a repartition topic's and a changelog's
        try (Outputs out = new Outputs(settings, "leaders-reader");
                ServiceProcess a = ServiceProcess.start("leaders-a", sets, tmp.resolve("a"), tmp)) {
            await().atMost(Duration.ofMinutes(2)).until(a::ready);
            double slice = 1.0 / (kills + 1);
            data.produce(settings, 0.0, slice, false);
            for (int k = 0; k < kills; k++) {
                int target = data.finalsClosedBy((k + 0.6) * slice);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    out.poll(Duration.ofMillis(100));
                    assertThat(a.alive()).as("service alive; log:%n%s", a.logTail()).isTrue();
                    return out.finals.size() >= target;
                });
                // In turn the leader of an input partition, of a repartition topic's and of a changelog's.
                List<String> internal = internalTopics(settings);
                String wanted = k % 3 == 1 ? "-repartition" : "campaign-state-changelog";
                String topic = k % 3 == 0 ? settings.topics().events().get(k % 4)
                        : internal.stream().filter(n -> n.contains(wanted)).findFirst().orElse(internal.get(0));
                int partition = k % PARTITIONS;
                int leader = cluster.leaderOf(topic, partition);
                long t = System.nanoTime();
                cluster.kill(leader);
                data.produce(settings, (k + 1) * slice, k + 1 == kills ? 1.0 : (k + 2) * slice, false);
                cluster.awaitBrokers(KafkaCluster.NODES - 1);
                double down = (System.nanoTime() - t) / 1e9;
                cluster.restart(leader);
                cluster.awaitFullIsr(cluster.topics());
                report.add(String.format(Locale.ROOT, "kill %d: node %d (leader of %s-%d) at %d finals, the next slice "
                        + "produced while it was down (%.1f s); back in every ISR %.1f s after the kill", k + 1, leader,
                        topic, partition, out.finals.size(), down, (System.nanoTime() - t) / 1e9));
            }
            // The whole cluster down at once, then up again.
            long t = System.nanoTime();
            for (int id = 1; id <= KafkaCluster.NODES; id++) {
                cluster.kill(id);
            }
            cluster.restart(1, 2, 3);
            cluster.awaitFullIsr(cluster.topics());
            report.add(String.format(Locale.ROOT, "every node killed and restarted: full ISR again after %.1f s",
                    (System.nanoTime() - t) / 1e9));
            data.produceClockEverywhere(settings);
            awaitComplete(out, data, a);
            out.assertExact(data);
            assertThat(a.log()).as("the client never reached ERROR").doesNotContain("-> ERROR");
            report.add(String.format(Locale.ROOT, "all input consumed %.1f s after the cluster came back",
                    (System.nanoTime() - t) / 1e9));
        }
        print("LEADER KILLS", data, report);
    }

    @Test
    void shouldFenceAZombieThatWakesAfterItsTasksMoved(@TempDir Path tmp) throws Exception {
        List<String> sets = sets("zombie", "kafka.session.timeout.ms=6000");
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), sets);
        Dataset data = new Dataset(PARTITIONS, 40_000, 31L);
        prepare(settings, data);
        List<String> report = new ArrayList<>();
        List<String> setsB = withInstanceId(sets, "zombie-b");
        try (Outputs out = new Outputs(settings, "zombie-reader");
                ServiceProcess a = ServiceProcess.start("zombie-a", withInstanceId(sets, "zombie-a"), tmp.resolve("a"), tmp);
                ServiceProcess b = ServiceProcess.start("zombie-b", setsB, tmp.resolve("b"), tmp)) {
            startTwo(settings, data, out, a, b);
            // Frozen in the middle of processing the next slice, inside a transaction.
            java.util.concurrent.CompletableFuture<Void> slice = produceAsync(data, settings, 0.3, 0.6);
            String bTransactions = transactionalIdPrefix(settings, b);
            int open = freezeInTransaction(b, bTransactions);
            long t = System.nanoTime();
            slice.get(2, TimeUnit.MINUTES);
            awaitMembers(settings, 1);
            double moved = (System.nanoTime() - t) / 1e9;
            awaitFinals(out, data.finalsClosedBy(0.5), a);
            double frozen = (System.nanoTime() - t) / 1e9;
            long beforeWake = b.log().length();
            signal("CONT", b);
            data.produce(settings, 0.6, 1.0, false);
            data.produceClockEverywhere(settings);
            awaitComplete(out, data, a);
            out.assertExact(data);
            String woke = b.log().substring((int) beforeWake);
            assertThat(woke).as("the zombie learns it was fenced or lost its tasks")
                    .containsAnyOf("ProducerFencedException", "TaskMigratedException", "fenced", "UNKNOWN_MEMBER_ID",
                            "FENCED_INSTANCE_ID", "rebalance");
            assertThat(b.alive()).as("the zombie recovers and rejoins; log:%n%s", b.logTail()).isTrue();
            report.add(String.format(Locale.ROOT, "b frozen (SIGSTOP) with %d open transaction(s); its tasks moved to a "
                    + "after %.1f s; woken (SIGCONT) after %.1f s; fenced, no extra output", open, moved, frozen));
        }
        print("ZOMBIE", data, report);
    }

    @Test
    void shouldBoundTheStallOfAHungTransactionAfterAKillOnAFreshStateDirectory(@TempDir Path tmp)
            throws Exception {
        List<String> sets = sets("hung");
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), sets);
        Dataset data = new Dataset(PARTITIONS, 40_000, 41L);
        prepare(settings, data);
        List<String> report = new ArrayList<>();
        List<String> setsB = withInstanceId(sets, "hung-b");
        try (Outputs out = new Outputs(settings, "hung-reader");
                ServiceProcess a = ServiceProcess.start("hung-a", withInstanceId(sets, "hung-a"), tmp.resolve("a"), tmp);
                ServiceProcess b = ServiceProcess.start("hung-b", setsB, tmp.resolve("b"), tmp)) {
            startTwo(settings, data, out, a, b);
            List<TopicPartition> outputs = outputPartitions(settings);
            // On a fresh state directory the restart has a new transactional id: the coordinator must abort the old one.
            Stall fresh = killInTransactionAndRestart(b, data, settings, 0.3, 0.6, outputs,
                    () -> ServiceProcess.start("hung-b2", setsB, tmp.resolve("b2"), tmp));
            assertThat(fresh.readers).as("read_committed stall after the kill, in seconds").isLessThanOrEqualTo(30.0);
            report.add(String.format(Locale.ROOT, "b killed (SIGKILL) inside %d open transaction(s), restarted on a "
                    + "fresh state directory: aborted by the coordinator after %.1f s; read_committed readers of every "
                    + "output partition past all that was written at the kill after %.1f s", fresh.open, fresh.aborted,
                    fresh.readers));
            try (ServiceProcess b2 = fresh.restarted) {
                // On the same state directory it keeps its Streams process id, so its transactional id.
                Stall same = killInTransactionAndRestart(b2, data, settings, 0.6, 0.8, outputs,
                        () -> ServiceProcess.start("hung-b3", setsB, tmp.resolve("b2"), tmp));
                try (ServiceProcess b3 = same.restarted) {
                    report.add(String.format(Locale.ROOT, "b2 killed inside %d open transaction(s), restarted on its "
                            + "state directory: aborted after %.1f s, readers past it after %.1f s", same.open,
                            same.aborted, same.readers));
                    data.produce(settings, 0.8, 1.0, false);
                    data.produceClockEverywhere(settings);
                    awaitComplete(out, data, a);
                    out.assertExact(data);
                }
            }
        }
        print("HUNG TRANSACTION", data, report);
    }

    /** A restart and how long a kill's open transactions held read_committed readers. */
    private record Stall(ServiceProcess restarted, int open, double aborted, double readers) {
    }

    private interface Restart {
        ServiceProcess start() throws Exception;
    }

    /**
     * While the share {@code [from, to)} of the data is produced, kills {@code victim} inside an
     * open transaction, restarts it, and measures from the kill until its transactions are no longer
     * ongoing and until the read_committed end of every output partition has passed all that was
     * written at the kill.
     */
    private static Stall killInTransactionAndRestart(ServiceProcess victim, Dataset data, Settings settings,
            double from, double to, List<TopicPartition> outputs, Restart restart) throws Exception {
        String prefix = transactionalIdPrefix(settings, victim);
        java.util.concurrent.CompletableFuture<Void> slice = produceAsync(data, settings, from, to);
        // Frozen first, so that the transactions counted are still open when the kill lands.
        int open = freezeInTransaction(victim, prefix);
        victim.kill();
        long t = System.nanoTime();
        long killedAt = System.currentTimeMillis();
        Map<TopicPartition, Long> written = offsets(outputs, IsolationLevel.READ_UNCOMMITTED);
        slice.get(2, TimeUnit.MINUTES);
        ServiceProcess restarted = restart.start();
        // (A restart on the same state directory opens transactions under the same ids: only older ones count.)
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> ongoingTransactions(prefix, killedAt).isEmpty());
        double aborted = (System.nanoTime() - t) / 1e9;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            Map<TopicPartition, Long> stable = offsets(outputs, IsolationLevel.READ_COMMITTED);
            return outputs.stream().allMatch(tp -> stable.get(tp) >= written.get(tp));
        });
        return new Stall(restarted, open, aborted, (System.nanoTime() - t) / 1e9);
    }

    /**
     * Freezes {@code p} (SIGSTOP) at a moment when at least one of its transactions is ongoing and
     * returns how many are. A frozen producer cannot commit, so the count holds until the
     * coordinator's transaction timeout; when {@code p} committed between the look and the freeze,
     * it is woken and the next transaction is tried.
     */
    private static int freezeInTransaction(ServiceProcess p, String prefix) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5)).ignoreExceptions()
                    .until(() -> !ongoingTransactions(prefix).isEmpty());
            signal("STOP", p);
            int open = ongoingTransactions(prefix).size();
            if (open > 0) {
                return open;
            }
            signal("CONT", p);
        }
        throw new AssertionError(p.name + " committed between every look and freeze in 50 attempts");
    }

    private static List<String> withInstanceId(List<String> sets, String id) {
        List<String> all = new ArrayList<>(sets);
        all.add("instance.id=" + id);
        return all;
    }

    /** Topics and the catalogue, before any instance starts (see Dataset.produceCatalogue). */
    private static void prepare(Settings settings, Dataset data) throws InterruptedException {
        CatchUpIT.createTopics(settings);
        data.produceCatalogue(settings);
    }

    /** Both instances running, and 30% of the data processed. */
    private static void startTwo(Settings settings, Dataset data, Outputs out, ServiceProcess a, ServiceProcess b)
            throws Exception {
        awaitMembers(settings, 2);
        await().atMost(Duration.ofMinutes(2)).until(() -> a.ready() && b.ready());
        data.produce(settings, 0.0, 0.3, false);
        awaitFinals(out, data.finalsClosedBy(0.2), a);
    }

    private static void print(String what, Dataset data, List<String> report) {
        System.out.printf(Locale.ROOT, "FAULT TEST %s (%s, 3 nodes, replication 3, min.insync.replicas 2): %d events,"
                + " %d finals, every record exact%n  %s%n", what, GUARANTEE, data.eventCount, data.expectedFinals.size(),
                String.join("\n  ", report));
    }

    /** The application's repartition and changelog topics, sorted. */
    private static List<String> internalTopics(Settings s) throws Exception {
        return cluster.topics().stream().filter(t -> t.startsWith(s.applicationId() + "-")).sorted().toList();
    }

    /** Every partition of the service's output topics that exist now. */
    private static List<TopicPartition> outputPartitions(Settings s) throws Exception {
        List<String> names = cluster.topics().stream().filter(t -> t.startsWith(s.topics().campaignTotal()
                .substring(0, s.topics().campaignTotal().indexOf(".kpi.") + 5))).toList();
        List<TopicPartition> out = new ArrayList<>();
        cluster.admin().describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> out.add(new TopicPartition(name, p.partition()))));
        return out;
    }

    private static Map<TopicPartition, Long> offsets(List<TopicPartition> tps, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        tps.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        cluster.admin().listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(10, TimeUnit.SECONDS)
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static java.util.concurrent.CompletableFuture<Void> produceAsync(Dataset data, Settings s, double from,
            double to) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> data.produce(s, from, to, false));
    }

    /** The start of the transactional ids of an instance's producers: the application id and its Streams process id. */
    private static String transactionalIdPrefix(Settings s, ServiceProcess p) {
        java.util.regex.Pattern named = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(s.applicationId())
                + "-([0-9a-f-]{36})-StreamThread");
        // A stream thread's first log line (its state transition) names it; a fresh instance may not have written it yet.
        String id = await(p.name + "'s Streams process id in its log").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    java.util.regex.Matcher m = named.matcher(p.log());
                    return m.find() ? m.group(1) : null;
                }, java.util.Objects::nonNull);
        return s.applicationId() + "-" + id;
    }

    /** The ongoing transactions whose transactional id starts with {@code prefix}. */
    private static List<String> ongoingTransactions(String prefix) throws Exception {
        return cluster.admin().listTransactions(new org.apache.kafka.clients.admin.ListTransactionsOptions()
                .filterStates(List.of(org.apache.kafka.clients.admin.TransactionState.ONGOING))).all()
                .get(10, TimeUnit.SECONDS).stream().map(org.apache.kafka.clients.admin.TransactionListing::transactionalId)
                .filter(id -> id.startsWith(prefix)).toList();
    }

    /** As {@link #ongoingTransactions(String)}, only those begun before {@code beganBeforeMs}. */
    private static List<String> ongoingTransactions(String prefix, long beganBeforeMs) throws Exception {
        List<String> ids = ongoingTransactions(prefix);
        if (ids.isEmpty()) {
            return ids;
        }
        List<String> old = new ArrayList<>();
        cluster.admin().describeTransactions(ids).all().get(10, TimeUnit.SECONDS).forEach((id, d) -> {
            if (d.state() == org.apache.kafka.clients.admin.TransactionState.ONGOING
                    && d.transactionStartTimeMs().orElse(Long.MAX_VALUE) < beganBeforeMs) {
                old.add(id);
            }
        });
        return old;
    }

    private static void signal(String signal, ServiceProcess p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
    }

    private static void awaitMembers(Settings s, int n) {
        String group = s.applicationId();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            ConsumerGroupDescription g = cluster.admin().describeConsumerGroups(List.of(group)).all()
                    .get(5, TimeUnit.SECONDS).get(group);
            return g.members().size() == n
                    && g.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        });
    }

    private static void awaitFinals(Outputs out, int atLeast, ServiceProcess p) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            out.poll(Duration.ofMillis(100));
            assertThat(p.alive()).as("%s alive; log:%n%s", p.name, p.logTail()).isTrue();
            return out.finals.size() >= atLeast;
        });
    }

    private static void awaitComplete(Outputs out, Dataset data, ServiceProcess p) {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100)).until(() -> {
            out.poll(Duration.ofMillis(300));
            assertThat(p.alive()).as("%s alive; log:%n%s", p.name, p.logTail()).isTrue();
            return out.reached(data);
        });
    }
}
