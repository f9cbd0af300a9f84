package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.Settings;
import io.campaignpulse.config.WindowSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the service's outputs as a billing consumer would (read_committed, from the start) and
 * keeps every final record, the latest lifetime record per campaign, and the late and dead
 * letters. Checks them against a {@link Dataset}'s independently computed expectations.
 */
final class Outputs implements AutoCloseable {
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    final Map<String, JsonNode> finals = new HashMap<>();
    final Map<String, Integer> finalCount = new HashMap<>();
    /** The revisions of each final key, in the order read. */
    final Map<String, List<Long>> revisions = new HashMap<>();
    final Map<String, JsonNode> totals = new HashMap<>();
    final List<String> late = new ArrayList<>();
    /** The {@code late.windows} header of each late copy. */
    final List<String> lateWindows = new ArrayList<>();
    /** The latest running record per (size|key), when running topics are read. */
    final Map<String, JsonNode> running = new HashMap<>();
    final List<String> dlq = new ArrayList<>();
    /** The latest experiment record per campaign. */
    final Map<String, JsonNode> experiments = new HashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, String> sizeByFinalTopic = new HashMap<>();
    private final Map<String, String> sizeByRunningTopic = new HashMap<>();
    private final Settings.Topics topics;

    Outputs(Settings s, String group) {
        this(s, group, false);
    }

    /** With {@code withRunning}, also keeps the latest running record of every campaign window. */
    Outputs(Settings s, String group, boolean withRunning) {
        topics = s.topics();
        for (WindowSize w : s.windows()) {
            sizeByFinalTopic.put(topics.campaignFinal(w), w.name());
            if (withRunning) {
                sizeByRunningTopic.put(topics.campaignWindow(w), w.name());
            }
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<String> subscribed = new ArrayList<>(sizeByFinalTopic.keySet());
        subscribed.addAll(sizeByRunningTopic.keySet());
        subscribed.addAll(List.of(topics.campaignTotal(), topics.late(), topics.dlq(), topics.experiment()));
        consumer.subscribe(subscribed);
    }

    /** Reads what is there now. */
    void poll(Duration wait) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            if (r.topic().equals(topics.late())) {
                late.add(new String(r.value()));
                var h = r.headers().lastHeader("late.windows");
                lateWindows.add(h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
            } else if (sizeByRunningTopic.containsKey(r.topic())) {
                running.put(sizeByRunningTopic.get(r.topic()) + "|" + r.key(), read(r.value()));
            } else if (r.topic().equals(topics.dlq())) {
                dlq.add(r.value() == null ? "null" : new String(r.value()));
            } else if (r.topic().equals(topics.experiment())) {
                experiments.put(r.key(), read(r.value()));
            } else if (r.topic().equals(topics.campaignTotal())) {
                totals.put(r.key(), read(r.value()));
            } else {
                String key = sizeByFinalTopic.get(r.topic()) + "|" + r.key();
                JsonNode n = read(r.value());
                finals.put(key, n);
                finalCount.merge(key, 1, Integer::sum);
                revisions.computeIfAbsent(key, k -> new ArrayList<>()).add(n.get("revision").asLong());
            }
        }
    }

    /** True once every expected final is in and every lifetime record counts at least every event. */
    boolean reached(Dataset data) {
        return covers(data, false);
    }

    /** True once every expected final is in and every lifetime record counts every event. */
    boolean complete(Dataset data) {
        return covers(data, true);
    }

    private boolean covers(Dataset data, boolean exactly) {
        if (!finals.keySet().containsAll(data.expectedFinals.keySet())) {
            return false;
        }
        for (Map.Entry<String, Dataset.Sums> e : data.expectedTotals.entrySet()) {
            JsonNode n = totals.get(e.getKey());
            long events = 0;
            for (long c : e.getValue().counts) {
                events += c;
            }
            long seen = n == null ? -1 : n.get("impressions").asLong() + n.get("clicks").asLong()
                    + n.get("leads").asLong() + n.get("sales").asLong();
            if (exactly ? seen != events : seen < events) {
                return false;
            }
        }
        return true;
    }

