package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A three-node KRaft cluster (each node broker and controller), every node its own process
 * ({@link ClusterNode}) so that it can be killed with SIGKILL and started again on its data. Topics
 * get three replicas and need two in sync for a write, as in production.
 */
final class KafkaCluster implements AutoCloseable {
    static final int NODES = 3;

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int[] clientPorts = new int[NODES];
    private final int[] controllerPorts = new int[NODES];
    private final Process[] nodes = new Process[NODES];
    private final Admin admin;

    KafkaCluster(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        for (int i = 0; i < NODES; i++) {
            clientPorts[i] = ServiceProcess.freePort();
            controllerPorts[i] = ServiceProcess.freePort();
        }
        for (int id = 1; id <= NODES; id++) {
            launch(id);
        }
        for (int id = 1; id <= NODES; id++) {
            awaitReady(id);
        }
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
        awaitBrokers(NODES);
    }

    String bootstrapServers() {
        List<String> all = new ArrayList<>();
        for (int p : clientPorts) {
            all.add("127.0.0.1:" + p);
        }
        return String.join(",", all);
    }

    Admin admin() {
        return admin;
    }

    private Path log(int id) {
        return dir.resolve("node-" + id + ".log");
    }

    private void launch(int id) throws IOException {
        Path jar = Path.of("target", "campaign-pulse.jar").toAbsolutePath();
        String classpath = jar + java.io.File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
        String ports = join(clientPorts);
        String controllers = join(controllerPorts);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", classpath, ClusterNode.class.getName(), Integer.toString(id),
                dir.resolve("node-" + id).toString(), clusterId, ports, controllers);
        Files.createDirectories(dir);
        nodes[id - 1] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(id).toFile())).start();
    }

    private static String join(int[] ports) {
        return java.util.Arrays.stream(ports).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private void awaitReady(int id) {
        long from = 0;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(nodes[id - 1].isAlive()).as("node " + id + " alive; its log:\n" + tail(id)).isTrue();
            return Files.exists(log(id)) && Files.readString(log(id)).indexOf(ClusterNode.READY, (int) from) >= 0;
        });
    }

    String tail(int id) {
        try {
            String s = Files.readString(log(id));
            return s.substring(Math.max(0, s.length() - 3000));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SIGKILL one node: no controlled shutdown, no flush. */
    void kill(int id) throws InterruptedException {
        Process p = nodes[id - 1];
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("node " + id + " killed").isTrue();
    }

    /**
     * Starts killed nodes again on their data and waits until they serve (all at once: a node
     * starts serving only once a majority of the controllers is up).
     */
    void restart(int... ids) throws IOException {
        long[] before = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            assertThat(nodes[id - 1].isAlive()).as("node " + id + " is down").isFalse();
            before[i] = readyLines(id); // its log keeps the earlier READY lines: wait for one more
            launch(id);
        }
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            long b = before[i];
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(nodes[id - 1].isAlive()).as("node " + id + " alive; its log:\n" + tail(id)).isTrue();
                return readyLines(id) > b;
            });
        }
    }

    private long readyLines(int id) throws IOException {
        if (!Files.exists(log(id))) {
            return 0;
        }
        try (var lines = Files.lines(log(id))) {
            return lines.filter(ClusterNode.READY::equals).count();
        }
    }

    /** The node leading a partition now. */
    int leaderOf(String topic, int partition) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        return d.partitions().get(partition).leader().id();
    }

    /** Waits until the cluster has {@code n} live brokers. */
    void awaitBrokers(int n) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == n);
    }

    /** Waits until every partition of the topics has all three replicas in sync again. */
    void awaitFullIsr(Collection<String> topics) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.isr().size() < NODES) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** Every topic's name (internal ones included). */
    List<String> topics() throws Exception {
        return new ArrayList<>(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                .names().get(10, TimeUnit.SECONDS));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
        for (Process p : nodes) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }
}
