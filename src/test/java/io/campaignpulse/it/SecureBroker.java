package io.campaignpulse.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft broker for the security test: a SASL_SSL listener (SCRAM-SHA-512, a
 * certificate signed by a CA made here with the JDK's keytool) for the service, and a PLAINTEXT
 * listener on loopback whose anonymous principal is a super user, for the test's own admin,
 * producers and readers. {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}:
 * every other principal may do only what an ACL allows.
 */
final class SecureBroker implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final String STORE_PASSWORD = "test-store-pw";

    final String internal;
    final String external;
    final Path truststore;
    private final KafkaRaftServer server;

    private SecureBroker(KafkaRaftServer server, String internal, String external, Path truststore) {
        this.server = server;
        this.internal = internal;
        this.external = external;
        this.truststore = truststore;
    }

    static SecureBroker start(Path dir) throws Exception {
        Path tls = dir.resolve("tls");
        Files.createDirectories(tls);
        Path truststore = makeCertificates(tls);
        Path logDir = dir.resolve("log").toAbsolutePath();
        Files.createDirectories(logDir);
        int internal = freePort();
        int external = freePort();
        int controller = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controller);
        p.put("listeners", "INTERNAL://" + HOST + ":" + internal + ",EXTERNAL://" + HOST + ":" + external
                + ",CONTROLLER://" + HOST + ":" + controller);
        p.put("advertised.listeners", "INTERNAL://" + HOST + ":" + internal + ",EXTERNAL://" + HOST + ":" + external);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "INTERNAL");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.external.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.external.ssl.keystore.location", tls.resolve("broker.p12").toString());
        p.put("listener.name.external.ssl.keystore.password", STORE_PASSWORD);
        p.put("listener.name.external.ssl.keystore.type", "PKCS12");
        p.put("listener.name.external.ssl.key.password", STORE_PASSWORD);
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:ANONYMOUS");
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
        p.put("auto.create.topics.enable", "false");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        KafkaConfig config = KafkaConfig.fromProps(p, false);
        new Formatter().setClusterId(Uuid.randomUuid().toString()).setNodeId(1).setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString()).setDirectories(List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).run();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new SecureBroker(server, HOST + ":" + internal, HOST + ":" + external, truststore);
    }

    /** A test CA, a broker certificate it signs (for 127.0.0.1), and a truststore holding the CA. */
    private static Path makeCertificates(Path dir) throws IOException, InterruptedException {
        String pw = STORE_PASSWORD;
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=campaign-pulse test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", pw);
        keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", pw, "-file", "ca.crt");
        keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", "broker.p12", "-storetype", "PKCS12", "-storepass", pw);
        keytool(dir, "-certreq", "-alias", "broker", "-keystore", "broker.p12", "-storepass", pw, "-file", "broker.csr");
        keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", pw, "-infile", "broker.csr",
                "-outfile", "broker.crt", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2");
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore", "broker.p12",
                "-storepass", pw);
        keytool(dir, "-importcert", "-noprompt", "-alias", "broker", "-file", "broker.crt", "-keystore", "broker.p12",
                "-storepass", pw);
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", pw);
        return dir.resolve("trust.p12").toAbsolutePath();
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
