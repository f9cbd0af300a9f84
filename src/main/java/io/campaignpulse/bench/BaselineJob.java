package io.campaignpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.campaignpulse.config.Settings;
import io.campaignpulse.config.WindowSize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;

/**
 * The benchmark's baseline: the plain Kafka Streams job an engineer would write with the DSL.
 * Input keys are ignored by the contract (producers key by user, at random or not at all), so it
 * parses each event with Jackson's tree model into its campaign and six sums (four counts, cost,
 * revenue), re-keys by campaign ({@code map} + {@code groupByKey} through one named repartition
 * topic), and runs one {@code windowedBy(...).aggregate(...)} per window size in RocksDB, writing
 * every update to an output topic. No validation, no catalogue, no de-duplication, no lateness.
 */
final class BaselineJob {
    static final String REPARTITION = "baseline-by-campaign";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BaselineJob() {
    }

    static Topology build(Settings s, String outputPrefix) {
        StreamsBuilder b = new StreamsBuilder();
        KGroupedStream<String, long[]> grouped = b.stream(s.topics().events(),
                        Consumed.with(Serdes.ByteArray(), Serdes.String()))
                .map((k, json) -> parse(json), Named.as("baseline-parse"))
                .groupByKey(Grouped.with(REPARTITION, Serdes.String(), SUMS));
        for (WindowSize w : s.windows()) {
            grouped.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(w.millis()), s.windowGrace()))
                    .aggregate(() -> new long[6], (k, v, agg) -> {
                        for (int i = 0; i < 6; i++) {
                            agg[i] += v[i];
                        }
                        return agg;
                    }, Materialized.with(Serdes.String(), SUMS))
                    .toStream()
                    .to(outputPrefix + "." + w.name(), Produced.with(
                            WindowedSerdes.timeWindowedSerdeFrom(String.class, w.millis()), SUMS));
        }
        return b.build();
    }

    private static KeyValue<String, long[]> parse(String json) {
        long[] v = new long[6];
        try {
            JsonNode n = JSON.readTree(json);
            switch (n.path("type").asText()) {
                case "impression" -> v[0] = 1;
                case "click" -> v[1] = 1;
                case "lead" -> v[2] = 1;
                default -> v[3] = 1;
            }
            v[4] = n.has("cost") ? n.get("cost").decimalValue().movePointRight(6).longValue() : 0;
            v[5] = n.has("revenue") ? n.get("revenue").decimalValue().movePointRight(6).longValue() : 0;
            return KeyValue.pair(n.path("campaignId").asText("unknown"), v);
        } catch (IOException e) {
            return KeyValue.pair("unknown", v);
        }
    }

    private static final Serde<long[]> SUMS = Serdes.serdeFrom((Serializer<long[]>) (topic, v) -> {
        ByteBuffer buf = ByteBuffer.allocate(48);
        for (long x : v) {
            buf.putLong(x);
        }
        return buf.array();
    }, (Deserializer<long[]>) (topic, bytes) -> {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long[] v = new long[6];
        for (int i = 0; i < 6; i++) {
            v[i] = buf.getLong();
        }
        return v;
    });
}
