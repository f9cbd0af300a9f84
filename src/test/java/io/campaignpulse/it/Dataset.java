package io.campaignpulse.it;

import io.campaignpulse.config.Settings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A fixed data set and its expected KPIs, computed here with BigDecimal and nothing from the
 * production code: 24 campaigns over all four pricing models and two currencies, and events
 * spread over four hours across midnight (so 1d windows close too).
 */
final class Dataset {
    static final String[] MODELS = {"CPM", "CPC", "CPL", "CPA"};
    static final String[] KINDS = {"impression", "click", "lead", "sale"};
    static final Instant START = Instant.parse("2025-03-10T22:00:00Z");
    static final long SPAN_MS = 4 * 3_600_000L;

    record Campaign(String id, String channel, String model, BigDecimal rate, String currency) {
        String json() {
            return "{\"campaignId\":\"" + id + "\",\"name\":\"IT " + id + "\",\"channel\":\"" + channel
                    + "\",\"pricingModel\":\"" + model + "\",\"rate\":" + rate.toPlainString() + ",\"currency\":\""
                    + currency + "\",\"dailyBudget\":1000}";
        }

        BigDecimal priceOf(int kind) {
            if (!MODELS[kind].equals(model)) {
                return BigDecimal.ZERO;
            }
            return kind == 0 ? rate.divide(BigDecimal.valueOf(1000)) : rate;
        }
    }

    /**
     * An event; {@code key} is its record key, {@code raw} (when set) replaces its JSON by bad bytes.
     * Every click carries a {@code clickId}; a conversion {@code viaClick} carries only its click's
     * id, not its campaign (which the service must find from the click, CONTRACT section 11).
     */
    record Event(int kind, String id, String campaign, long time, BigDecimal cost, BigDecimal revenue, String key,
            String raw, String user, String clickId, boolean viaClick) {
        Event(int kind, String id, String campaign, long time, BigDecimal cost, BigDecimal revenue, String user) {
            this(kind, id, campaign, time, cost, revenue, "user-" + id, null, user);
        }

        Event(int kind, String id, String campaign, long time, BigDecimal cost, BigDecimal revenue, String key,
                String raw, String user) {
            this(kind, id, campaign, time, cost, revenue, key, raw, user, kind == 1 ? "k-" + id : null, false);
        }

        /** Campaigns it-00 and it-01 run an A/B experiment; the variant is fixed by the event id. */
        String variant() {
            if (raw != null || !EXPERIMENTS.contains(campaign)) {
                return null;
            }
            return (id.hashCode() & 1) == 0 ? "A" : "B";
        }

        String json() {
            return raw != null ? raw : "{\"eventId\":\"" + id + "\",\"type\":\"" + KINDS[kind] + "\""
                    + (viaClick ? "" : ",\"campaignId\":\"" + campaign + "\"")
                    + (clickId == null ? "" : ",\"clickId\":\"" + clickId + "\"")
                    + ",\"timestamp\":\"" + Instant.ofEpochMilli(time) + "\""
                    + (user == null ? "" : ",\"userId\":\"" + user + "\"")
                    + (variant() == null ? "" : ",\"variant\":\"" + variant() + "\"")
                    + (cost == null ? "" : ",\"cost\":" + cost.toPlainString())
                    + (revenue == null ? "" : ",\"revenue\":" + revenue.toPlainString()) + "}";
        }
    }

    /**
     * Sums for one (campaign, window), and its users: reached (impressions), acting (clicks and
     * leads), converting (sales). The data set has at most {@value #USERS} users, so every record's
     * sketches are in their exact mode and the expected distinct counts are exact.
     */
    static final class Sums {
        final long[] counts = new long[4];
        BigDecimal spend = BigDecimal.ZERO;
        BigDecimal revenue = BigDecimal.ZERO;
        long userImpressions;
        final List<java.util.Set<String>> users = List.of(new java.util.HashSet<>(), new java.util.HashSet<>(),
                new java.util.HashSet<>());
        /** Users whose first sale is one of these sales, and users with a sale that is not their first. */
        long newCustomers;
        final java.util.Set<String> repeatCustomers = new java.util.HashSet<>();
        /** Lifetime records only (else null): revenue of every sale by the customers acquired here. */
        BigDecimal customerRevenue;
    }

