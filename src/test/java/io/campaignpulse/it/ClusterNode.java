package io.campaignpulse.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One node (broker and controller) of {@link KafkaCluster}, run as its own process so that a test
 * can SIGKILL it: {@code ClusterNode <node id> <data dir> <cluster id> <client ports> <controller ports>}
 * with the ports of all nodes comma-separated. It formats its directory on first start and prints
 * {@code NODE READY} once serving.
 */
public final class ClusterNode {
    static final String READY = "NODE READY";
    private static final String HOST = "127.0.0.1";

    private ClusterNode() {
    }

    public static void main(String[] args) throws Exception {
        int id = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]).toAbsolutePath();
        String clusterId = args[2];
        String[] clientPorts = args[3].split(",");
        String[] controllerPorts = args[4].split(",");
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < controllerPorts.length; i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append('@').append(HOST).append(':').append(controllerPorts[i]);
        }
        String clientPort = clientPorts[id - 1];
        String controllerPort = controllerPorts[id - 1];
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(id));
        p.put("controller.quorum.voters", voters.toString());
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("metadata.log.dir", dir.toString());
        // Production-like durability: three replicas, two in sync to acknowledge a write.
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("offsets.topic.replication.factor", "3");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        p.put("unclean.leader.election.enable", "false");
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A killed broker is fenced, and leaves every ISR, within a few seconds (defaults: 9 s and 30 s).
        p.put("broker.session.timeout.ms", "4000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("replica.lag.time.max.ms", "5000");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        KafkaConfig config = KafkaConfig.fromProps(p, false);
        if (!Files.exists(dir.resolve("meta.properties"))) {
            Files.createDirectories(dir);
            new Formatter().setClusterId(clusterId).setNodeId(id).setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(dir.toString()).setDirectories(List.of(dir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).run();
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        System.out.println(READY);
        System.out.flush();
        server.awaitShutdown();
    }
}
