package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.Service;
import io.campaignpulse.runtime.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a shared, secured cluster: it connects over SASL_SSL (SCRAM-SHA-512, a test CA)
 * to a broker with {@code StandardAuthorizer} and {@code allow.everyone.if.no.acl.found=false},
 * holding exactly the ACLs README lists, and every final and lifetime record equals the ledger.
 * The ACLs are enforced: the same principal is refused a topic they do not name.
 */
class SecureIT {
    private static final String PREFIX = "secure";
    private static final String APP = "secure-app";
    private static final String USER = "campaign-pulse-svc";
    private static final String PASSWORD = "svc-secret-0123456789";

    private static List<String> topics() {
        return List.of("topic.kpi.campaign=" + PREFIX + ".kpi.campaign", "topic.kpi.channel=" + PREFIX + ".kpi.channel",
                "topic.impressions=" + PREFIX + ".impressions", "topic.clicks=" + PREFIX + ".clicks",
                "topic.leads=" + PREFIX + ".leads", "topic.sales=" + PREFIX + ".sales",
                "topic.campaigns=" + PREFIX + ".campaigns", "topic.dlq=" + PREFIX + ".dlq",
                "topic.late=" + PREFIX + ".late", "topic.alerts=" + PREFIX + ".kpi.alerts",
                "topic.experiment=" + PREFIX + ".kpi.experiment",
                "topic.recommendations=" + PREFIX + ".kpi.recommendations");
    }

    /** The ACLs of README's "Running on a secured cluster", for the service's principal. */
    static List<AclBinding> readmeAcls(Settings.Topics t, String appId, String principal) {
        List<AclBinding> acls = new ArrayList<>();
        for (String in : List.of(t.impressions(), t.clicks(), t.leads(), t.sales(), t.campaigns())) {
            acls.add(acl(ResourceType.TOPIC, in, PatternType.LITERAL, AclOperation.READ, principal));
        }
        for (String prefix : List.of(t.kpiCampaign() + ".", t.kpiChannel() + ".")) {
            acls.add(acl(ResourceType.TOPIC, prefix, PatternType.PREFIXED, AclOperation.WRITE, principal));
        }
        for (String out : List.of(t.dlq(), t.late(), t.alerts(), t.experiment(), t.recommendations())) {
            acls.add(acl(ResourceType.TOPIC, out, PatternType.LITERAL, AclOperation.WRITE, principal));
        }
        for (ResourceType type : List.of(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID)) {
            acls.add(acl(type, appId, PatternType.PREFIXED, AclOperation.ALL, principal));
        }
        return acls;
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, AclOperation op,
            String principal) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }

    @Test
    void shouldRunExactlyOverSaslSslWithOnlyTheListedAcls(@TempDir Path tmp) throws Exception {
        try (SecureBroker broker = SecureBroker.start(tmp.resolve("broker"))) {
            List<String> base = new ArrayList<>(topics());
            base.addAll(List.of("application.id=" + APP, "topics.partitions=6", "watermark.idle=PT5S"));
            List<String> asAdmin = new ArrayList<>(base);
            asAdmin.add("bootstrap.servers=" + broker.internal);
            Settings admin = SettingsLoader.load(Map.of(), Map.of(), asAdmin);
            try (Admin a = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.internal))) {
                TopicSetup.ensure(a, admin); // an operator creates the topics; the service may not
                a.createTopics(List.of(new NewTopic(PREFIX + ".unlisted", 1, (short) 1))).all().get();
                a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), PASSWORD))).all().get();
                a.createAcls(readmeAcls(admin.topics(), APP, "User:" + USER)).all().get();
            }
            Dataset data = new Dataset(6, 6_000, 5L);
            data.produce(admin, 0.0, 1.0, true);

            Map<String, String> client = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                    "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + USER + "\" password=\"" + PASSWORD + "\";",
                    "ssl.truststore.location", broker.truststore.toString(), "ssl.truststore.type", "PKCS12",
                    "ssl.truststore.password", SecureBroker.STORE_PASSWORD);
            List<String> asService = new ArrayList<>(base);
            asService.addAll(List.of("bootstrap.servers=" + broker.external, "state.dir=" + tmp.resolve("state"),
                    "http.port=0"));
            client.forEach((k, v) -> asService.add("kafka." + k + "=" + v));
            Settings service = SettingsLoader.load(Map.of(), Map.of(), asService);
            try (Service s = Service.start(service); Outputs out = new Outputs(admin, "secure-reader")) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    out.poll(Duration.ofMillis(500));
                    assertThat(s.pipeline().failed()).as("the pipeline stopped (missing ACL?)").isFalse();
                    return out.complete(data);
                });
                out.assertExact(data);
                assertThat(s.pipeline().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }

            Map<String, Object> asUser = new java.util.HashMap<>(client);
            asUser.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.external);
            try (Admin a = Admin.create(asUser)) {
                assertThat(a.describeTopics(List.of(admin.topics().impressions())).allTopicNames().get()).hasSize(1);
                assertThatThrownBy(() -> a.describeTopics(List.of(PREFIX + ".unlisted")).allTopicNames().get())
                        .as("a topic no ACL names").isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }
}
