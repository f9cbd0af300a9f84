package io.campaignpulse.runtime;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.WindowSize;
import io.campaignpulse.topology.InputLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics of CONTRACT section 1 that are missing, and reads the input layout. */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    /** Largest record on topics that carry original values: the largest accepted value plus headroom. */
    public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024 + 64 * 1024;
    private static final String DLQ_MAX_BYTES = Integer.toString(MAX_RECORD_BYTES);
    private static final int REACH_TIMEOUT_S = 30;

    private TopicSetup() {
    }

    /** Every topic the service reads or writes, with its configuration. */
    public static List<NewTopic> topics(Settings s) {
        Settings.Topics t = s.topics();
        List<NewTopic> out = new ArrayList<>();
        // Inputs take oversized values too, so that they reach the service and are dead-lettered as TOO_LARGE.
        for (String in : t.events()) {
            out.add(topic(s, in, Map.of("max.message.bytes", DLQ_MAX_BYTES)));
        }
        out.add(topic(s, t.campaigns(), Map.of("cleanup.policy", "compact", "max.message.bytes", DLQ_MAX_BYTES)));
        for (WindowSize w : s.windows()) {
            out.add(topic(s, t.campaignWindow(w), Map.of()));
            out.add(topic(s, t.campaignFinal(w), Map.of()));
            out.add(topic(s, t.channelWindow(w), Map.of()));
            out.add(topic(s, t.channelFinal(w), Map.of()));
        }
        out.add(topic(s, t.campaignTotal(), Map.of("cleanup.policy", "compact")));
        out.add(topic(s, t.channelTotal(), Map.of("cleanup.policy", "compact")));
        out.add(topic(s, t.dlq(), Map.of("max.message.bytes", DLQ_MAX_BYTES)));
        out.add(topic(s, t.late(), Map.of("max.message.bytes", DLQ_MAX_BYTES)));
        out.add(topic(s, t.alerts(), Map.of()));
        out.add(topic(s, t.experiment(), Map.of("cleanup.policy", "compact")));
        out.add(topic(s, t.recommendations(), Map.of()));
        return out;
    }

    private static NewTopic topic(Settings s, String name, Map<String, String> configs) {
        return new NewTopic(name, s.topicsPartitions(), s.topicsReplication()).configs(configs);
    }

    /**
     * Describes topics, waiting while freshly created ones are not yet known to the broker that
     * answers (topic metadata propagates asynchronously after creation).
     */
    private static Map<String, TopicDescription> describeWhenVisible(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException {
        return untilNotRetriable(() -> admin.describeTopics(topics).allTopicNames().get());
    }

    /**
     * Waits until every partition of freshly created topics answers a leader-only request. For a
     * few milliseconds after creation a partition is described with a leader that still answers
     * NOT_LEADER_OR_FOLLOWER; an idempotent producer whose first batches meet that can end up
     * looping on OUT_OF_ORDER_SEQUENCE_NUMBER and lose records (seen with Kafka 4.3.1), so nothing
     * may be written before the partitions are really led.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> created)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> partitions = new LinkedHashMap<>();
        for (NewTopic t : created) {
            for (int p = 0; p < t.numPartitions(); p++) {
                partitions.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
            }
        }
        untilNotRetriable(() -> admin.listOffsets(partitions).all().get());
    }

    /** An admin call that may fail with a retriable error while new topics settle. */
    @FunctionalInterface
    private interface AdminCall<T> {
        T get() throws InterruptedException, ExecutionException;
    }

    /** Repeats {@code call} while it fails with a retriable error, for at most the reach timeout. */
    private static <T> T untilNotRetriable(AdminCall<T> call) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REACH_TIMEOUT_S);
        while (true) {
            try {
                return call.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Creates what is missing and returns the event topics' real partition counts. */
    public static InputLayout ensure(Admin admin, Settings s) throws InterruptedException {
        try {
            Set<String> existing;
            try {
                existing = admin.listTopics().names().get(REACH_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new StartupException("cannot reach Kafka at " + s.bootstrapServers() + " within "
                        + REACH_TIMEOUT_S + " s; check bootstrap.servers (empty starts an embedded broker)");
            }
            List<NewTopic> missing = topics(s).stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                awaitLeaders(admin, missing);
                LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            }
            List<String> events = s.topics().events();
            Map<String, TopicDescription> described = describeWhenVisible(admin, events);
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String e : events) {
                counts.put(e, described.get(e).partitions().size());
            }
            return new InputLayout(events, List.copyOf(counts.values()));
        } catch (ExecutionException e) {
            throw new StartupException("cannot create or describe topics on " + s.bootstrapServers() + ": "
                    + e.getCause().getMessage());
        }
    }
}
