package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** De-duplication by input topic, campaign and eventId within {@code dedup.window} (CONTRACT section 6). */
class DeduplicationTest {
    private final TopologyFixture f = new TopologyFixture("dedup.window=PT1H");

    @AfterEach
    void close() {
        f.close();
    }

    private long total(String campaign, String field) {
        return f.latest("kpi.campaign.total").get(campaign).get(field).asLong();
    }

    @Test
    void shouldCountAnEventIdOncePerTopicWhateverItsKeyAndCountTheDuplicate() {
        String json = TopologyFixture.event("e1", "click", "c", at("10:00:00"), ",\"cost\":0.5");
        f.pipeBytes("ads.clicks", "user-1", json.getBytes(StandardCharsets.UTF_8), at("10:00:00"));
        f.pipeBytes("ads.clicks", "another-key", json.getBytes(StandardCharsets.UTF_8), at("10:00:00"));
        f.pipeBytes("ads.clicks", null, json.getBytes(StandardCharsets.UTF_8), at("10:00:00"));
        f.send("impression", "e1", "c", at("10:00:00"), "");
        f.flush();
        assertThat(f.latest("kpi.campaign.total").get("c").get("spend").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(f.latest("kpi.campaign.1m").get("c@2026-11-22T10:00:00Z").get("clicks").asLong()).isEqualTo(1);
        assertThat(f.count("campaign.pulse.events.duplicate", "topic", "ads.clicks")).isEqualTo(2);
        assertThat(f.count("campaign.pulse.events.duplicate", "topic", "ads.impressions")).isZero();
        assertThat(f.count("campaign.pulse.events.accepted")).isEqualTo(2);
    }

    @Test
    void shouldCountTheSameEventIdOnceForEachCampaign() {
        f.click("e", "a", at("10:00:00"));
        f.click("e", "b", at("10:00:01")); // another campaign: another event
        f.click("e", "a", at("10:00:02")); // same campaign and topic: a duplicate
        f.flush();
        var totals = f.latest("kpi.campaign.total");
        assertThat(totals.get("a").get("clicks").asLong()).isEqualTo(1);
        assertThat(totals.get("b").get("clicks").asLong()).isEqualTo(1);
        assertThat(f.count("campaign.pulse.events.duplicate")).isEqualTo(1);
    }

    @Test
    void shouldCountTheSameEventIdAgainWhenTheTimesAreAWindowApart() {
        f.click("e", "c", at("10:00:00"));
        f.click("e", "c", at("10:59:59.999")); // less than 1 h apart: a duplicate
        f.click("e", "c", at("11:00:00")); // exactly 1 h after the first: a new event
        f.click("e", "c", at("11:30:00")); // 30 min after the second accepted one: a duplicate
        f.flush();
        assertThat(total("c", "clicks")).isEqualTo(2);
        assertThat(f.count("campaign.pulse.events.duplicate")).isEqualTo(2);
    }

    @Test
    void shouldNeitherCountNorCopyALateDuplicate() {
        f.click("e", "c", at("10:00:00"));
        f.click("clock", "other", at("10:12:00")); // closes 10:00-10:01 for this partition (grace 10 min)
        f.click("e", "c", at("10:00:00"));
        f.click("late", "c", at("10:00:30"));
        f.flush();
        List<TestRecord<String, byte[]>> late = f.raw("ads.late");
        assertThat(late).hasSize(1);
        assertThat(new String(late.get(0).value(), StandardCharsets.UTF_8)).contains("\"eventId\":\"late\"");
        assertThat(total("c", "clicks")).isEqualTo(2);
        assertThat(f.count("campaign.pulse.events.duplicate")).isEqualTo(1);
        assertThat(f.count("campaign.pulse.events.late", "window", "1m")).isEqualTo(1);
        assertThat(f.count("campaign.pulse.events.late", "window", "1h")).isZero();
    }

    @Test
    void shouldForgetAnIdOnlyOnceEveryPartitionIsMoreThanTheWindowPastIt() {
        f.click("old", "c", at("10:00:00"));
        f.click("newer", "c", at("11:30:00"));
        f.flush();
        long[] key = identity("old");
        assertThat(remembered(key)).isTrue();
        f.advanceAllPartitionsTo(at("11:00:00"));
        f.flush();
        assertThat(remembered(key)).as("every partition exactly one window past: still needed").isTrue();
        f.advanceAllPartitionsTo(at("11:00:00.001"));
        f.flush();
        assertThat(remembered(key)).isFalse();
        assertThat(remembered(identity("newer"))).isTrue();
    }

    private static long[] identity(String clickId) {
        return StageEvent.digest(1, "c", clickId); // the clicks topic, campaign c
    }

    private boolean remembered(long[] digest) {
        FlushedStore<?> store = (FlushedStore<?>) f.driver.getStateStore(StoreNames.CAMPAIGN_STATE);
        return ((CampaignState) store.content()).ids.remembers(digest[0], digest[1]);
    }
}
