package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An idle claim holds no window open only while an end check, begun after the latest progress,
 * finds its partition committed to its end. Here the clicks, leads and sales partitions fall
 * silent and claim idleness while impressions move on; what the end check says decides whether
 * the 10:00 minute closes.
 */
class IdleClaimTest {
    private static final String MINUTE = "c@2026-11-22T10:00:00Z";
    private static final Set<String> SILENT = Set.of("ads.clicks-0", "ads.leads-0", "ads.sales-0");

    /** The end check the topology sees, set by each test. */
    private volatile EndCheck check = EndCheck.NOTHING;
    private final TopologyFixture f = new TopologyFixture(new InputLag() {
        @Override
        public boolean atEnd(String topic, int partition, long nextOffset) {
            return true;
        }

        @Override
        public EndCheck endCheck() {
            return check;
        }
    });

    @AfterEach
    void close() {
        f.close();
    }

    /** Every partition at 10:00:10, then the other three silent past watermark.idle, impressions on to 10:20. */
    private void silenceAllButImpressions() {
        f.advanceAllPartitionsTo(at("10:00:10"));
        f.impression("i1", "c", at("10:00:20"));
        f.flush();
        f.driver.advanceWallClockTime(Duration.ofSeconds(31)); // clicks, leads, sales: idle claims
        f.flush();
        f.impression("i2", "clock", at("10:20:00"));
        f.flush();
    }

    private Map<String, com.fasterxml.jackson.databind.JsonNode> finals() {
        return f.latest("kpi.campaign.1m.final");
    }

    @Test
    void shouldCloseOnAClaimWhosePartitionIsCommittedToItsEndByANewerCheck() {
        silenceAllButImpressions();
        assertThat(finals()).as("no end check yet").doesNotContainKey(MINUTE);
        check = new EndCheck(System.currentTimeMillis() + 1, SILENT);
        f.flush(); // the next punctuation takes the new check
        assertThat(finals()).containsKey(MINUTE);
    }

    @Test
    void shouldHoldWindowsOpenWhileAClaimedPartitionHasUncommittedInput() {
        silenceAllButImpressions();
        check = new EndCheck(System.currentTimeMillis() + 1, Set.of("ads.clicks-0", "ads.leads-0"));
        f.flush();
        assertThat(finals()).as("sales received something after its claim").doesNotContainKey(MINUTE);
        // The sales partition's event, read late by its (new) owner, still counts in its minute.
        f.send("sale", "s1", "c", at("10:00:30"), ",\"revenue\":5");
        f.flush();
        assertThat(f.raw("ads.late")).isEmpty();
        f.advanceAllPartitionsTo(at("10:30:00"));
        f.flush();
        assertThat(finals().get(MINUTE).get("sales").asLong()).as("the sale in its minute's final").isEqualTo(1);
    }

    @Test
    void shouldNotUseACheckThatBeganBeforeTheLatestProgress() {
        long before = System.currentTimeMillis() - 1;
        silenceAllButImpressions();
        check = new EndCheck(before, SILENT);
        f.flush();
        f.driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(finals()).as("the check began before impressions moved on").doesNotContainKey(MINUTE);
        check = new EndCheck(System.currentTimeMillis() + 1, SILENT);
        f.flush();
        assertThat(finals()).containsKey(MINUTE);
    }
}
