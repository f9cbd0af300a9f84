package io.campaignpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.runtime.EmbeddedKafka;
import io.campaignpulse.runtime.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late revisions on a real broker: with {@code late.revisions=true} and a retention longer than
 * the data's lateness, events produced after the clock event (late for every window size) are
 * folded into the finals they missed, which must then equal a ledger that includes them, with
 * {@code lateEvents} counting them and revisions numbered one by one.
 */
@ExtendWith(KafkaBroker.class)
class LateRevisionsIT {

    @Test
    void shouldReviseTheFinalsToTheLedgerWithTheLateEvents(EmbeddedKafka broker, @TempDir Path tmp) throws Exception {
        List<String> sets = new ArrayList<>(CatchUpIT.sets(broker, "rev", 3));
        sets.addAll(List.of("http.port=0", "state.dir=" + tmp.resolve("state"), "late.revisions=true",
                "window.retention=P3D"));
        Settings settings = SettingsLoader.load(Map.of(), Map.of(), sets);
        Dataset data = new Dataset(3, 8_000, 21L);
        data.addDuplicates(100, 22L);
        CatchUpIT.createTopics(settings);
        data.produce(settings, 0.0, 1.0, true);
        try (Service service = Service.start(settings); Outputs out = new Outputs(settings, "rev-reader")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                out.poll(Duration.ofMillis(500));
                return out.complete(data);
            });
            // Every window has its first final; now the late events (their partition is two days on).
            data.addLate(60);
            data.produceLate(settings);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                out.poll(Duration.ofMillis(500));
                return out.revised(data);
            });
            out.assertExactWithRevisions(data);
            for (String key : data.lateByFinal.keySet()) {
                if (data.expectedFinals.containsKey(key)) {
                    assertThat(out.revisions.get(key)).as(key + " revised after its first final")
                            .hasSizeGreaterThan(1).startsWith(0L);
                } else {
                    assertThat(out.revisions.get(key)).as(key + ", reached by late events only").startsWith(1L);
                }
            }
            assertThat(data.lateByFinal).as("windows the late events reach").hasSizeGreaterThanOrEqualTo(3);
        }
    }
}
