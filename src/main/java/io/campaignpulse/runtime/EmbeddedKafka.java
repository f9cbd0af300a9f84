package io.campaignpulse.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) inside this process,
 * bound to the loopback address only. Its log directory is formatted on first use and reused
 * afterwards, so a restarted service finds its topics and offsets again.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /**
     * Starts a broker with its data under {@code dataDir}.
     *
     * @param port the client port, or 0 for any free one
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            Path logDir = dataDir.resolve("log").toAbsolutePath();
            Path portsFile = dataDir.resolve("ports.properties");
            Properties ports = new Properties();
            // The controller port is part of the formatted voter set, so a reused directory keeps its ports.
            if (Files.exists(portsFile) && Files.exists(logDir.resolve("meta.properties"))) {
                try (var in = Files.newInputStream(portsFile)) {
                    ports.load(in);
                }
            } else {
                ports.setProperty("controller", Integer.toString(freePort()));
                ports.setProperty("cluster", Uuid.randomUuid().toString());
            }
            int brokerPort = port != 0 ? port : freePort();
            int controllerPort = Integer.parseInt(ports.getProperty("controller"));
            String clusterId = ports.getProperty("cluster");

            Properties p = brokerProperties(logDir, brokerPort, controllerPort);
            KafkaConfig config = KafkaConfig.fromProps(p, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                Files.createDirectories(logDir);
                new Formatter()
                        .setClusterId(clusterId)
                        .setNodeId(1)
                        .setControllerListenerName("CONTROLLER")
                        .setMetadataLogDirectory(logDir.toString())
                        .setDirectories(List.of(logDir.toString()))
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                        .run();
                try (var out = Files.newOutputStream(portsFile)) {
                    ports.store(out, "embedded broker identity");
                }
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = HOST + ":" + brokerPort;
            LOG.info("Embedded Kafka broker listening on {} (data in {})", bootstrap, dataDir.toAbsolutePath());
            return new EmbeddedKafka(server, bootstrap, dataDir);
        } catch (Exception e) {
            throw new StartupException("cannot start the embedded Kafka broker in " + dataDir + " (embedded.dir, "
                    + "embedded.port " + port + "): " + e.getMessage());
        }
    }

    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
