package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.EmbeddedKafka;
import io.campaignpulse.runtime.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reach and the funnel on a real broker: 200,000 users over 20 campaigns in 4 channels. The true
 * distinct users of every final and lifetime record (campaign and channel) are counted here with
 * plain sets, and every {@code reach}, {@code actUsers} and {@code convertUsers} must lie within 3
 * standard errors of them (relative standard error 1.04 / sqrt(2^12) at the default precision),
 * and equal them while a record has few users. Some impressions arrive 16 minutes behind their
 * partition: late for the 5-minute windows, which must not count their users, and on time for the
 * hour and day. Channel and hour records must be unions: below the sum of their parts.
 */
@ExtendWith(KafkaBroker.class)
class AudienceIT {
    private static final Instant START = Instant.parse("2025-03-10T22:00:00Z");
    private static final long SPAN_MS = 3 * 3_600_000L;
    private static final long CLOCK = START.plus(Duration.ofDays(2)).toEpochMilli();
    private static final int USERS = 200_000;
    private static final int CAMPAIGNS = 20;
    private static final int PARTITIONS = 3;
    private static final String[] CHANNELS = {"search", "social", "video", "display"};
    private static final String[] KINDS = {"impression", "click", "lead", "sale"};
    private static final String[] WINDOWS = {"5m", "1h", "1d"};
    private static final long[] WINDOW_MS = {300_000L, 3_600_000L, 86_400_000L};
    private static final double RSE = 1.04 / Math.sqrt(4096);
    /** A small campaign whose records stay exact (few users), which receives the late impressions. */
    private static final int SMALL = 19;

