package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.EmbeddedKafka;
import io.campaignpulse.runtime.Service;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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
 * Attribution and customers on a real broker (CONTRACT sections 11 and 12): 100,000 events over
 * 16 campaigns in two currencies, among them 20,000 leads and sales that carry only a
 * {@code clickId}, 2,000 that no click explains (organic), and 1,000 customers who come back. The
 * clicks are written 20 minutes (event time) behind everything else, so most conversions are read
 * before their click, often on another partition. The ledger here credits, prices and counts
 * customers with nothing from the production code; every final and lifetime record, campaign and
 * channel, must equal it, each final once, and nothing may be late.
 */
@ExtendWith(KafkaBroker.class)
class AttributionIT {
    private static final Instant START = Instant.parse("2025-03-10T22:00:00Z");
    private static final long SPAN_MS = 3 * 3_600_000L;
    private static final long CLOCK = START.plus(Duration.ofDays(2)).toEpochMilli();
    private static final int PARTITIONS = 3;
    private static final int CAMPAIGNS = 16;
    private static final String[] MODELS = {"CPM", "CPC", "CPL", "CPA"};
    private static final String[] CHANNELS = {"search", "social", "video", "display", "email"};
    private static final String[] KINDS = {"impression", "click", "lead", "sale"};
    private static final String[] WINDOWS = {"5m", "1h", "1d"};
    private static final long[] WINDOW_MS = {300_000L, 3_600_000L, 86_400_000L};
    private static final int RETURNING = 1_000;

    private record Campaign(String id, String channel, String model, BigDecimal rate, String currency) {
        long priceMicros(int kind) {
            if (!MODELS[kind].equals(model)) {
                return 0;
            }
            BigDecimal micros = rate.movePointRight(6);
            return (kind == 0 ? micros.divide(BigDecimal.valueOf(1000)) : micros).longValueExact();
        }
    }

    /** An event; {@code campaign} is what its JSON names (null: only a click id). */
    private record Event(int kind, String id, Integer campaign, long time, String clickId, String user,
            BigDecimal revenue) {
        String json() {
            return "{\"eventId\":\"" + id + "\",\"type\":\"" + KINDS[kind] + "\""
                    + (campaign == null ? "" : ",\"campaignId\":\"" + campaignId(campaign) + "\"")
                    + (clickId == null ? "" : ",\"clickId\":\"" + clickId + "\"")
                    + ",\"timestamp\":\"" + Instant.ofEpochMilli(time) + "\""
                    + (user == null ? "" : ",\"userId\":\"" + user + "\"")
                    + (revenue == null ? "" : ",\"revenue\":" + revenue.toPlainString()) + "}";
        }
    }

    /** The ledger of one record. */
    private static final class Sums {
        final long[] counts = new long[4];
        long spend;
        long revenue;
        long newCustomers;
        final Set<String> repeat = new HashSet<>();
        long customerRevenue;
    }

    private final List<Campaign> campaigns = new ArrayList<>();
    private final List<List<List<Event>>> byPartition = new ArrayList<>();
    private final Map<String, Sums> ledger = new TreeMap<>();
    private int attributed;
    private int organic;

    private static String campaignId(int i) {
        return String.format("att-%02d", i);
    }

