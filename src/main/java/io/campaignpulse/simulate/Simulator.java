package io.campaignpulse.simulate;

import io.campaignpulse.config.Settings;
import io.campaignpulse.kpi.Money;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the campaign catalogue, then a stream of impressions at a steady rate; each impression
 * may lead to a click, a click to a lead, and a lead to a sale with an order value, all by the
 * impression's user, so the funnel narrows as in a real account. Event times are the wall clock;
 * the sequence of events is fixed by the seed.
 *
 * <p>Users: every channel has a population of {@value #CHANNEL_USERS} users, and every campaign
 * reaches its own segment of {@value #SEGMENT} of them (segments of one channel overlap, so a
 * channel reaches fewer users than its campaigns' sum). With probability {@value #REPEAT} an
 * impression goes to one of the campaign's {@value #RECENT} most recently reached users (repeat
 * exposure), so the frequency approaches {@code 1 / (1 - REPEAT)} = 2.5 over a long window.
 *
 * <p>Every click carries a {@code clickId}; {@value #CLICK_ID_ONLY} of the leads and sales carry
 * only that id (the service credits them to the click), a share {@value #RETURNS} of sales is
 * followed by another order of the same customer, and a few sales no click explains are organic.
 */
public final class Simulator {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final Settings.Topics topics;
    private final Settings.Simulation sim;
    private final List<SimCampaign> campaigns;
    private final double[] cumulative;
    private final Random random;
    private long sequence;
    private volatile long produced;
    static final int CHANNEL_USERS = 2_000_000;
    static final int SEGMENT = 250_000;
    static final double REPEAT = 0.6;
    static final int RECENT = 32;
    /** Leads and sales that carry only their click's id (the rest also name their campaign). */
    static final double CLICK_ID_ONLY = 0.8;
    /** Sales followed by another order of the same customer. */
    static final double RETURNS = 0.25;
    /** Per impression: a sale no ad click explains (organic). */
    static final double ORGANIC = 0.0001;
    /** Per campaign (by index): its most recently reached users, a ring; null until it has one. */
    private final int[][] recent;
    private final int[] recentCount;
    private final int[] segmentStart;
    private final List<String> channels;

    public Simulator(Settings settings) {
        this.topics = settings.topics();
        this.sim = settings.simulation();
        this.campaigns = Sim.campaigns(sim.campaigns(), sim.seed(), settings.currencyDefault());
        this.random = new Random(sim.seed() * 31 + 7);
        cumulative = new double[campaigns.size()];
        recent = new int[campaigns.size()][];
        recentCount = new int[campaigns.size()];
        segmentStart = new int[campaigns.size()];
        channels = campaigns.stream().map(SimCampaign::channel).distinct().sorted().toList();
        Random segments = new Random(sim.seed() * 17 + 3);
        for (int i = 0; i < campaigns.size(); i++) {
            segmentStart[i] = segments.nextInt(CHANNEL_USERS);
        }
        double sum = 0;
        for (int i = 0; i < campaigns.size(); i++) {
            sum += campaigns.get(i).weight();
            cumulative[i] = sum;
        }
    }

    /** Events written so far. */
    public long produced() {
        return produced;
    }

    /** Where simulated records go: a topic, a key and a JSON value. */
    @FunctionalInterface
    public interface Sink {
        void send(String topic, String key, String value);

        /** With the event time, for sinks that set it as the record timestamp. */
        default void send(String topic, String key, String value, long eventTime) {
            send(topic, key, value);
        }
    }

    /** Writes the catalogue, then events until {@code stop} says so or {@code simulate.events} are out. */
    public void run(Producer<String, String> producer, BooleanSupplier stop) {
        run((topic, key, value) -> producer.send(new ProducerRecord<>(topic, key, value)), producer::flush, stop);
    }

    /** As {@link #run(Producer, BooleanSupplier)}, into any sink; {@code flush} runs after the catalogue and at the end. */
    public void run(Sink producer, Runnable flush, BooleanSupplier stop) {
        for (SimCampaign c : campaigns) {
            producer.send(topics.campaigns(), c.id(), c.entryJson());
        }
        flush.run();
        LOG.info("Simulator wrote {} campaigns to {}; sending events at {}/s", campaigns.size(), topics.campaigns(),
                sim.eventsPerSecond());
        long start = System.nanoTime();
        double nanosPerEvent = 1e9 / sim.eventsPerSecond();
        while (!stop.getAsBoolean() && (sim.maxEvents() == 0 || produced < sim.maxEvents())) {
            long due = start + (long) (produced * nanosPerEvent);
            long wait = due - System.nanoTime();
            if (wait > 1_000_000) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000));
                continue;
            }
            produced += impression(producer, System.currentTimeMillis());
        }
        flush.run();
    }

    /**
     * Writes the catalogue, then at least {@code events} events as fast as the sink takes them,
     * keyed by user as live traffic is (keys are ignored by the contract, so a job must re-key by
     * campaign itself), with impression times from {@code firstMs}, {@code spacingMs} apart.
     * Returns the number of events written.
     */
    public long preload(Sink sink, Runnable flush, long events, long firstMs, double spacingMs) {
        for (SimCampaign c : campaigns) {
            sink.send(topics.campaigns(), c.id(), c.entryJson());
        }
        flush.run();
        long i = 0;
        while (produced < events) {
            produced += impression(sink, firstMs + (long) (i++ * spacingMs));
        }
        flush.run();
        return produced;
    }

    /** One impression and what follows from it; returns the number of events written. */
    private int impression(Sink producer, long now) {
        int ci = pick();
        SimCampaign c = campaigns.get(ci);
        String user = user(ci, c);
        String key = user;
        // Experiments split users between variants by a hash of the user, so a user stays in one arm.
        boolean armB = c.experiment() != SimCampaign.NO_EXPERIMENT && (user.hashCode() & 1) == 1;
        String variant = c.experiment() == SimCampaign.NO_EXPERIMENT ? "" : armB ? ",\"variant\":\"B\""
                : ",\"variant\":\"A\"";
        double saleRate = armB && c.experiment() == SimCampaign.LIFT ? c.saleRate() * 1.2 : c.saleRate();
        int n = 1;
        send(producer, topics.impressions(), key, event("impression", c, user, now, variant), now);
        if (random.nextDouble() < c.ctr()) {
            String extra = "";
            if (c.carriesCost()) {
                // Auction price: between 40% and 100% of the bid, in whole cents.
                long cost = c.rateMicros() * (40 + random.nextInt(61)) / 100 / 10_000 * 10_000;
                extra = ",\"cost\":" + Sim.decimal(cost);
            }
            String clickId = "k" + sim.seed() + "-" + sequence;
            send(producer, topics.clicks(), key, event("click", c, user, now + 1,
                    extra + variant + ",\"clickId\":\"" + clickId + "\""), now + 1);
            n++;
            if (random.nextDouble() < c.leadRate()) {
                send(producer, topics.leads(), key, conversion("lead", c, user, now + 2, clickId, ""), now + 2);
                n++;
                if (random.nextDouble() < saleRate) {
                    send(producer, topics.sales(), key, conversion("sale", c, user, now + 3, clickId, sale(c)), now + 3);
                    n++;
                    if (random.nextDouble() < RETURNS) { // the customer comes back for another order
                        send(producer, topics.sales(), key, conversion("sale", c, user, now + 4, clickId, sale(c)),
                                now + 4);
                        n++;
                    }
                }
            }
        }
        if (random.nextDouble() < ORGANIC) { // a sale no ad click explains: its click id is the site's own
            send(producer, topics.sales(), key, conversionWithoutCampaign("sale", user, now + 5,
                    "site-" + sim.seed() + "-" + sequence, ",\"revenue\":" + Money.format(Math.round(
                            c.meanOrderValue() * 100) * 10_000L)), now + 5);
            n++;
        }
        return n;
    }

    /** The user of the next impression of campaign {@code ci}: a repeat exposure, or a new user of its segment. */
    private String user(int ci, SimCampaign c) {
        int[] ring = recent[ci];
        int index;
        if (ring != null && recentCount[ci] > 0 && random.nextDouble() < REPEAT) {
            index = ring[random.nextInt(Math.min(recentCount[ci], RECENT))];
        } else {
            index = (segmentStart[ci] + random.nextInt(SEGMENT)) % CHANNEL_USERS;
            if (ring == null) {
                ring = new int[RECENT];
                recent[ci] = ring;
            }
            ring[recentCount[ci] % RECENT] = index;
            recentCount[ci] = recentCount[ci] == Integer.MAX_VALUE ? RECENT : recentCount[ci] + 1;
        }
        return "u" + channels.indexOf(c.channel()) + "-" + Integer.toString(index, 36);
    }

    private int pick() {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A sale's order value and currency. */
    private String sale(SimCampaign c) {
        double value = c.meanOrderValue() * Math.exp(random.nextGaussian() * 0.5 - 0.125);
        long revenue = Math.round(value * 100) * 10_000L;
        return ",\"revenue\":" + Money.format(revenue) + ",\"currency\":\"" + c.currency() + "\"";
    }

    /**
     * A lead or sale from the advertiser's site: most carry only the click id, as a real account's
     * conversions do, and the service credits them to the click (CONTRACT section 11).
     */
    private String conversion(String type, SimCampaign c, String user, long time, String clickId, String extra) {
        if (random.nextDouble() < CLICK_ID_ONLY) {
            return conversionWithoutCampaign(type, user, time, clickId, extra);
        }
        return event(type, c, user, time, extra + ",\"clickId\":\"" + clickId + "\"");
    }

    private String conversionWithoutCampaign(String type, String user, long time, String clickId, String extra) {
        return "{\"eventId\":\"e" + sim.seed() + "-" + (sequence++) + "\",\"type\":\"" + type + "\",\"timestamp\":\""
                + Instant.ofEpochMilli(time) + "\",\"clickId\":\"" + clickId + "\",\"userId\":\"" + user + "\"" + extra
                + "}";
    }

    private String event(String type, SimCampaign c, String user, long time, String extra) {
        return "{\"eventId\":\"e" + sim.seed() + "-" + (sequence++) + "\",\"type\":\"" + type + "\",\"timestamp\":\""
                + Instant.ofEpochMilli(time) + "\",\"campaignId\":\"" + c.id() + "\",\"channel\":\"" + c.channel()
                + "\",\"adId\":\"ad-" + c.id().substring(4) + "-" + (1 + (sequence % 3)) + "\",\"userId\":\"" + user
                + "\"" + extra + "}";
    }

    private static void send(Sink producer, String topic, String key, String value, long time) {
        producer.send(topic, key, value, time);
    }
}
