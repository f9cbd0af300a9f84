package io.campaignpulse.runtime;

import io.campaignpulse.topology.EndCheck;
import io.campaignpulse.topology.InputLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Checks which input partitions the application has committed to their end: it asks for every
 * input partition's end offset (read_committed under exactly-once, as the Streams consumers read),
 * then for the group's committed offsets. Anything written before the check began is below the end
 * offset it sees, so a partition at its end then holds nothing the application has not processed.
 */
final class EndChecker {
    private static final long TIMEOUT_MS = 5_000L;

    private final Admin admin;
    private final String group;
    private final List<TopicPartition> inputs = new ArrayList<>();
    private final IsolationLevel isolation;

    EndChecker(Admin admin, String group, InputLayout layout, boolean exactlyOnce) {
        this.admin = admin;
        this.group = group;
        for (int t = 0; t < layout.topics().size(); t++) {
            for (int p = 0; p < layout.partitions().get(t); p++) {
                inputs.add(new TopicPartition(layout.topics().get(t), p));
            }
        }
        this.isolation = exactlyOnce ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
    }

    /** One check; throws when the cluster does not answer within 5 s (the caller keeps its last check). */
    EndCheck check() throws InterruptedException, ExecutionException, TimeoutException {
        long started = System.currentTimeMillis();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        inputs.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                .listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Set<String> atEnd = new HashSet<>();
        for (TopicPartition tp : inputs) {
            OffsetAndMetadata c = committed.get(tp);
            long end = ends.get(tp).offset();
            if ((c == null ? 0L : c.offset()) >= end) {
                atEnd.add(tp.topic() + "-" + tp.partition());
            }
        }
        return new EndCheck(started, atEnd);
    }
}