    /**
     * Everything exact: every final once and equal, every total equal, exactly the data set's late
     * events on the late topic and its invalid records on the dead-letter topic.
     */
    void assertExact(Dataset data) {
        poll(Duration.ofSeconds(2)); // a duplicate final would show up here
        assertThat(late).as("late events").hasSize(data.late.size());
        assertThat(dlq).as("dead letters").hasSize(data.invalid);
        assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(data.expectedFinals.keySet());
        assertThat(finalCount.values()).as("finals per window").containsOnly(1);
        assertRecords(data.expectedFinals, finals);
        assertRecords(data.expectedTotals, totals);
        for (Map.Entry<String, Dataset.Sums> e : data.expectedFinals.entrySet()) {
            JsonNode n = finals.get(e.getKey());
            assertThat(n.get("final").asBoolean()).isTrue();
            String campaignId = e.getKey().substring(e.getKey().indexOf('|') + 1, e.getKey().indexOf('@'));
            Dataset.Campaign c = data.campaign(campaignId);
            assertThat(n.get("currency").asText()).isEqualTo(c.currency());
            assertThat(n.get("pricingModel").asText()).isEqualTo(c.model());
            assertThat(n.get("channel").asText()).isEqualTo(c.channel());
            assertThat(n.get("windowStart").asText()).isEqualTo(e.getKey().substring(e.getKey().indexOf('@') + 1));
        }
        for (Map.Entry<String, Dataset.Sums> e : data.expectedTotals.entrySet()) {
            assertRecord(e.getKey(), totals.get(e.getKey()), e.getValue());
        }
        assertExperiments(data);
    }

