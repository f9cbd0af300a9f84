package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Section 15 on TopologyTestDriver: late events folded into retained windows as numbered revisions. */
class LateRevisionsTopologyTest {
    private static final String MINUTE = "c@2026-11-22T10:00:00Z";
    private static final String CHANNEL_MINUTE = "search/NOK@2026-11-22T10:00:00Z";

    private static TopologyFixture revisions() {
        TopologyFixture f = new TopologyFixture("late.revisions=true", "window.retention=PT30M");
        f.campaign("c", "{\"campaignId\":\"c\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":2}");
        return f;
    }

    private static JsonNode only(List<Map.Entry<String, JsonNode>> records, String key) {
        List<JsonNode> m = records.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).toList();
        assertThat(m).as(key).hasSize(1);
        return m.get(0);
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldReEmitTheFinalWithANewRevisionForEachLateArrivalWhileRetained() {
        try (TopologyFixture f = revisions()) {
            f.click("k1", "c", at("10:00:10"));
            f.flush();
            f.advanceAllPartitionsTo(at("10:11:00"));
            f.flush();
            JsonNode first = only(f.read("kpi.campaign.1m.final"), MINUTE);
            assertThat(first.get("revision").asLong()).isZero();
            assertThat(first.get("lateEvents").asLong()).isZero();
            assertThat(first.get("clicks").asLong()).isEqualTo(1);
            assertThat(only(f.read("kpi.channel.1m.final"), CHANNEL_MINUTE).get("revision").asLong()).isZero();

            // The clicks partition is at 10:11, past 10:01 + 10 min grace: late for 1m.
            f.click("late1", "c", at("10:00:30"));
            f.flush();
            JsonNode r1 = only(f.read("kpi.campaign.1m.final"), MINUTE);
            assertThat(r1.get("revision").asLong()).isEqualTo(1);
            assertThat(r1.get("lateEvents").asLong()).isEqualTo(1);
            assertThat(r1.get("clicks").asLong()).isEqualTo(2);
            assertThat(r1.get("spend").decimalValue()).isEqualByComparingTo("4");
            assertThat(r1.get("final").asBoolean()).isTrue();
            JsonNode running = f.latest("kpi.campaign.1m").get(MINUTE);
            assertThat(running.get("clicks").asLong()).as("the running record too").isEqualTo(2);
            JsonNode channel1 = only(f.read("kpi.channel.1m.final"), CHANNEL_MINUTE);
            assertThat(channel1.get("revision").asLong()).isEqualTo(1);
            assertThat(channel1.get("lateEvents").asLong()).isEqualTo(1);
            assertThat(channel1.get("clicks").asLong()).isEqualTo(2);
            List<TestRecord<String, byte[]>> late = f.raw("ads.late");
            assertThat(late).as("still copied to the late topic once").hasSize(1);
            assertThat(header(late.get(0), "late.windows")).isEqualTo("1m");
            assertThat(f.latest("kpi.campaign.1h").get(MINUTE).get("lateEvents").asLong())
                    .as("on time for the hour").isZero();

            f.click("late2", "c", at("10:00:40"));
            f.flush();
            JsonNode r2 = only(f.read("kpi.campaign.1m.final"), MINUTE);
            assertThat(r2.get("revision").asLong()).isEqualTo(2);
            assertThat(r2.get("lateEvents").asLong()).isEqualTo(2);
            assertThat(r2.get("clicks").asLong()).isEqualTo(3);
            assertThat(only(f.read("kpi.channel.1m.final"), CHANNEL_MINUTE).get("revision").asLong()).isEqualTo(2);
            assertThat(f.latest("kpi.campaign.total").get("c").get("clicks").asLong()).isEqualTo(3);
        }
    }

    @Test
    void shouldCreateAWindowThatOnlyALateEventReachesAsRevisionOne() {
        try (TopologyFixture f = revisions()) {
            f.click("k1", "c", at("10:00:10"));
            f.advanceAllPartitionsTo(at("10:20:00"));
            f.flush();
            f.read("kpi.campaign.1m.final");
            f.click("late", "c", at("10:05:30")); // the 10:05 minute had no event and closed at 10:16
            f.flush();
            JsonNode created = only(f.read("kpi.campaign.1m.final"), "c@2026-11-22T10:05:00Z");
            assertThat(created.get("revision").asLong()).isEqualTo(1);
            assertThat(created.get("lateEvents").asLong()).isEqualTo(1);
            assertThat(created.get("clicks").asLong()).isEqualTo(1);
            assertThat(only(f.read("kpi.channel.1m.final"), "search/NOK@2026-11-22T10:05:00Z").get("revision")
                    .asLong()).isEqualTo(1);
        }
    }

    @Test
    void shouldOnlyCopyALateEventPastTheRetentionToTheLateTopic() {
        try (TopologyFixture f = revisions()) {
            f.click("k1", "c", at("10:00:10"));
            f.flush();
            // 10:00 minute: end 10:01 + 10 min grace + 30 min retention = 10:41; the closing point passes it.
            f.advanceAllPartitionsTo(at("10:41:00"));
            f.flush();
            assertThat(only(f.read("kpi.campaign.1m.final"), MINUTE).get("revision").asLong()).isZero();
            assertThat(only(f.read("kpi.channel.1m.final"), CHANNEL_MINUTE).get("revision").asLong()).isZero();
            f.click("tooLate", "c", at("10:00:50"));
            f.flush();
            assertThat(f.read("kpi.campaign.1m.final")).extracting(Map.Entry::getKey).doesNotContain(MINUTE);
            assertThat(f.read("kpi.channel.1m.final")).extracting(Map.Entry::getKey).doesNotContain(CHANNEL_MINUTE);
            assertThat(f.raw("ads.late")).hasSize(1);
            assertThat(f.latest("kpi.campaign.1h").get(MINUTE).get("clicks").asLong())
                    .as("the hour, still open, counts it late").isEqualTo(2);
        }
    }

    @Test
    void shouldKeepRevisionAndLateEventsAtZeroByDefault() {
        try (TopologyFixture f = new TopologyFixture()) {
            f.click("k1", "c", at("10:00:10"));
            f.advanceAllPartitionsTo(at("10:11:00"));
            f.flush();
            JsonNode fin = only(f.read("kpi.campaign.1m.final"), MINUTE);
            assertThat(fin.get("revision").asLong()).isZero();
            assertThat(fin.get("lateEvents").asLong()).isZero();
            f.read("kpi.campaign.1m");
            f.click("late", "c", at("10:00:30"));
            f.flush();
            assertThat(f.read("kpi.campaign.1m.final")).as("no revision").isEmpty();
            assertThat(f.raw("ads.late")).hasSize(1);
            assertThat(f.latest("kpi.campaign.1m")).doesNotContainKey(MINUTE);
        }
    }
}