    /** Campaigns whose events carry a variant. */
    static final List<String> EXPERIMENTS = List.of("it-00", "it-01");
    /** Per experiment campaign and variant: lifetime sums, late events included. */
    final Map<String, Map<String, Sums>> expectedExperiments = new TreeMap<>();

    /** Leads and sales that carry only their click's id. */
    int viaClick;
    private final List<Event> clicks = new ArrayList<>();

    /**
     * The customers of the data (CONTRACT section 12): each user's first sale by time (ties: the
     * smaller event id; the data spans hours, far less than customers.lookback) counts a new customer
     * in its records; every other sale a repeat customer in its own; a customer's revenue in the
     * currency of the campaign that acquired it goes to that campaign's lifetime record.
     */
    private void customers() {
        Map<String, List<Event>> byUser = new TreeMap<>();
        for (List<List<Event>> parts : byPartition) {
            for (List<Event> list : parts) {
                for (Event e : list) {
                    if (e.kind() == 3 && e.raw() == null && e.user() != null) {
                        byUser.computeIfAbsent(e.user(), k -> new ArrayList<>()).add(e);
                    }
                }
            }
        }
        for (Campaign c : campaigns) {
            expectedTotals.computeIfAbsent(c.id(), k -> new Sums()).customerRevenue = BigDecimal.ZERO;
        }
        for (List<Event> sales : byUser.values()) {
            sales.sort(java.util.Comparator.comparingLong(Event::time).thenComparing(Event::id));
            Campaign acquired = campaign(sales.get(0).campaign());
            for (int i = 0; i < sales.size(); i++) {
                Event e = sales.get(i);
                Campaign c = campaign(e.campaign());
                List<Sums> records = new ArrayList<>();
                for (String key : finalKeys(e, c)) {
                    records.add(expectedFinals.get(key));
                    records.add(expectedFinalsWithLate.get(key));
                }
                records.add(expectedTotals.get(c.id()));
                for (Sums s : records) {
                    if (i == 0) {
                        s.newCustomers++;
                    } else {
                        s.repeatCustomers.add(e.user());
                    }
                }
                if (c.currency().equals(acquired.currency())) {
                    Sums t = expectedTotals.get(acquired.id());
                    t.customerRevenue = t.customerRevenue.add(e.revenue());
                }
            }
        }
    }

    /** Distinct users of the whole data set; one in ten events has none. */
    static final int USERS = 300;

    final List<Campaign> campaigns = new ArrayList<>();
    /** Events per (topic kind, partition), in production order (time order with jitter). */
    final List<List<List<Event>>> byPartition = new ArrayList<>();
    final Map<String, Sums> expectedFinals = new TreeMap<>();
    /** The finals once late events are folded in (late.revisions with enough retention). */
    final Map<String, Sums> expectedFinalsWithLate = new TreeMap<>();
    /** Late events per final key. */
    final Map<String, Long> lateByFinal = new TreeMap<>();
    final Map<String, Sums> expectedTotals = new TreeMap<>();
    int eventCount;
    /** How many neighbour pairs were put out of order. */
    int swapped;
    /** Copies of accepted events (same topic and eventId, another key and often another partition). */
    int duplicates;
    /** Records that must go to the dead-letter topic. */
    int invalid;
    /** Events produced after the clock event, late for every window size; counted in lifetime totals only. */
    final List<Event> late = new ArrayList<>();

