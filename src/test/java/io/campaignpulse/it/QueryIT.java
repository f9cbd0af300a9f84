package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.EmbeddedKafka;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API of three {@code run} processes sharing the tasks: every answer, asked of every
 * instance for every key (so for keys each instance owns and keys it does not), must be exactly
 * the latest read_committed record of the matching topic; the same again after one instance stops
 * (its keys answered from state restored and rebuilt elsewhere). While input flows, and while one
 * instance is killed mid-processing and replaced ({@code -Dquery.kill=false} skips the kill), answers
 * sampled through it must each be a record a read_committed consumer also reads (never ahead of
 * the topics). Every route and status of docs/openapi.json is exercised, and no other.
 */
@ExtendWith(KafkaBroker.class)
class QueryIT {
    private static final int PARTITIONS = 6;
    /** b is killed with SIGKILL in the middle of processing and replaced ({@code -Dquery.kill=false}: it is not). */
    private static final boolean KILL = Boolean.parseBoolean(System.getProperty("query.kill", "true"));
    private static final String TOKEN = "query-it-token-0123456789";
    private static final String PREFIX = "query";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void shouldAnswerEveryKeyFromEveryInstanceExactlyAsTheTopicsHoldIt(EmbeddedKafka broker, @TempDir Path tmp)
            throws Exception {
        List<String> sets = new ArrayList<>(CatchUpIT.sets(broker, PREFIX, PARTITIONS));
        sets.addAll(List.of("topic.alerts=" + PREFIX + ".kpi.alerts", "http.token=" + TOKEN,
                "window.retention=P7D", "watermark.idle=PT1H", "kafka.session.timeout.ms=10000"));
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), sets);
        Dataset data = new Dataset(PARTITIONS, 20_000, 11L);
        CatchUpIT.createTopics(settings);
        data.produceCatalogue(settings); // read whole before any event (see Dataset.produceCatalogue)
        List<String> report = new ArrayList<>();

        try (TopicLog topics = new TopicLog(settings);
                Outputs out = new Outputs(settings, "query-outputs");
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        settings.bootstrapServers()));
                ServiceProcess a = ServiceProcess.start("a", sets, tmp.resolve("a"), tmp);
                ServiceProcess b = ServiceProcess.start("b", sets, tmp.resolve("b"), tmp);
                ServiceProcess c = ServiceProcess.start("c", sets, tmp.resolve("c"), tmp)) {
            awaitActiveMembers(admin, settings.applicationId(), 3);
            await().atMost(Duration.ofMinutes(2)).until(() -> a.ready() && b.ready() && c.ready());

            // While the input flows, and across a SIGKILL of b: sample the lifetime records from b (its own
            // keys and others' through it), then from its restarted self, and a few from a.
            List<String> sampled = new ArrayList<>(data.expectedTotals.keySet());
            ConcurrentLinkedQueue<String[]> samples = new ConcurrentLinkedQueue<>();
            AtomicBoolean sampling = new AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicReference<ServiceProcess> target = new java.util.concurrent.atomic
                    .AtomicReference<>(b);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    for (String id : sampled) {
                        for (ServiceProcess p : List.of(target.get(), a)) {
                            Answer r = get(p, "/api/v1/campaigns/" + id, true);
                            if (r.status == 200) {
                                samples.add(new String[] {id, r.body});
                            }
                            if (p == a) {
                                break;
                            }
                        }
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // a steady reader, not a load test
                }
            }, "api-sampler");
            sampler.start();
            // Windows close on every partition's progress (a clock event on each), not on idleness.
            for (int k = 0; k < 10; k++) {
                data.produce(settings, k * 0.05, (k + 1) * 0.05, false);
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> samples.size() >= 50);
            data.produce(settings, 0.5, 0.6, false);
            int beforeKill = samples.size();
            if (KILL) {
                b.kill(); // while it processes that slice: its open transaction is aborted
                report.add(String.format(Locale.ROOT, "b killed (SIGKILL) after %d answers sampled", beforeKill));
            }
            try (ServiceProcess b2 = KILL ? ServiceProcess.start("b2", sets, tmp.resolve("b2"), tmp) : b) {
                target.set(b2);
                data.produce(settings, 0.6, 1.0, false);
                data.produceClockEverywhere(settings);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    out.poll(Duration.ofMillis(300));
                    return out.complete(data);
                });
                out.assertExact(data);
                awaitActiveMembers(admin, settings.applicationId(), 3);
                topics.readUntilQuiet(Duration.ofSeconds(3));
                sampling.set(false);
                sampler.join(10_000);
                int ahead = 0;
                for (String[] x : samples) {
                    if (!topics.everValue(settings.topics().campaignTotal(), x[0]).contains(x[1])) {
                        ahead++;
                    }
                }
                assertThat(beforeKill).as("answers sampled while the input flowed").isGreaterThan(20);
                assertThat(ahead).as("sampled answers that no read_committed consumer read").isZero();
                report.add(String.format(Locale.ROOT, "%d answers sampled during processing and the kill, none "
                        + "ahead of the topics", samples.size()));

                Expected expected = new Expected(topics, settings);
                int checked = 0;
                for (ServiceProcess p : List.of(a, b2, c)) {
                    checked += awaitAllExact(p, expected, data);
                }
                report.add(String.format(Locale.ROOT, "3 instances: %d answers each equal to the topics", checked / 3));
                coverOpenApi(a, expected);

                c.stop();
                awaitActiveMembers(admin, settings.applicationId(), 2);
                long t = System.nanoTime();
                for (ServiceProcess p : List.of(a, b2)) {
                    awaitAllExact(p, expected, data);
                }
                report.add(String.format(Locale.ROOT, "c stopped: a and b2 answered every key exactly %.1f s after "
                        + "the group settled", (System.nanoTime() - t) / 1e9));
            }
        }
        System.out.printf(Locale.ROOT, "QUERY TEST: %d events%n  %s%n", data.eventCount, String.join("\n  ", report));
    }

    /** Polls (deadline 2 min) until every answer of {@code p} equals the topics; returns the number checked. */
    private int awaitAllExact(ServiceProcess p, Expected e, Dataset data) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int rounds = 0;
        while (true) {
            long t = System.nanoTime();
            List<String> round = compareAll(p, e, data);
            rounds++;
            if (round.isEmpty()) {
                return e.count();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(String.format(Locale.ROOT, "%s: after %d rounds (the last %.1f s), %d answers "
                        + "differ from the topics, e.g.%n%s%n%s", p.name, rounds, (System.nanoTime() - t) / 1e9,
                        round.size(), String.join("\n", round.subList(0, Math.min(4, round.size()))), p.logTail()));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L); // poll interval
        }
    }

    private List<String> compareAll(ServiceProcess p, Expected e, Dataset data) {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, String> t : e.campaignTotals.entrySet()) {
            check(bad, p, "/api/v1/campaigns/" + enc(t.getKey()), t.getValue());
        }
        for (Map.Entry<String, String> t : e.channelTotals.entrySet()) {
            String[] cc = t.getKey().split("/");
            check(bad, p, "/api/v1/channels/" + enc(cc[0]) + "/" + enc(cc[1]), t.getValue());
        }
        long from = Dataset.START.toEpochMilli();
        long to = Dataset.START.plus(Duration.ofDays(1)).toEpochMilli();
        for (Map.Entry<String, TreeMap<Long, String>> w : e.campaignWindows.get("1h").entrySet()) {
            check(bad, p, "/api/v1/campaigns/" + enc(w.getKey()) + "/windows?window=1h&from=" + Instant.ofEpochMilli(from)
                    + "&to=" + Instant.ofEpochMilli(to), array(w.getValue().subMap(from, to).values()));
        }
        for (Map.Entry<String, TreeMap<Long, String>> w : e.campaignWindows.get("1m").entrySet()) {
            List<String> all = new ArrayList<>(w.getValue().values());
            check(bad, p, "/api/v1/campaigns/" + enc(w.getKey()) + "/windows?window=1m",
                    array(all.subList(Math.max(0, all.size() - 24), all.size())));
        }
        for (Map.Entry<String, TreeMap<Long, String>> w : e.channelWindows.get("1h").entrySet()) {
            String[] cc = w.getKey().split("/");
            check(bad, p, "/api/v1/channels/" + enc(cc[0]) + "/" + enc(cc[1]) + "/windows?window=1h&from="
                    + Instant.ofEpochMilli(from) + "&to=" + Instant.ofEpochMilli(to),
                    array(w.getValue().subMap(from, to).values()));
        }
        for (long start : e.hourStarts()) {
            String at = Instant.ofEpochMilli(start + 1_234).toString();
            check(bad, p, "/api/v1/campaigns?window=1h&at=" + at + "&sort=spend&limit=1000",
                    array(e.top("1h", start, "spend", 1000)));
            check(bad, p, "/api/v1/campaigns?window=1h&at=" + at + "&sort=cpa&order=asc&limit=5",
                    array(e.topAscending("1h", start, "cpa", 5)));
            check(bad, p, "/api/v1/channels?window=1h&at=" + at, array(e.channelsAt("1h", start)));
        }
        for (Map.Entry<String, String> x : e.experiments.entrySet()) {
            check(bad, p, "/api/v1/experiments/" + enc(x.getKey()), x.getValue());
        }
        check(bad, p, "/api/v1/experiments", array(e.experiments.values()));
        check(bad, p, "/api/v1/alerts", array(e.alerts));
        assertThat(e.experiments.keySet()).containsAll(Dataset.EXPERIMENTS);
        assertThat(e.alerts).as("the data set's budgets raise alerts").isNotEmpty();
        return bad;
    }

    private void check(List<String> bad, ServiceProcess p, String path, String expected) {
        Answer r = get(p, path, true);
        if (r.status != 200 || !r.body.equals(expected)) {
            bad.add(path + " -> " + r.status + " " + r.body.substring(0, Math.min(300, r.body.length()))
                    + "\n   expected " + expected.substring(0, Math.min(300, expected.length())));
        }
    }

    /** Every route and status of docs/openapi.json, asked of one instance; and that nothing else is served. */
    private void coverOpenApi(ServiceProcess p, Expected e) throws IOException {
        JsonNode doc = JSON.readTree(Path.of("docs", "openapi.json").toFile());
        String campaign = e.campaignTotals.keySet().iterator().next();
        String[] channel = e.channelTotals.keySet().iterator().next().split("/");
        String experiment = e.experiments.keySet().iterator().next();
        String at = Instant.ofEpochMilli(e.hourStarts().iterator().next()).toString();
        Set<String> covered = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> route = it.next();
            String template = route.getKey();
            Set<String> statuses = new TreeSet<>();
            route.getValue().get("get").get("responses").fieldNames().forEachRemaining(statuses::add);
            String real = template.replace("{campaignId}", template.startsWith("/api/v1/experiments") ? experiment
                    : campaign).replace("{channel}", channel[0]).replace("{currency}", channel[1]);
            String query = template.equals("/api/v1/campaigns") || template.equals("/api/v1/channels")
                    ? "?window=1h&at=" + at : template.endsWith("/windows") ? "?window=1h" : "";
            Map<String, Answer> asked = new TreeMap<>();
            asked.put("200", get(p, real + query, true));
            asked.put("401", get(p, real + query, false));
            asked.put("400", get(p, real + (query.isEmpty() ? "?" : query + "&") + "bogus=1", true));
            if (template.contains("{")) {
                asked.put("404", get(p, template.replace("{campaignId}", "no-such-campaign")
                        .replace("{channel}", "no-such-channel").replace("{currency}", "XXX") + query, true));
            }
            for (Map.Entry<String, Answer> a : asked.entrySet()) {
                assertThat(String.valueOf(a.getValue().status)).as(template + " answering " + a.getKey() + ": "
                        + a.getValue().body).isEqualTo(a.getKey());
                assertThat(statuses).as(template + " declares " + a.getKey()).contains(a.getKey());
                covered.add(template + " " + a.getKey());
            }
            Set<String> rest = new TreeSet<>(statuses);
            rest.removeAll(asked.keySet());
            assertThat(rest).as(template + ": statuses covered elsewhere (503 in QueryApiTest)")
                    .isSubsetOf(Set.of("503"));
        }
        assertThat(covered).hasSizeGreaterThan(30);
        for (String none : List.of("/api/v1/", "/api/v1/nothing", "/api/v2/campaigns", "/api/v1/campaigns/x/y",
                "/api/v1/channels/only-one", "/api/v1/alerts/x", "/api/v1/experiments/x/y")) {
            assertThat(get(p, none, true).status).as(none + " is no route").isEqualTo(404);
        }
    }

    // ---- the topics, read_committed ----

    /** Every record of the output topics as read by a read_committed consumer, by topic and key. */
    static final class TopicLog implements AutoCloseable {
        final Map<String, Map<String, List<String>>> byTopic = new HashMap<>();
        private final KafkaConsumer<String, String> consumer;

        TopicLog(Settings s) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "query-topic-log");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(Pattern.compile(Pattern.quote(PREFIX + ".kpi.") + ".*"));
        }

        /** Reads until nothing new arrived for {@code quiet}. */
        void readUntilQuiet(Duration quiet) {
            long lastNew = System.nanoTime();
            while (System.nanoTime() - lastNew < quiet.toNanos()) {
                int n = 0;
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    byTopic.computeIfAbsent(r.topic(), t -> new HashMap<>())
                            .computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                    n++;
                }
                if (n > 0) {
                    lastNew = System.nanoTime();
                }
            }
        }

        List<String> everValue(String topic, String key) {
            return byTopic.getOrDefault(topic, Map.of()).getOrDefault(key, List.of());
        }

        Map<String, String> latest(String topic) {
            Map<String, String> out = new TreeMap<>();
            byTopic.getOrDefault(topic, Map.of()).forEach((k, v) -> out.put(k, v.get(v.size() - 1)));
            return out;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** What each answer must be, computed from the topics alone. */
    private static final class Expected {
        final Map<String, String> campaignTotals;
        final Map<String, String> channelTotals;
        /** size -> id -> start -> the final record, else the latest running record. */
        final Map<String, Map<String, TreeMap<Long, String>>> campaignWindows = new HashMap<>();
        final Map<String, Map<String, TreeMap<Long, String>>> channelWindows = new HashMap<>();
        final Map<String, String> experiments;
        final List<String> alerts = new ArrayList<>();

        Expected(TopicLog log, Settings s) {
            Settings.Topics t = s.topics();
            campaignTotals = log.latest(t.campaignTotal());
            channelTotals = log.latest(t.channelTotal());
            for (var w : s.windows()) {
                campaignWindows.put(w.name(), windows(log.latest(t.campaignWindow(w)), log.latest(t.campaignFinal(w))));
                channelWindows.put(w.name(), windows(log.latest(t.channelWindow(w)), log.latest(t.channelFinal(w))));
            }
            experiments = log.latest(t.experiment());
            // The service remembers the alerts of the closing point's UTC day and the day before (the
            // clock events put it two days past the data), the API lists those.
            String firstDay = Dataset.START.plus(Duration.ofDays(1)).toString().substring(0, 10);
            log.byTopic.getOrDefault(t.alerts(), Map.of()).values().forEach(list -> list.stream()
                    .filter(j -> field(j, "day").compareTo(firstDay) >= 0).forEach(alerts::add));
            alerts.sort(Comparator.comparing((String j) -> field(j, "day")).thenComparing(j -> field(j, "campaignId"))
                    .thenComparing(j -> field(j, "kind")));
        }

        private static Map<String, TreeMap<Long, String>> windows(Map<String, String> running,
                Map<String, String> finals) {
            Map<String, TreeMap<Long, String>> out = new TreeMap<>();
            Map<String, String> merged = new HashMap<>(running);
            merged.putAll(finals);
            merged.forEach((key, json) -> {
                int at = key.lastIndexOf('@');
                out.computeIfAbsent(key.substring(0, at), k -> new TreeMap<>())
                        .put(Instant.parse(key.substring(at + 1)).toEpochMilli(), json);
            });
            return out;
        }

        Set<Long> hourStarts() {
            Set<Long> starts = new TreeSet<>();
            campaignWindows.get("1h").values().forEach(m -> starts.addAll(m.keySet()));
            return starts;
        }

        List<String> recordsAt(Map<String, TreeMap<Long, String>> windows, long start) {
            List<String> out = new ArrayList<>();
            windows.values().forEach(m -> {
                if (m.containsKey(start)) {
                    out.add(m.get(start));
                }
            });
            return out;
        }

        /** Ranked by a field, largest first, nulls last, ties by campaign id. */
        List<String> top(String size, long start, String field, int limit) {
            List<String> r = recordsAt(campaignWindows.get(size), start);
            r.sort(Comparator.comparing((String j) -> number(j, field),
                    Comparator.nullsLast(Comparator.<BigDecimal>reverseOrder())).thenComparing(j -> field(j, "campaignId")));
            return r.subList(0, Math.min(limit, r.size()));
        }

        List<String> topAscending(String size, long start, String field, int limit) {
            List<String> r = recordsAt(campaignWindows.get(size), start);
            r.sort(Comparator.comparing((String j) -> number(j, field),
                    Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder())).thenComparing(j -> field(j, "campaignId")));
            return r.subList(0, Math.min(limit, r.size()));
        }

        List<String> channelsAt(String size, long start) {
            List<String> r = recordsAt(channelWindows.get(size), start);
            r.sort(Comparator.comparing((String j) -> field(j, "channel")).thenComparing(j -> field(j, "currency")));
            return r;
        }

        int count() {
            return campaignTotals.size() + channelTotals.size() + campaignWindows.get("1h").size()
                    + campaignWindows.get("1m").size() + channelWindows.get("1h").size() + 3 * hourStarts().size()
                    + experiments.size() + 2;
        }

        private static String field(String json, String name) {
            try {
                return JSON.readTree(json).path(name).asText("");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        private static BigDecimal number(String json, String name) {
            try {
                JsonNode n = JSON.readTree(json).get(name);
                return n == null || n.isNull() ? null : new BigDecimal(n.asText());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    // ---- HTTP ----

    private record Answer(int status, String body) {
    }

    private Answer get(ServiceProcess p, String path, boolean withToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort + path))
                .timeout(Duration.ofSeconds(10));
        if (withToken) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString());
        }
    }

    private static String array(java.util.Collection<String> records) {
        return "[" + String.join(",", records) + "]";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void awaitActiveMembers(Admin admin, String group, int n) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .ignoreException(java.util.concurrent.ExecutionException.class).until(() -> {
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            return g.members().size() == n && g.members().stream()
                    .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        });
    }
}