    private void generate() {
        Random r = new Random(23);
        for (int i = 0; i < CAMPAIGNS; i++) {
            String model = MODELS[i % 4];
            BigDecimal rate = switch (model) {
                case "CPM" -> new BigDecimal(10 + r.nextInt(40) + "." + (100 + r.nextInt(900)));
                case "CPC" -> new BigDecimal(1 + r.nextInt(9) + "." + (10 + r.nextInt(90)));
                case "CPL" -> new BigDecimal(20 + r.nextInt(80) + ".5");
                default -> new BigDecimal(100 + r.nextInt(400));
            };
            campaigns.add(new Campaign(campaignId(i), CHANNELS[i % CHANNELS.length], model, rate,
                    i % 3 == 0 ? "EUR" : "NOK"));
        }
        List<Event> all = new ArrayList<>();
        long start = START.toEpochMilli();
        for (int n = 0; n < 55_000; n++) {
            all.add(new Event(0, "i" + n, r.nextInt(CAMPAIGNS), start + r.nextInt((int) SPAN_MS), null,
                    r.nextInt(10) == 0 ? null : "v" + r.nextInt(30_000), null));
        }
        List<Event> clicks = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            Event c = new Event(1, "c" + n, r.nextInt(CAMPAIGNS), start + r.nextInt((int) SPAN_MS), "k" + n,
                    "v" + r.nextInt(30_000), null);
            clicks.add(c);
            all.add(c);
        }
        // Conversions: 20,000 after their click (1 s to 20 min), 2,000 organic (an unknown click id, or
        // a known one but before its click), 3,000 that name their campaign. Sales get users below.
        List<Event> sales = new ArrayList<>();
        List<int[]> saleSlots = new ArrayList<>();
        for (int n = 0; n < 25_000; n++) {
            int kind = r.nextInt(10) < 6 ? 2 : 3;
            Event click = clicks.get(r.nextInt(clicks.size()));
            Event e;
            if (n < 20_000) {
                e = new Event(kind, "a" + n, null, click.time() + 1_000 + r.nextInt(1_200_000), click.clickId(), null,
                        null);
            } else if (n < 21_000) {
                e = new Event(kind, "o" + n, null, start + r.nextInt((int) SPAN_MS), "nobody-" + n, null, null);
            } else if (n < 22_000) {
                e = new Event(kind, "o" + n, null, click.time() - 1_000 - r.nextInt(600_000), click.clickId(), null,
                        null);
            } else {
                e = new Event(kind, "n" + n, r.nextInt(CAMPAIGNS), start + r.nextInt((int) SPAN_MS), null, null, null);
            }
            if (kind == 3) {
                saleSlots.add(new int[] {sales.size()});
                sales.add(e);
            } else {
                all.add(e);
            }
        }
        // Users: 1,000 returning customers with 2 or 3 sales each, one-time customers, and one sale in ten
        // without a user.
        List<String> owners = new ArrayList<>();
        for (int u = 0; u < RETURNING; u++) {
            for (int k = 0; k < 2 + u % 2; k++) {
                owners.add("r" + u);
            }
        }
        java.util.Collections.shuffle(owners, r);
        for (int i = 0; i < sales.size(); i++) {
            Event e = sales.get(i);
            String user = i < owners.size() ? owners.get(i) : r.nextInt(10) == 0 ? null : "one-" + i;
            all.add(new Event(3, e.id(), e.campaign(), e.time(), e.clickId(), user,
                    new BigDecimal(10 + r.nextInt(500) + "." + r.nextInt(100))));
        }
        for (int k = 0; k < 4; k++) {
            List<List<Event>> parts = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                parts.add(new ArrayList<>());
            }
            byPartition.add(parts);
        }
        for (Event e : all) {
            byPartition.get(e.kind()).get(r.nextInt(PARTITIONS)).add(e);
        }
        for (List<List<Event>> parts : byPartition) {
            for (List<Event> list : parts) {
                list.sort(Comparator.comparingLong(Event::time).thenComparing(Event::id));
            }
        }
        account(all, clicks);
    }

    /** The ledger: credit every conversion, price it, count it, then the customers. */
    private void account(List<Event> all, List<Event> clicks) {
        Map<String, Event> clickById = new HashMap<>();
        clicks.forEach(c -> clickById.put(c.clickId(), c));
        Map<String, List<Object[]>> salesByUser = new TreeMap<>();
        for (Event e : all) {
            Integer campaign = e.campaign();
            if (campaign == null) {
                Event click = clickById.get(e.clickId());
                boolean credited = click != null && click.time() <= e.time()
                        && e.time() - click.time() < Duration.ofDays(7).toMillis();
                campaign = credited ? click.campaign() : null;
                if (credited) {
                    attributed++;
                } else {
                    organic++;
                }
            }
            Campaign c = campaign == null ? null : campaigns.get(campaign);
            String channel = c == null ? "organic" : c.channel();
            String currency = c == null ? "NOK" : c.currency();
            long spend = c == null ? 0 : c.priceMicros(e.kind());
            long revenue = e.revenue() == null ? 0 : e.revenue().movePointRight(6).longValueExact();
            for (String key : keys(c, channel, currency, e.time())) {
                Sums s = ledger.computeIfAbsent(key, k -> new Sums());
                s.counts[e.kind()]++;
                s.spend += spend;
                s.revenue += revenue;
            }
            if (e.kind() == 3 && e.user() != null) {
                salesByUser.computeIfAbsent(e.user(), k -> new ArrayList<>()).add(new Object[] {e, c, channel,
                    currency, revenue});
            }
        }
        int returning = 0;
        for (Map.Entry<String, List<Object[]>> u : salesByUser.entrySet()) {
            List<Object[]> sales = u.getValue();
            sales.sort(Comparator.comparingLong((Object[] s) -> ((Event) s[0]).time())
                    .thenComparing(s -> ((Event) s[0]).id()));
            returning += sales.size() > 1 ? 1 : 0;
            Object[] first = sales.get(0);
            for (int i = 0; i < sales.size(); i++) {
                Object[] s = sales.get(i);
                for (String key : keys((Campaign) s[1], (String) s[2], (String) s[3], ((Event) s[0]).time())) {
                    if (i == 0) {
                        ledger.get(key).newCustomers++;
                    } else {
                        ledger.get(key).repeat.add(u.getKey());
                    }
                }
                if (s[3].equals(first[3])) { // revenue in the acquiring campaign's currency
                    Campaign acquired = (Campaign) first[1];
                    if (acquired != null) {
                        ledger.get("C|total|" + acquired.id()).customerRevenue += (long) s[4];
                    }
                    ledger.get("H|total|" + first[2] + "/" + first[3]).customerRevenue += (long) s[4];
                }
            }
        }
        assertThat(returning).as("returning customers").isEqualTo(RETURNING);
    }

    /** The records an event counts in: its campaign's (none when organic) and its channel's. */
    private static List<String> keys(Campaign c, String channel, String currency, long time) {
        List<String> keys = new ArrayList<>();
        if (c != null) {
            keys.add("C|total|" + c.id());
        }
        keys.add("H|total|" + channel + "/" + currency);
        for (int w = 0; w < WINDOWS.length; w++) {
            String start = Instant.ofEpochMilli(Math.floorDiv(time, WINDOW_MS[w]) * WINDOW_MS[w]).toString();
            if (c != null) {
                keys.add("C|" + WINDOWS[w] + "|" + c.id() + "@" + start);
            }
            keys.add("H|" + WINDOWS[w] + "|" + channel + "/" + currency + "@" + start);
        }
        return keys;
    }

    @Test
    void shouldCreditConversionsAndCountCustomersExactly(EmbeddedKafka broker, @TempDir Path tmp) throws Exception {
        generate();
        assertThat(attributed).isEqualTo(20_000);
        assertThat(organic).isEqualTo(2_000);
        List<String> sets = new ArrayList<>(CatchUpIT.sets(broker, "att", PARTITIONS));
        // No idle claims while the test writes: windows close on the clock events alone.
        sets.addAll(List.of("http.port=0", "state.dir=" + tmp.resolve("state"), "windows=5m,1h,1d",
                "watermark.idle=PT2M"));
        Settings s = SettingsLoader.load(Map.of(), Map.of(), sets);
        CatchUpIT.createTopics(s);
        produceCatalogue(s);

        Map<String, JsonNode> records = new HashMap<>();
        Map<String, Integer> finalCount = new HashMap<>();
        List<String> late = new ArrayList<>();
        try (Service service = Service.start(s); KafkaConsumer<String, String> consumer = consumer(s)) {
            produce(s);
            try {
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    read(consumer, records, finalCount, late);
                    return differences(records).isEmpty();
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // the assertion below names every record that differs
            }
            read(consumer, records, finalCount, late); // a repeated final would show up here
        }
        List<String> diffs = differences(records);
        assertThat(diffs).as("records that differ from the ledger (" + diffs.size() + ")").isEmpty();
        assertThat(finalCount.values()).as("every final once").containsOnly(1);
        assertThat(late).as("late copies").isEmpty();
        JsonNode organicTotal = records.get("H|total|organic/NOK");
        assertThat(organicTotal.get("leads").asLong() + organicTotal.get("sales").asLong()).isEqualTo(2_000);
        long repeatUsers = ledger.entrySet().stream().filter(e -> e.getKey().startsWith("H|total|"))
                .mapToLong(e -> e.getValue().repeat.size()).sum();
        System.out.printf("AttributionIT: %d records equal the ledger; %d attributed, %d organic, %d repeat "
                + "customer entries in channel lifetime records%n", ledger.size(), attributed, organic, repeatUsers);
    }

    /** Each record that differs from the ledger, naming the fields. */
    private List<String> differences(Map<String, JsonNode> records) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Sums> e : ledger.entrySet()) {
            JsonNode n = records.get(e.getKey());
            if (n == null) {
                out.add(e.getKey() + ": missing");
                continue;
            }
            Sums s = e.getValue();
            Map<String, Object> want = new TreeMap<>();
            for (int k = 0; k < 4; k++) {
                want.put(KINDS[k] + "s", s.counts[k]);
            }
            want.put("spendMicros", s.spend);
            want.put("revenueMicros", s.revenue);
            want.put("newCustomers", s.newCustomers);
            want.put("repeatCustomers", (long) s.repeat.size());
            want.put("cac", money(s.spend, s.newCustomers));
            if (e.getKey().contains("|total|")) {
                want.put("customerRevenue", BigDecimal.valueOf(s.customerRevenue, 6));
                want.put("ltv", money(s.customerRevenue, s.newCustomers));
                want.put("ltvToCac", s.newCustomers == 0 || s.spend == 0 ? null
                        : BigDecimal.valueOf(s.customerRevenue).divide(BigDecimal.valueOf(s.spend), MathContext.DECIMAL128)
                                .doubleValue());
            }
            List<String> fields = new ArrayList<>();
            want.forEach((field, w) -> {
                JsonNode v = n.get(field);
                boolean same = w == null ? v.isNull() : !v.isNull() && (w instanceof BigDecimal d
                        ? v.decimalValue().compareTo(d) == 0 : w instanceof Double d ? v.doubleValue() == d
                        : v.asLong() == (Long) w);
                if (!same) {
                    fields.add(field + " want " + w + " got " + v);
                }
            });
            if (!fields.isEmpty()) {
                out.add(e.getKey() + ": " + String.join(", ", fields));
            }
        }
        return out;
    }

    private static BigDecimal money(long micros, long denominator) {
        return denominator == 0 ? null
                : BigDecimal.valueOf(micros, 6).divide(BigDecimal.valueOf(denominator), 6, RoundingMode.HALF_EVEN);
    }

    private void produceCatalogue(Settings s) {
        try (KafkaProducer<String, String> producer = producer(s)) {
            for (Campaign c : campaigns) {
                producer.send(new ProducerRecord<>(s.topics().campaigns(), c.id(), "{\"campaignId\":\"" + c.id()
                        + "\",\"channel\":\"" + c.channel() + "\",\"pricingModel\":\"" + c.model() + "\",\"rate\":"
                        + c.rate().toPlainString() + ",\"currency\":\"" + c.currency() + "\"}"));
            }
        }
    }

    /**
     * Every partition in its own order, the partitions merged by event time, clicks 20 minutes
     * behind; then a clock event two days on in every partition, so that every window closes.
     */
    private void produce(Settings s) {
        List<String> topics = s.topics().events();
        try (KafkaProducer<String, String> producer = producer(s)) {
            PriorityQueue<int[]> heads = new PriorityQueue<>(Comparator.comparingLong((int[] c) -> {
                Event e = byPartition.get(c[0]).get(c[1]).get(c[2]);
                return e.time() + (e.kind() == 1 ? 1_200_000L : 0);
            }));
            for (int k = 0; k < 4; k++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    if (!byPartition.get(k).get(p).isEmpty()) {
                        heads.add(new int[] {k, p, 0});
                    }
                }
            }
            while (!heads.isEmpty()) {
                int[] c = heads.poll();
                Event e = byPartition.get(c[0]).get(c[1]).get(c[2]);
                producer.send(new ProducerRecord<>(topics.get(c[0]), c[1], e.id(), e.json()));
                if (++c[2] < byPartition.get(c[0]).get(c[1]).size()) {
                    heads.add(c);
                }
            }
            for (int k = 0; k < 4; k++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    producer.send(new ProducerRecord<>(topics.get(k), p, "clock", "{\"eventId\":\"clock-" + k + p
                            + "\",\"campaignId\":\"zz-clock\",\"timestamp\":" + CLOCK + "}"));
                }
            }
        }
    }

    private static KafkaProducer<String, String> producer(Settings s) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Settings s) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "att-reader");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        List<String> topics = new ArrayList<>(List.of("att.kpi.campaign.total", "att.kpi.channel.total", "att.late"));
        for (String w : WINDOWS) {
            topics.add("att.kpi.campaign." + w + ".final");
            topics.add("att.kpi.channel." + w + ".final");
        }
        c.subscribe(topics);
        return c;
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static void read(KafkaConsumer<String, String> consumer, Map<String, JsonNode> records,
            Map<String, Integer> finalCount, List<String> late) throws Exception {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
            String t = r.topic();
            if (t.equals("att.late")) {
                late.add(r.value());
                continue;
            }
            boolean campaign = t.startsWith("att.kpi.campaign.");
            String rest = t.substring((campaign ? "att.kpi.campaign." : "att.kpi.channel.").length());
            String window = rest.endsWith(".final") ? rest.substring(0, rest.length() - 6) : rest;
            if (r.key().startsWith("zz-clock") || r.key().startsWith("unknown/")) {
                continue; // the clock events
            }
            String key = (campaign ? "C" : "H") + "|" + window + "|" + r.key();
            records.put(key, JSON.readTree(r.value()));
            if (!window.equals("total")) {
                finalCount.merge(key, 1, Integer::sum);
            }
        }
    }
}
