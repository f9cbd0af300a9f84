package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.EmbeddedKafka;
import io.campaignpulse.runtime.TopicSetup;
import io.campaignpulse.topology.InputLayout;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Topic creation on a real broker: configurations, and topics ready to take writes on return. */
@ExtendWith(KafkaBroker.class)
class TopicSetupIT {

    private static Settings settings(EmbeddedKafka broker, String prefix) {
        return SettingsLoader.load(Map.of(), Map.of(), List.of("bootstrap.servers=" + broker.bootstrapServers(),
                "topics.partitions=3", "topic.impressions=" + prefix + ".imp", "topic.clicks=" + prefix + ".clk",
                "topic.leads=" + prefix + ".lead", "topic.sales=" + prefix + ".sale",
                "topic.campaigns=" + prefix + ".cmp", "topic.dlq=" + prefix + ".dlq", "topic.late=" + prefix + ".late",
                "topic.kpi.campaign=" + prefix + ".kpi.c", "topic.kpi.channel=" + prefix + ".kpi.ch"));
    }

    /**
     * Right after creation a partition can still answer NOT_LEADER_OR_FOLLOWER; an idempotent
     * producer meeting that with its first batches may loop on OUT_OF_ORDER_SEQUENCE_NUMBER and
     * drop records (8 of 10 rounds here when writing at once). Topic setup returns only when
     * every partition is led, so writing straight away loses nothing.
     */
    @Test
    void shouldReturnOnlyWhenNewTopicsTakeWritesWithoutLoss(EmbeddedKafka broker) throws Exception {
        for (int round = 0; round < 5; round++) {
            Settings s = settings(broker, "setup" + round);
            InputLayout layout;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                layout = TopicSetup.ensure(admin, s);
            }
            assertThat(layout.partitions()).containsExactly(3, 3, 3, 3);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            AtomicInteger failed = new AtomicInteger();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                List<String> topics = s.topics().events();
                for (int i = 0; i < 8_000; i++) {
                    producer.send(new ProducerRecord<>(topics.get(i % 4), i % 3, "k" + i, "{\"n\":" + i + "}"),
                            (md, e) -> {
                                if (e != null) {
                                    failed.incrementAndGet();
                                }
                            });
                }
            }
            assertThat(failed.get()).as("records lost in round %d", round).isZero();
        }
    }

    @Test
    void shouldCreateCompactedAndLargeRecordTopicsAsTheContractSays(EmbeddedKafka broker) throws Exception {
        Settings s = settings(broker, "configs");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicSetup.ensure(admin, s);
            Settings.Topics t = s.topics();
            Map<String, TopicDescription> all = admin.describeTopics(TopicSetup.topics(s).stream()
                    .map(n -> n.name()).toList()).allTopicNames().get();
            // inputs, catalogue, 4 per size (campaign and channel, running and final), 2 totals, dlq + late,
            // alerts, experiments, recommendations
            assertThat(all).hasSize(4 + 1 + 3 * 4 + 2 + 2 + 1 + 1 + 1);
            assertThat(all).containsKeys(t.alerts(), t.experiment(), t.recommendations());
            assertThat(all.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3));
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, t.campaigns()),
                    new ConfigResource(ConfigResource.Type.TOPIC, t.campaignTotal()),
                    new ConfigResource(ConfigResource.Type.TOPIC, t.channelTotal()),
                    new ConfigResource(ConfigResource.Type.TOPIC, t.dlq()),
                    new ConfigResource(ConfigResource.Type.TOPIC, t.experiment()),
                    new ConfigResource(ConfigResource.Type.TOPIC, t.impressions()))).all().get();
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.campaigns()))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.campaignTotal()))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.channelTotal()))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.experiment()))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(Integer.parseInt(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.dlq()))
                    .get("max.message.bytes").value())).isGreaterThanOrEqualTo(8 * 1024 * 1024);
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.impressions()))
                    .get("cleanup.policy").value()).isEqualTo("delete");
        }
    }
}