    /** True once every final holds every late event the ledger folds into it. */
    boolean revised(Dataset data) {
        if (!finals.keySet().containsAll(data.expectedFinalsWithLate.keySet()) || !complete(data)) {
            return false;
        }
        for (Map.Entry<String, Long> e : data.lateByFinal.entrySet()) {
            if (finals.get(e.getKey()).get("lateEvents").asLong() < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * With late revisions on: every window's latest final equals the ledger with the late events
     * folded in and counts them in {@code lateEvents}; its revisions go up one at a time (from 0,
     * or 1 for a window only a late event reached, never repeated), a window without late events
     * has one final of revision 0; lifetime records and experiments are exact.
     */
    void assertExactWithRevisions(Dataset data) {
        poll(Duration.ofSeconds(2));
        java.util.Map<String, Long> byHeader = new java.util.TreeMap<>();
        lateWindows.forEach(h -> byHeader.merge(String.valueOf(h), 1L, Long::sum));
        assertThat(late).as("late events, by late.windows: %s", byHeader).hasSize(data.late.size());
        assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(data.expectedFinalsWithLate.keySet());
        for (Map.Entry<String, Dataset.Sums> e : data.expectedFinalsWithLate.entrySet()) {
            JsonNode n = finals.get(e.getKey());
            assertRecord(e.getKey(), n, e.getValue());
            long lateEvents = data.lateByFinal.getOrDefault(e.getKey(), 0L);
            assertThat(n.get("lateEvents").asLong()).as(e.getKey() + " lateEvents").isEqualTo(lateEvents);
            List<Long> revs = revisions.get(e.getKey());
            boolean onlyLate = !data.expectedFinals.containsKey(e.getKey());
            assertThat(revs.get(0)).as(e.getKey() + " first revision").isEqualTo(onlyLate ? 1L : 0L);
            for (int i = 1; i < revs.size(); i++) {
                assertThat(revs.get(i)).as(e.getKey() + " revisions " + revs).isEqualTo(revs.get(i - 1) + 1);
            }
            if (lateEvents == 0) {
                assertThat(revs).as(e.getKey() + " without late events").containsExactly(0L);
            }
            // With late events, how many revisions there are depends on timing (late events that
            // arrive while their window is still open are in its first final); the content does not.
        }
        for (Map.Entry<String, Dataset.Sums> e : data.expectedTotals.entrySet()) {
            assertRecord(e.getKey(), totals.get(e.getKey()), e.getValue());
        }
        assertExperiments(data);
    }

    /** Every experiment record's variants equal the ledger's per-variant lifetime sums. */
    void assertExperiments(Dataset data) {
        assertThat(experiments.keySet()).containsExactlyInAnyOrderElementsOf(data.expectedExperiments.keySet());
        for (Map.Entry<String, Map<String, Dataset.Sums>> e : data.expectedExperiments.entrySet()) {
            JsonNode x = experiments.get(e.getKey());
            assertThat(x.get("control").asText()).isEqualTo("A");
            List<String> variants = new ArrayList<>();
            x.get("variants").forEach(v -> variants.add(v.get("variant").asText()));
            assertThat(variants).containsExactlyElementsOf(e.getValue().keySet());
            int i = 0;
            for (Map.Entry<String, Dataset.Sums> v : e.getValue().entrySet()) {
                JsonNode n = x.get("variants").get(i++);
                Dataset.Sums s = v.getValue();
                String what = e.getKey() + " variant " + v.getKey();
                assertThat(n.get("impressions").asLong()).as(what).isEqualTo(s.counts[0]);
                assertThat(n.get("clicks").asLong()).as(what).isEqualTo(s.counts[1]);
                assertThat(n.get("leads").asLong()).as(what).isEqualTo(s.counts[2]);
                assertThat(n.get("sales").asLong()).as(what).isEqualTo(s.counts[3]);
                assertThat(n.get("spend").decimalValue()).as(what).isEqualByComparingTo(s.spend);
                assertThat(n.get("revenue").decimalValue()).as(what).isEqualByComparingTo(s.revenue);
            }
        }
    }

    private static void assertRecord(String key, JsonNode n, Dataset.Sums s) {
        String diff = difference(key, n, s);
        if (diff != null) {
            throw new AssertionError(diff);
        }
    }

    /** Every record of {@code expected} compared; one error naming all that differ (so a pattern shows). */
    private static void assertRecords(Map<String, Dataset.Sums> expected, Map<String, JsonNode> actual) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, Dataset.Sums> e : expected.entrySet()) {
            String diff = difference(e.getKey(), actual.get(e.getKey()), e.getValue());
            if (diff != null) {
                diffs.add(diff);
            }
        }
        if (!diffs.isEmpty()) {
            throw new AssertionError(diffs.size() + " of " + expected.size() + " records differ from the ledger:\n  "
                    + String.join("\n  ", diffs.subList(0, Math.min(40, diffs.size()))));
        }
    }

    /** Null when the record equals the ledger, else each differing field with wanted and actual value. */
    private static String difference(String key, JsonNode n, Dataset.Sums s) {
        if (n == null) {
            return key + ": missing";
        }
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, Object> f : Dataset.expectedFields(s).entrySet()) {
            JsonNode v = n.get(f.getKey());
            Object want = f.getValue();
            boolean same;
            if (want == null) {
                same = v == null || v.isNull();
            } else if (v == null || v.isNull()) {
                same = false;
            } else if (want instanceof BigDecimal d) {
                same = v.decimalValue().compareTo(d) == 0;
            } else if (want instanceof Double d) {
                same = v.doubleValue() == d;
            } else {
                same = v.asLong() == ((Number) want).longValue();
            }
            if (!same) {
                fields.add(f.getKey() + " want " + want + " got " + v);
            }
        }
        return fields.isEmpty() ? null : key + ": " + String.join(", ", fields);
    }

    private static JsonNode read(byte[] value) {
        try {
            return EXACT.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
