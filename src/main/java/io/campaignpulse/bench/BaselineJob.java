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
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;

/**
 * The benchmark's baseline: the plain Kafka Streams job the issue describes, written the obvious
 * way with the DSL. The input is keyed by campaign and stamped with the event time; each event is
 * parsed with Jackson's tree model into six sums (four counts, cost, revenue), and one
 * {@code windowedBy(...).aggregate(...)} per window size keeps them per campaign in RocksDB,
 * writing every update to an output topic. No validation, no catalogue, no de-duplication.
 */
final class BaselineJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BaselineJob() {
    }

    static Topology build(Settings s, String outputPrefix) {
        StreamsBuilder b = new StreamsBuilder();
        KGroupedStream<String, long[]> grouped = b.stream(s.topics().events(),
                        Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(BaselineJob::parse)
                .groupByKey(Grouped.with(Serdes.String(), SUMS));
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

    private static long[] parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            long[] v = new long[6];
            switch (n.path("type").asText()) {
                case "impression" -> v[0] = 1;
                case "click" -> v[1] = 1;
                case "lead" -> v[2] = 1;
                default -> v[3] = 1;
            }
            v[4] = n.has("cost") ? n.get("cost").decimalValue().movePointRight(6).longValue() : 0;
            v[5] = n.has("revenue") ? n.get("revenue").decimalValue().movePointRight(6).longValue() : 0;
            return v;
        } catch (IOException e) {
            return new long[6];
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
