package io.campaignpulse.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.WindowSize;
import io.campaignpulse.query.KpiReader;
import io.campaignpulse.query.ViewStore;
import io.campaignpulse.topology.StoreNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The query API of CONTRACT section 16 (docs/openapi.json), answered from the stages' view stores
 * ({@link ViewStore}) through Kafka Streams interactive queries: a key's request goes to the
 * instance whose task owns the key ({@code queryMetadataForKey}, routed as the stages route it),
 * a listing to every instance, each asked for its own part with the {@value #LOCAL_HEADER} header
 * and a short timeout. Every record is the exact JSON bytes the stage wrote to its topic.
 */
public final class QueryApi {
    /** Asks an instance for its own part only (set on requests between instances). */
    static final String LOCAL_HEADER = "X-Campaign-Pulse-Scope";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Routes a key as the stages do: murmur2 of its UTF-8 bytes. */
    private static final StreamPartitioner<String, Object> BY_KEY = (topic, key, value, n) -> Optional.of(
            Set.of(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % n));

    /** An answer: status and JSON body. */
    record Answer(int status, byte[] body) {
        static Answer error(int status, String message) {
            try {
                return new Answer(status, JSON.writeValueAsBytes(java.util.Map.of("error", message)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final List<WindowSize> windows;
    private final HttpClient client;
    private final Duration peerTimeout;
    private final java.util.function.LongSupplier clock;

    public QueryApi(KafkaStreams streams, HostInfo self, List<WindowSize> windows, Duration peerTimeout) {
        this(streams, self, windows, peerTimeout, System::currentTimeMillis);
    }

    QueryApi(KafkaStreams streams, HostInfo self, List<WindowSize> windows, Duration peerTimeout,
            java.util.function.LongSupplier clock) {
        this.streams = streams;
        this.self = self;
        this.windows = windows;
        this.peerTimeout = peerTimeout;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(peerTimeout).build();
    }

    /**
     * Answers a GET.
     *
     * @param local whether the request came from another instance, for this instance's part only
     * @param authorization the request's Authorization header (forwarded to other instances), or null
     */
    Answer answer(String path, String rawQuery, boolean local, String authorization) {
        ApiRequest r;
        try {
            r = ApiRequest.parse(path, rawQuery, windows);
        } catch (ApiRequest.Failure f) {
            return Answer.error(f.status, f.getMessage());
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Answer.error(503, "the pipeline is " + streams.state() + ", not RUNNING; try again shortly");
        }
        try {
            return switch (r.route()) {
                case CAMPAIGN_TOTAL -> one(StoreNames.CAMPAIGN_VIEW, r.id(), v -> v.total(r.id()), "campaign",
                        path, rawQuery, local, authorization);
                case CAMPAIGN_WINDOWS, CHANNEL_WINDOWS -> windowsOf(r, path, rawQuery, local, authorization);
                case EXPERIMENT -> one(StoreNames.CAMPAIGN_VIEW, r.id(), v -> v.experiment(r.id()),
                        "experiment of campaign", path, rawQuery, local, authorization);
                case CHANNEL_TOTAL -> one(StoreNames.CHANNEL_VIEW, r.id(), v -> v.total(r.id()), "channel",
                        path, rawQuery, local, authorization);
                case CAMPAIGN_TOP -> {
                    long start = r.window().startOf(r.at() == null ? clock.getAsLong() : r.at());
                    List<byte[]> all = everywhere(StoreNames.CAMPAIGN_VIEW, v -> v.windowAt(r.window().name(), start),
                            path, rawQuery, local, authorization);
                    yield new Answer(200, array(top(all, r.sort(), r.ascending(), r.limit())));
                }
                case CHANNEL_LIST -> {
                    long start = r.window().startOf(r.at() == null ? clock.getAsLong() : r.at());
                    List<byte[]> all = everywhere(StoreNames.CHANNEL_VIEW, v -> v.windowAt(r.window().name(), start),
                            path, rawQuery, local, authorization);
                    yield new Answer(200, array(sorted(all, "channel", "currency")));
                }
                case EXPERIMENT_LIST -> new Answer(200, array(sorted(everywhere(StoreNames.CAMPAIGN_VIEW,
                        KpiReader::experiments, path, rawQuery, local, authorization), "campaignId")));
                case ALERT_LIST -> new Answer(200, array(sorted(everywhere(StoreNames.CAMPAIGN_VIEW,
                        KpiReader::alerts, path, rawQuery, local, authorization), "day", "campaignId", "kind")));
            };
        } catch (Unavailable e) {
            return Answer.error(503, e.getMessage());
        }
    }

    /** A record of one key: from this instance's stores when it owns the key, else from its owner. */
    private Answer one(String store, String key, Function<KpiReader, byte[]> read, String what, String path,
            String rawQuery, boolean local, String authorization) {
        Object where = readerOf(store, key, local, path, rawQuery, authorization);
        if (where instanceof Answer forwarded) {
            return forwarded;
        }
        byte[] json = read.apply((KpiReader) where);
        return json == null ? Answer.error(404, "no " + what + " '" + key + "' in the retained state")
                : new Answer(200, json);
    }

    private Answer windowsOf(ApiRequest r, String path, String rawQuery, boolean local, String authorization) {
        boolean campaign = r.route() == ApiRequest.Route.CAMPAIGN_WINDOWS;
        String store = campaign ? StoreNames.CAMPAIGN_VIEW : StoreNames.CHANNEL_VIEW;
        Object where = readerOf(store, r.id(), local, path, rawQuery, authorization);
        if (where instanceof Answer forwarded) {
            return forwarded;
        }
        KpiReader reader = (KpiReader) where;
        String size = r.window().name();
        if (r.from() == null && r.to() == null) {
            List<byte[]> all = reader.windows(size, r.id(), Long.MIN_VALUE, Long.MAX_VALUE);
            if (all.isEmpty() && reader.total(r.id()) == null) {
                return Answer.error(404, "no " + (campaign ? "campaign" : "channel") + " '" + r.id()
                        + "' in the retained state");
            }
            return new Answer(200, array(all.subList(Math.max(0, all.size() - ApiRequest.DEFAULT_WINDOWS),
                    all.size())));
        }
        List<byte[]> in = reader.windows(size, r.id(), r.from() == null ? Long.MIN_VALUE : r.from(),
                r.to() == null ? Long.MAX_VALUE : r.to());
        if (in.isEmpty() && reader.total(r.id()) == null) {
            return Answer.error(404, "no " + (campaign ? "campaign" : "channel") + " '" + r.id()
                    + "' in the retained state");
        }
        return new Answer(200, array(in));
    }

    /**
     * Where a key's record is read: this instance's stores when asked for its own part or when it
     * owns the key, else the owner's answer, forwarded.
     */
    private Object readerOf(String store, String key, boolean local, String path, String rawQuery,
            String authorization) {
        if (local) {
            return localReader(store, null);
        }
        KeyQueryMetadata md = owner(store, key);
        if (!md.activeHost().equals(self)) {
            return peer(md.activeHost(), path, rawQuery, authorization);
        }
        return localReader(store, md.partition());
    }

    private KeyQueryMetadata owner(String store, String key) {
        KeyQueryMetadata md = streams.queryMetadataForKey(store, key, BY_KEY);
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost() == null) {
            throw new Unavailable("the owner of '" + key + "' is not known now (rebalancing); try again shortly");
        }
        return md;
    }

    /** The stores of this instance's running tasks of {@code store}, or of one partition's task. */
    private KpiReader localReader(String store, Integer partition) {
        StoreQueryParameters<KpiReader> p = StoreQueryParameters.fromNameAndType(store, ViewStore.TYPE);
        try {
            return streams.store(partition == null ? p : p.withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("the state is moving between instances (" + e.getMessage() + "); try again shortly");
        }
    }

    /** This instance's part and every other instance's part of a listing. */
    private List<byte[]> everywhere(String store, Function<KpiReader, List<byte[]>> read, String path,
            String rawQuery, boolean local, String authorization) {
        List<byte[]> out = new ArrayList<>();
        if (local) {
            out.addAll(readLocal(store, read));
            return out;
        }
        Collection<StreamsMetadata> hosts = streams.streamsMetadataForStore(store);
        List<CompletableFuture<HttpResponse<byte[]>>> asks = new ArrayList<>();
        List<HostInfo> asked = new ArrayList<>();
        boolean mine = false;
        for (StreamsMetadata m : hosts) {
            if (m.hostInfo().equals(self)) {
                mine = true;
            } else {
                asked.add(m.hostInfo());
                asks.add(client.sendAsync(request(m.hostInfo(), path, rawQuery, authorization, true),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
        }
        if (mine) {
            out.addAll(readLocal(store, read));
        }
        for (int i = 0; i < asks.size(); i++) {
            HttpResponse<byte[]> res;
            try {
                res = asks.get(i).join();
            } catch (RuntimeException e) {
                throw new Unavailable("instance " + asked.get(i) + " did not answer within " + peerTimeout.toMillis()
                        + " ms; try again shortly");
            }
            if (res.statusCode() != 200) {
                throw new Unavailable("instance " + asked.get(i) + " answered " + res.statusCode() + ": "
                        + new String(res.body(), StandardCharsets.UTF_8).trim());
            }
            out.addAll(elements(res.body()));
        }
        return out;
    }

    private List<byte[]> readLocal(String store, Function<KpiReader, List<byte[]>> read) {
        try {
            return read.apply(localReader(store, null));
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("the state is moving between instances (" + e.getMessage() + "); try again shortly");
        }
    }

    private Answer peer(HostInfo host, String path, String rawQuery, String authorization) {
        try {
            HttpResponse<byte[]> res = client.send(request(host, path, rawQuery, authorization, true),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(res.statusCode(), res.body());
        } catch (IOException e) {
            throw new Unavailable("instance " + host + " that holds the key did not answer (" + e.getMessage()
                    + "); try again shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking instance " + host);
        }
    }

    private HttpRequest request(HostInfo host, String path, String rawQuery, String authorization, boolean local) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path
                + (rawQuery == null ? "" : "?" + rawQuery))).timeout(peerTimeout).GET();
        if (local) {
            b.header(LOCAL_HEADER, "local");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    // ---- JSON arrays ----

    static byte[] array(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(records.get(i));
        }
        out.write(']');
        return out.toByteArray();
    }

    /** The elements of a JSON array of objects, each the exact bytes the peer sent. */
    static List<byte[]> elements(byte[] array) {
        try (JsonParser p = JSON.getFactory().createParser(array)) {
            List<byte[]> out = new ArrayList<>();
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int from = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int to = (int) p.currentLocation().getByteOffset();
                out.add(Arrays.copyOfRange(array, from, to));
            }
            return out;
        } catch (IOException e) {
            throw new Unavailable("another instance sent an answer that is not a JSON array of records: "
                    + e.getMessage());
        }
    }

    /** The records ordered by a numeric field (nulls last whatever the order), ties by campaign id. */
    static List<byte[]> top(List<byte[]> records, String field, boolean ascending, int limit) {
        record Keyed(byte[] json, Double value, String id) {
        }
        List<Keyed> keyed = new ArrayList<>();
        for (byte[] r : records) {
            JsonNode n = tree(r);
            JsonNode v = n.get(field);
            keyed.add(new Keyed(r, v == null || v.isNull() ? null : v.asDouble(), n.path("campaignId").asText("")));
        }
        Comparator<Double> byValue = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        keyed.sort(Comparator.comparing(Keyed::value, Comparator.nullsLast(byValue)).thenComparing(Keyed::id));
        return keyed.stream().limit(limit).map(Keyed::json).toList();
    }

    /** The records ordered by text fields. */
    static List<byte[]> sorted(List<byte[]> records, String... fields) {
        record Keyed(byte[] json, String key) {
        }
        List<Keyed> keyed = new ArrayList<>();
        for (byte[] r : records) {
            JsonNode n = tree(r);
            StringBuilder k = new StringBuilder();
            for (String f : fields) {
                k.append(n.path(f).asText("")).append('\u0000');
            }
            keyed.add(new Keyed(r, k.toString()));
        }
        keyed.sort(Comparator.comparing(Keyed::key));
        return keyed.stream().map(Keyed::json).toList();
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer cannot be complete now. */
    private static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