    /** True audience of one record. */
    private static final class Truth {
        long userImpressions;
        long impressions;
        final List<Set<Integer>> sets = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>());
    }

    private record Event(int kind, String id, int campaign, long time, Integer user) {
        String json() {
            return "{\"eventId\":\"" + id + "\",\"type\":\"" + KINDS[kind] + "\",\"campaignId\":\"" + AudienceIT.campaign(campaign)
                    + "\",\"timestamp\":\"" + Instant.ofEpochMilli(time) + "\""
                    + (user == null ? "" : ",\"userId\":\"user-" + user + "\"")
                    + (kind == 3 ? ",\"revenue\":10" : "") + "}";
        }
    }

    private static String campaign(int i) {
        return String.format("aud-%02d", i);
    }

    private static String channel(int campaign) {
        return CHANNELS[campaign % CHANNELS.length];
    }

    private final Map<String, Truth> truth = new TreeMap<>();
    private final List<List<List<Event>>> byPartition = new ArrayList<>();
    private int late;

    private Truth truth(String key) {
        return truth.computeIfAbsent(key, k -> new Truth());
    }

    /** Counts an event in the ledger; a late event misses the 5-minute windows. */
    private void account(Event e, boolean isLate) {
        List<String> keys = new ArrayList<>(List.of("C|total|" + campaign(e.campaign()),
                "H|total|" + channel(e.campaign()) + "/NOK"));
        for (int w = 0; w < WINDOWS.length; w++) {
            if (isLate && w == 0) {
                continue;
            }
            String start = Instant.ofEpochMilli(Math.floorDiv(e.time(), WINDOW_MS[w]) * WINDOW_MS[w]).toString();
            keys.add("C|" + WINDOWS[w] + "|" + campaign(e.campaign()) + "@" + start);
            keys.add("H|" + WINDOWS[w] + "|" + channel(e.campaign()) + "/NOK@" + start);
        }
        for (String k : keys) {
            Truth t = truth(k);
            if (e.kind() == 0) {
                t.impressions++;
            }
            if (e.user() != null) {
                if (e.kind() == 0) {
                    t.userImpressions++;
                }
                t.sets.get(e.kind() == 0 ? 0 : e.kind() == 3 ? 2 : 1).add(e.user());
            }
        }
    }

    private void generate() {
        Random r = new Random(11);
        for (int k = 0; k < 4; k++) {
            List<List<Event>> parts = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                parts.add(new ArrayList<>());
            }
            byPartition.add(parts);
        }
        int impressions = 420_000;
        int seq = 0;
        for (int n = 0; n < impressions; n++) {
            long time = START.toEpochMilli() + (long) n * SPAN_MS / impressions;
            // The small campaign gets a sliver of the traffic and a pool of 300 users.
            int c = r.nextInt(1000) < 3 ? SMALL : r.nextInt(CAMPAIGNS - 1);
            // Each channel has its own 50,000 users; its campaigns' pools of 25,000 overlap (6,250 apart).
            int user = c == SMALL ? 195_000 + r.nextInt(300)
                    : (c % 4) * 50_000 + (c / 4) * 6_250 + r.nextInt(25_000);
            Integer u = r.nextInt(100) == 0 ? null : user; // 1% of impressions carry no user
            add(new Event(0, "i" + seq++, c, time, u), r);
            if (r.nextInt(100) < 6) {
                add(new Event(1, "c" + seq++, c, time + 1, u), r);
                if (r.nextInt(100) < 20) {
                    add(new Event(2, "l" + seq++, c, time + 2, u), r);
                    if (r.nextInt(100) < 30) {
                        add(new Event(3, "s" + seq++, c, time + 3, u), r);
                    }
                }
            }
        }
        // Late impressions of the small campaign by new users, placed in impression partition 0 right
        // after its first event 16 minutes later: late for 5m (end + 10 min grace passed), on time for
        // 1h and 1d (times at minute 5-35 of their hour).
        List<Event> p0 = byPartition.get(0).get(0);
        for (int i = 0; i < 40; i++) {
            long hour = START.toEpochMilli() + 3_600_000L * (1 + i % 2);
            long time = hour + 300_000L + i * 45_000L;
            Event e = new Event(0, "late" + i, SMALL, time, 199_000 + i);
            int at = 0;
            while (p0.get(at).time() < time + 16 * 60_000L) {
                at++;
            }
            p0.add(at + 1, e);
            account(e, true);
            late++;
        }
    }

    private void add(Event e, Random r) {
        byPartition.get(e.kind()).get(r.nextInt(PARTITIONS)).add(e);
        account(e, false);
    }

    @Test
    void shouldEstimateReachAndTheFunnelWithinThreeStandardErrorsInEveryRecord(EmbeddedKafka broker,
            @TempDir Path tmp) throws Exception {
        generate();
        List<String> sets = new ArrayList<>(CatchUpIT.sets(broker, "aud", PARTITIONS));
        sets.addAll(List.of("http.port=0", "state.dir=" + tmp.resolve("state"), "windows=5m,1h,1d"));
        Settings s = SettingsLoader.load(Map.of(), Map.of(), sets);
        CatchUpIT.createTopics(s);
        produce(s);

        Map<String, JsonNode> records = new HashMap<>();
        Map<String, Integer> finalCount = new HashMap<>();
        Set<String> expected = truth.keySet();
        try (Service service = Service.start(s); KafkaConsumer<String, String> consumer = consumer(s)) {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100)).until(() -> {
                read(consumer, records, finalCount);
                return records.keySet().containsAll(expected) && lifetimeComplete(records);
            });
            read(consumer, records, finalCount); // a repeated final would show up here
        }
        assertThat(finalCount.values()).as("every final once").containsOnly(1);

        List<Double> errors = new ArrayList<>();
        double worst = 0;
        for (Map.Entry<String, Truth> e : truth.entrySet()) {
            JsonNode n = records.get(e.getKey());
            Truth t = e.getValue();
            assertThat(n.get("impressions").asLong()).as(e.getKey() + " impressions").isEqualTo(t.impressions);
            String[] fields = {"reach", "actUsers", "convertUsers"};
            for (int i = 0; i < 3; i++) {
                long want = t.sets.get(i).size();
                long got = n.get(fields[i]).asLong();
                assertThat((double) Math.abs(got - want)).as(e.getKey() + " " + fields[i] + " of " + want)
                        .isLessThanOrEqualTo(3 * RSE * want);
                if (want > 384) {
                    double rel = Math.abs(got - want) / (double) want;
                    errors.add(rel);
                    worst = Math.max(worst, rel);
                }
            }
            long reach = n.get("reach").asLong();
            if (reach > 0) {
                assertThat(n.get("frequency").asDouble()).as(e.getKey() + " frequency")
                        .isEqualTo((double) t.userImpressions / reach);
            }
        }
        assertThat(errors).as("records in estimation mode").hasSizeGreaterThan(200);
        double mean = errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("AudienceIT: %d estimates beyond 384 users, mean relative error %.4f%%, worst %.4f%%%n",
                errors.size(), mean * 100, worst * 100);

        // Exact while few users, and the late users are out of the 5-minute windows they missed.
        String lateHour = "C|1h|" + campaign(SMALL) + "@" + START.plus(Duration.ofHours(1));
        assertThat(records.get(lateHour).get("reach").asLong()).isEqualTo(truth.get(lateHour).sets.get(0).size());
        assertThat(truth.get(lateHour).sets.get(0)).contains(199_000);
        long smallMinuteReach = truth.entrySet().stream()
                .filter(e -> e.getKey().startsWith("C|5m|" + campaign(SMALL) + "@"))
                .peek(e -> assertThat(records.get(e.getKey()).get("reach").asLong()).as(e.getKey())
                        .isEqualTo(e.getValue().sets.get(0).size()))
                .peek(e -> assertThat(e.getValue().sets.get(0)).noneMatch(u -> u >= 199_000))
                .count();
        assertThat(smallMinuteReach).isEqualTo(36);
        assertThat(late).isEqualTo(40);

        // Unions, not sums: a channel's hour reaches fewer users than its campaigns' hours together,
        // and an hour fewer than its twelve 5-minute windows together.
        for (Map.Entry<String, JsonNode> e : records.entrySet()) {
            if (!e.getKey().startsWith("H|1h|")) {
                continue;
            }
            String channelAndStart = e.getKey().substring(5);
            String ch = channelAndStart.substring(0, channelAndStart.indexOf('/'));
            String start = channelAndStart.substring(channelAndStart.indexOf('@') + 1);
            long campaignsSum = 0;
            for (int c = 0; c < CAMPAIGNS; c++) {
                JsonNode cr = records.get("C|1h|" + campaign(c) + "@" + start);
                if (channel(c).equals(ch) && cr != null) {
                    campaignsSum += cr.get("reach").asLong();
                }
            }
            long fiveMinuteSum = records.entrySet().stream().filter(x -> x.getKey().startsWith("H|5m|" + ch + "/"))
                    .filter(x -> within(x.getKey(), start)).mapToLong(x -> x.getValue().get("reach").asLong()).sum();
            long reach = e.getValue().get("reach").asLong();
            assertThat(reach).as(e.getKey() + " below its campaigns' sum").isLessThan((long) (campaignsSum * 0.9));
            assertThat(reach).as(e.getKey() + " below its 5m windows' sum").isLessThan((long) (fiveMinuteSum * 0.9));
        }
    }

    private static boolean within(String fiveMinuteKey, String hourStart) {
        Instant t = Instant.parse(fiveMinuteKey.substring(fiveMinuteKey.indexOf('@') + 1));
        Instant h = Instant.parse(hourStart);
        return !t.isBefore(h) && t.isBefore(h.plus(Duration.ofHours(1)));
    }

    private boolean lifetimeComplete(Map<String, JsonNode> records) {
        for (Map.Entry<String, Truth> e : truth.entrySet()) {
            if (e.getKey().contains("|total|")) {
                JsonNode n = records.get(e.getKey());
                if (n == null || n.get("impressions").asLong() != e.getValue().impressions) {
                    return false;
                }
            }
        }
        return true;
    }

    private void produce(Settings s) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int c = 0; c < CAMPAIGNS; c++) {
                producer.send(new ProducerRecord<>(s.topics().campaigns(), campaign(c), "{\"campaignId\":\""
                        + campaign(c) + "\",\"channel\":\"" + channel(c) + "\",\"pricingModel\":\"CPM\",\"rate\":12}"));
            }
            producer.flush();
            List<String> topics = s.topics().events();
            for (int k = 0; k < 4; k++) {
                for (int part = 0; part < PARTITIONS; part++) {
                    for (Event e : byPartition.get(k).get(part)) {
                        producer.send(new ProducerRecord<>(topics.get(k), part, e.id(), e.json()));
                    }
                    // Then a clock event two days on: every window closes.
                    producer.send(new ProducerRecord<>(topics.get(k), part, "clock",
                            new Event(k, "clock-" + k + "-" + part, 99, CLOCK, null).json()));
                }
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(Settings s) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "aud-reader");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        List<String> topics = new ArrayList<>();
        for (String w : WINDOWS) {
            topics.add("aud.kpi.campaign." + w + ".final");
            topics.add("aud.kpi.channel." + w + ".final");
        }
        topics.add("aud.kpi.campaign.total");
        topics.add("aud.kpi.channel.total");
        c.subscribe(topics);
        return c;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void read(KafkaConsumer<String, String> consumer, Map<String, JsonNode> records,
            Map<String, Integer> finalCount) throws Exception {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
            String t = r.topic();
            String scope = t.startsWith("aud.kpi.campaign.") ? "C" : "H";
            String rest = t.substring(t.indexOf(scope.equals("C") ? "campaign." : "channel.")
                    + (scope.equals("C") ? 9 : 8));
            String window = rest.endsWith(".final") ? rest.substring(0, rest.length() - 6) : rest;
            if (r.key().startsWith("aud-99") || r.key().startsWith("unknown")) {
                continue; // the clock events' campaign
            }
            String key = scope + "|" + window + "|" + r.key();
            records.put(key, JSON.readTree(r.value()));
            if (!window.equals("total")) {
                finalCount.merge(key, 1, Integer::sum);
            }
        }
    }
}