    Dataset(int partitions, int events, long seed) {
        Random r = new Random(seed);
        Random users = new Random(seed + 1_000_003L);
        String[] channels = {"search", "social", "video", "display", "affiliate", "email"};
        for (int i = 0; i < 24; i++) {
            String model = MODELS[i % 4];
            BigDecimal rate = switch (model) {
                case "CPM" -> new BigDecimal(20 + r.nextInt(100) + "." + (100 + r.nextInt(900)));
                case "CPC" -> new BigDecimal(1 + r.nextInt(20) + "." + (10 + r.nextInt(90)));
                case "CPL" -> new BigDecimal(30 + r.nextInt(300) + ".5");
                default -> new BigDecimal(100 + r.nextInt(900));
            };
            campaigns.add(new Campaign(String.format("it-%02d", i), channels[i % channels.length], model, rate,
                    i % 2 == 0 ? "NOK" : "EUR"));
        }
        for (int k = 0; k < 4; k++) {
            List<List<Event>> parts = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                parts.add(new ArrayList<>());
            }
            byPartition.add(parts);
        }
        int[] kindWeights = {70, 20, 7, 3};
        for (int n = 0; n < events; n++) {
            int pick = r.nextInt(100);
            int kind = pick < kindWeights[0] ? 0 : pick < 90 ? 1 : pick < 97 ? 2 : 3;
            Campaign c = campaigns.get(r.nextInt(campaigns.size()));
            long time = START.toEpochMilli() + (long) n * SPAN_MS / events;
            BigDecimal cost = kind == 1 && n % 7 == 0 ? new BigDecimal("0.35") : null;
            BigDecimal revenue = kind == 3 ? new BigDecimal(100 + r.nextInt(2000) + "." + r.nextInt(10) + "5") : null;
            int u = users.nextInt(USERS * 10 / 9);
            String id = "ev-" + n;
            Event e = new Event(kind, id, c.id(), time, cost, revenue, u < USERS ? "u" + u : null);
            if (kind >= 2 && r.nextBoolean()) {
                // Half the leads and sales carry only the id of an earlier click, at least a minute before them
                // (so the click precedes in its partition everything at or after the conversion's time).
                Event click = null;
                for (int i = clicks.size() - 1; i >= 0 && click == null; i--) {
                    if (clicks.get(i).time() <= time - 60_000L) {
                        click = clicks.get(Math.max(0, i - r.nextInt(Math.min(i + 1, 50))));
                    }
                }
                if (click != null) {
                    c = campaign(click.campaign());
                    e = new Event(kind, id, c.id(), time, cost, revenue, "user-" + id, null, e.user(), click.clickId(),
                            true);
                    viaClick++;
                }
            }
            if (kind == 1) {
                clicks.add(e);
            }
            byPartition.get(kind).get(r.nextInt(partitions)).add(e);
            account(e, c);
            eventCount++;
        }
        customers();
        // Small out-of-order jitter within each partition: some disjoint neighbour pairs at most 30 s apart
        // are swapped, so no event ever trails its partition's progress by more than 30 s (grace is 10 min).
        for (List<List<Event>> parts : byPartition) {
            for (List<Event> list : parts) {
                for (int i = 1; i < list.size(); i += 2) {
                    Event a = list.get(i - 1);
                    Event b = list.get(i);
                    if (r.nextInt(3) == 0 && b.time() - a.time() <= 30_000) {
                        list.set(i - 1, b);
                        list.set(i, a);
                        swapped++;
                    }
                }
            }
        }
    }

    /**
     * Adds {@code n} copies of random events, each in a random partition of its topic at the place
     * its time fits, so it is never late there.
     */
    void addDuplicates(int n, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(2);
            List<List<Event>> parts = byPartition.get(kind);
            List<Event> from = parts.get(r.nextInt(parts.size()));
            Event e = from.get(r.nextInt(from.size()));
            Event copy = new Event(e.kind(), e.id(), e.campaign(), e.time(), e.cost(), e.revenue(),
                    "copy-" + i + "-of-" + e.id(), null, e.user());
            List<Event> to = parts.get(r.nextInt(parts.size()));
            int at = 0;
            while (at < to.size() && to.get(at).time() < e.time()) {
                at++;
            }
            to.add(at, copy);
            duplicates++;
        }
    }

    /** Adds {@code n} invalid records (several reasons) at random places. */
    void addInvalid(int n, long seed) {
        Random r = new Random(seed);
        String[] bad = {"not json", "{\"eventId\":\"x\"", "null", "[1]", "{\"campaignId\":\"it-00\"}",
            "{\"eventId\":\"x\",\"campaignId\":\"bad id\"}", "{\"eventId\":\"x\",\"campaignId\":\"it-00\",\"cost\":-1}",
            "{\"eventId\":\"x\",\"campaignId\":\"it-00\",\"cost\":0.1234567}",
            "{\"eventId\":\"x\",\"campaignId\":\"it-01\",\"currency\":\"NOK\"}"};
        for (int i = 0; i < n; i++) {
            List<List<Event>> parts = byPartition.get(r.nextInt(4));
            List<Event> to = parts.get(r.nextInt(parts.size()));
            int at = r.nextInt(to.size() + 1);
            long time = to.isEmpty() ? START.toEpochMilli() : to.get(Math.min(at, to.size() - 1)).time();
            to.add(at, new Event(0, "bad-" + i, "", time, null, null, "bad-" + i, bad[i % bad.length], null));
            invalid++;
        }
    }

    /** Adds {@code n} events produced after the clock event, late for every window size. */
    void addLate(int n) {
        for (int i = 0; i < n; i++) {
            Campaign c = campaigns.get(i % campaigns.size());
            Event e = new Event(0, "late-" + i, c.id(), START.toEpochMilli() + 90_000L + i, null, null, "late-u" + i);
            late.add(e);
            BigDecimal spend = c.priceOf(0);
            for (String key : finalKeys(e, c)) {
                add(expectedFinalsWithLate.computeIfAbsent(key, k -> new Sums()), e, spend, BigDecimal.ZERO);
                lateByFinal.merge(key, 1L, Long::sum);
            }
            add(expectedTotals.computeIfAbsent(c.id(), k -> new Sums()), e, spend, BigDecimal.ZERO);
            addToExperiment(e, spend, BigDecimal.ZERO);
        }
    }

    private void account(Event e, Campaign c) {
        BigDecimal spend = e.cost() != null ? e.cost() : c.priceOf(e.kind());
        BigDecimal revenue = e.revenue() == null ? BigDecimal.ZERO : e.revenue();
        for (String key : finalKeys(e, c)) {
            add(expectedFinals.computeIfAbsent(key, k -> new Sums()), e, spend, revenue);
            add(expectedFinalsWithLate.computeIfAbsent(key, k -> new Sums()), e, spend, revenue);
        }
        add(expectedTotals.computeIfAbsent(c.id(), k -> new Sums()), e, spend, revenue);
        addToExperiment(e, spend, revenue);
    }

    /** The keys (size|campaign@start) of the 1m, 1h and 1d windows of an event. */
    private static List<String> finalKeys(Event e, Campaign c) {
        List<String> keys = new ArrayList<>();
        Map<String, Long> sizes = Map.of("1m", 60_000L, "1h", 3_600_000L, "1d", 86_400_000L);
        for (Map.Entry<String, Long> s : sizes.entrySet()) {
            long start = e.time() - Math.floorMod(e.time(), s.getValue());
            keys.add(s.getKey() + "|" + c.id() + "@" + Instant.ofEpochMilli(start));
        }
        return keys;
    }

    private void addToExperiment(Event e, BigDecimal spend, BigDecimal revenue) {
        if (e.variant() != null) {
            add(expectedExperiments.computeIfAbsent(e.campaign(), k -> new TreeMap<>())
                    .computeIfAbsent(e.variant(), k -> new Sums()), e, spend, revenue);
        }
    }

    private static void add(Sums s, Event e, BigDecimal spend, BigDecimal revenue) {
        int kind = e.kind();
        if (e.user() != null) {
            s.users.get(kind == 0 ? 0 : kind == 3 ? 2 : 1).add(e.user());
            s.userImpressions += kind == 0 ? 1 : 0;
        }
        s.counts[kind]++;
        s.spend = s.spend.add(spend);
        s.revenue = s.revenue.add(revenue);
    }

    /**
     * Produces the catalogue and, in partition order, the events whose time lies in the share
     * {@code [from, to)} of the data's time span (cut by time, so that every partition stops at
     * the same point and none resumes behind windows closed while it was idle); with
     * {@code clock}, then one event two days past the data on one partition, which lets every data
     * window close once the other partitions are idle, and the late events after it.
     */
    void produce(Settings s, double from, double to, boolean clock) {
        try (KafkaProducer<String, String> producer = producer(s)) {
            sendCatalogue(s, producer);
            List<String> topics = s.topics().events();
            long lo = START.toEpochMilli() + (long) (from * SPAN_MS);
            long hi = START.toEpochMilli() + (long) (to * SPAN_MS);
            // As a live source writes: every partition's events in its own order, the partitions merged
            // by event time, so that no partition falls silent (and idle) while others move on.
            java.util.PriorityQueue<int[]> heads = new java.util.PriorityQueue<>(
                    java.util.Comparator.comparingLong((int[] c) -> byPartition.get(c[0]).get(c[1]).get(c[2]).time()));
            for (int k = 0; k < 4; k++) {
                for (int part = 0; part < byPartition.get(k).size(); part++) {
                    int[] c = {k, part, -1};
                    if (advance(c, from, to, lo, hi)) {
                        heads.add(c);
                    }
                }
            }
            while (!heads.isEmpty()) {
                int[] c = heads.poll();
                Event e = byPartition.get(c[0]).get(c[1]).get(c[2]);
                producer.send(new ProducerRecord<>(topics.get(c[0]), c[1], e.key(), e.json()));
                if (advance(c, from, to, lo, hi)) {
                    heads.add(c);
                }
            }
            if (clock) {
                producer.send(new ProducerRecord<>(topics.get(0), 0, "clock",
                        new Event(0, "clock", "zz-clock", CLOCK_TIME, null, null, null).json()));
                for (Event e : late) {
                    producer.send(new ProducerRecord<>(topics.get(0), 0, e.key(), e.json()));
                }
            }
        }
    }

    /**
     * How many data windows can close once every partition has delivered the share {@code [0, to)}
     * of the time span and then fallen idle: those whose end plus 10 minutes of grace is at or
     * before the latest event time in it.
     */
    int finalsClosedBy(double to) {
        long hi = START.toEpochMilli() + (long) (to * SPAN_MS);
        long latest = Long.MIN_VALUE;
        for (List<List<Event>> parts : byPartition) {
            for (List<Event> list : parts) {
                for (Event e : list) {
                    if (e.time() < hi && e.raw() == null) {
                        latest = Math.max(latest, e.time());
                    }
                }
            }
        }
        Map<String, Long> sizes = Map.of("1m", 60_000L, "1h", 3_600_000L, "1d", 86_400_000L);
        int n = 0;
        for (String key : expectedFinals.keySet()) {
            long size = sizes.get(key.substring(0, key.indexOf('|')));
            long start = Instant.parse(key.substring(key.indexOf('@') + 1)).toEpochMilli();
            if (start + size + 600_000L <= latest) {
                n++;
            }
        }
        return n;
    }

    /** Moves a cursor {topic kind, partition, index} to its partition's next event in the slice; false at its end. */
    private boolean advance(int[] c, double from, double to, long lo, long hi) {
        List<Event> list = byPartition.get(c[0]).get(c[1]);
        for (int i = c[2] + 1; i < list.size(); i++) {
            Event e = list.get(i);
            if (!(from > 0 && e.time() < lo || to < 1 && e.time() >= hi)) {
                c[2] = i;
                return true;
            }
        }
        return false;
    }

    /**
     * Produces the catalogue alone. A test whose services start before the data must call this
     * first: a service prices an event by the entry it has read when it processes the event
     * (CONTRACT section 4), so an entry written together with the first events can be read after
     * some of them, which are then priced 0. Started after the catalogue is written, a service
     * reads it whole (its global store) before it processes any event.
     */
    void produceCatalogue(Settings s) {
        try (KafkaProducer<String, String> producer = producer(s)) {
            sendCatalogue(s, producer);
        }
    }

    private void sendCatalogue(Settings s, KafkaProducer<String, String> producer) {
        for (Campaign c : campaigns) {
            producer.send(new ProducerRecord<>(s.topics().campaigns(), c.id(), c.json()));
        }
        producer.flush();
    }

    /** Produces the late events (after the clock event {@link #produce} wrote), on its partition. */
    void produceLate(Settings s) {
        try (KafkaProducer<String, String> producer = producer(s)) {
            for (Event e : late) {
                producer.send(new ProducerRecord<>(s.topics().events().get(0), 0, e.key(), e.json()));
            }
        }
    }

    /** One event two days past the data on every partition of every event topic: all windows close. */
    void produceClockEverywhere(Settings s) {
        try (KafkaProducer<String, String> producer = producer(s)) {
            for (int k = 0; k < 4; k++) {
                for (int part = 0; part < byPartition.get(k).size(); part++) {
                    producer.send(new ProducerRecord<>(s.topics().events().get(k), part, "clock",
                            new Event(k, "clock-" + part, "zz-clock", CLOCK_TIME, null, null, null).json()));
                }
            }
        }
    }

    /** The time of clock events: two days past the data, so every data window can close. */
    private static final long CLOCK_TIME = START.plus(java.time.Duration.ofDays(2)).toEpochMilli();

    private static KafkaProducer<String, String> producer(Settings s) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    Campaign campaign(String id) {
        return campaigns.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    /** A money ratio as the contract defines it: exact quotient rounded half-even to 6 decimals. */
    static BigDecimal moneyRatio(BigDecimal numerator, long denominator) {
        return denominator == 0 ? null
                : numerator.divide(BigDecimal.valueOf(denominator), 6, RoundingMode.HALF_EVEN);
    }

    static Map<String, Object> expectedFields(Sums s) {
        Map<String, Object> m = new HashMap<>();
        m.put("impressions", s.counts[0]);
        m.put("clicks", s.counts[1]);
        m.put("leads", s.counts[2]);
        m.put("sales", s.counts[3]);
        m.put("spend", s.spend);
        m.put("revenue", s.revenue);
        m.put("cpm", moneyRatio(s.spend.multiply(BigDecimal.valueOf(1000)), s.counts[0]));
        m.put("cpc", moneyRatio(s.spend, s.counts[1]));
        m.put("cpl", moneyRatio(s.spend, s.counts[2]));
        m.put("cpa", moneyRatio(s.spend, s.counts[3]));
        m.put("ctr", s.counts[0] == 0 ? null : (double) s.counts[1] / s.counts[0]);
        m.put("roas", s.spend.signum() == 0 ? null
                : s.revenue.divide(s.spend, java.math.MathContext.DECIMAL128).doubleValue());
        long reach = s.users.get(0).size();
        long act = s.users.get(1).size();
        m.put("reach", reach);
        m.put("actUsers", act);
        m.put("convertUsers", (long) s.users.get(2).size());
        m.put("frequency", reach == 0 ? null : (double) s.userImpressions / reach);
        m.put("actRate", reach == 0 ? null : (double) act / reach);
        m.put("convertRate", act == 0 ? null : (double) s.users.get(2).size() / act);
        m.put("newCustomers", s.newCustomers);
        m.put("repeatCustomers", (long) s.repeatCustomers.size());
        m.put("cac", moneyRatio(s.spend, s.newCustomers));
        if (s.customerRevenue != null) {
            m.put("customerRevenue", s.customerRevenue);
            m.put("ltv", moneyRatio(s.customerRevenue, s.newCustomers));
            m.put("ltvToCac", s.newCustomers == 0 || s.spend.signum() == 0 ? null
                    : s.customerRevenue.divide(s.spend, java.math.MathContext.DECIMAL128).doubleValue());
        }
        return m;
    }
}
