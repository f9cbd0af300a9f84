package io.campaignpulse.jmh;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.events.AdEvent;
import io.campaignpulse.events.EventParser;
import io.campaignpulse.events.InvalidRecordException;
import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.Totals;
import io.campaignpulse.simulate.Simulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-event hot path outside Kafka: the streaming parse and validation of the simulator's
 * events, and their addition to a per-campaign partial. Run with {@code ./mvnw -Pjmh test-compile
 * exec:exec} (docs/PERFORMANCE.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {
    private final List<byte[]> values = new ArrayList<>();
    private final List<EventKind> kinds = new ArrayList<>();
    private final EventParser parser = new EventParser(1 << 20);
    private final Map<String, Totals> partials = new HashMap<>();
    private int next;

    @Setup
    public void setUp() {
        Settings s = SettingsLoader.load(Map.of(), Map.of(), List.of("simulate.campaigns=1000"));
        List<String> topics = s.topics().events();
        new Simulator(s).preload((topic, key, value) -> {
            int k = topics.indexOf(topic);
            if (k >= 0) {
                values.add(value.getBytes(StandardCharsets.UTF_8));
                kinds.add(EventKind.ofOrdinal(k));
            }
        }, () -> { }, 100_000, System.currentTimeMillis() - 3_600_000L, 30);
    }

    @Benchmark
    public AdEvent parseAndValidate() throws InvalidRecordException {
        int i = next++ % values.size();
        return parser.parse(values.get(i), kinds.get(i));
    }

    @Benchmark
    public Totals parseValidateAggregate() throws InvalidRecordException {
        int i = next++ % values.size();
        AdEvent e = parser.parse(values.get(i), kinds.get(i));
        Totals t = partials.computeIfAbsent(e.campaignId, c -> new Totals());
        t.addEvent(kinds.get(i), Math.max(0, e.costMicros), Math.max(0, e.revenueMicros));
        return t;
    }
}
