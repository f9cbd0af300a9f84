package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.campaignpulse.query.ViewStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The query views on TopologyTestDriver: they hold exactly the bytes written to the topics, a
 * window's final once it closed, a window until it leaves the state.
 */
class QueryViewTopologyTest {
    private final TopologyFixture f = new TopologyFixture("windows=1m,1h");

    @AfterEach
    void close() {
        f.close();
    }

    private ViewStore view(String name) {
        return (ViewStore) f.driver.getStateStore(name);
    }

    private Map<String, String> latest(String topic) {
        Map<String, String> m = new LinkedHashMap<>();
        for (TestRecord<String, byte[]> r : f.raw(topic)) {
            m.put(r.key(), new String(r.value(), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void shouldHoldTheTopicsRecordsOnceTheirCommitCompleted() {
        f.campaign("c", "{\"campaignId\":\"c\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":2}");
        f.send("impression", "i1", "c", at("10:00:01"), ",\"variant\":\"A\"");
        f.send("click", "k1", "c", at("10:00:02"), ",\"variant\":\"B\"");
        f.flush();
        Map<String, String> totals = latest("kpi.campaign.total");
        assertThat(totals).containsKey("c");
        ViewStore campaigns = view(StoreNames.CAMPAIGN_VIEW);
        assertThat(text(campaigns.total("c"))).isEqualTo(totals.get("c"));
        Map<String, String> hour = latest("kpi.campaign.1h");
        assertThat(campaigns.windows("1h", "c", Long.MIN_VALUE, Long.MAX_VALUE)).extracting(QueryViewTopologyTest::text)
                .containsExactly(hour.get("c@2026-11-22T10:00:00Z"));
        assertThat(text(campaigns.experiment("c"))).isEqualTo(latest("kpi.experiment").get("c"));
        Map<String, String> channelTotals = latest("kpi.channel.total");
        assertThat(text(view(StoreNames.CHANNEL_VIEW).total("search/NOK"))).isEqualTo(channelTotals.get("search/NOK"));

        // A new event: once the commit that wrote its record completed (TopologyTestDriver commits at
        // once; ViewStoreTest covers the hold-back), the view has the new record.
        f.send("click", "k2", "c", at("10:00:03"), "");
        f.tick();
        Map<String, String> after = latest("kpi.campaign.total");
        assertThat(after.get("c")).contains("\"clicks\":2");
        assertThat(text(campaigns.total("c"))).isEqualTo(after.get("c"));
    }

    @Test
    void shouldKeepAClosedWindowsFinalRecordAndItsWindowsInStart() {
        f.campaign("c", "{\"campaignId\":\"c\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":2}");
        f.send("click", "k1", "c", at("10:00:02"), "");
        f.send("click", "k2", "c", at("10:01:02"), "");
        f.flush();
        f.advanceAllPartitionsTo(at("10:20:00")); // 10:00 and 10:01 (1m) close: end + 10 min grace
        f.flush();
        Map<String, String> finals = latest("kpi.campaign.1m.final");
        assertThat(finals).containsKeys("c@2026-11-22T10:00:00Z", "c@2026-11-22T10:01:00Z");
        ViewStore campaigns = view(StoreNames.CAMPAIGN_VIEW);
        List<String> minutes = campaigns.windows("1m", "c", Long.MIN_VALUE, Long.MAX_VALUE).stream()
                .map(QueryViewTopologyTest::text).toList();
        assertThat(minutes).containsExactly(finals.get("c@2026-11-22T10:00:00Z"), finals.get("c@2026-11-22T10:01:00Z"));
        assertThat(minutes.get(0)).contains("\"final\":true");
        long ten = at("10:00:00").toEpochMilli();
        assertThat(campaigns.windows("1m", "c", ten + 60_000, Long.MAX_VALUE)).hasSize(1);
        assertThat(campaigns.windowAt("1m", ten)).extracting(QueryViewTopologyTest::text)
                .containsExactly(finals.get("c@2026-11-22T10:00:00Z"));
        Map<String, String> channelFinals = latest("kpi.channel.1m.final");
        assertThat(view(StoreNames.CHANNEL_VIEW).windowAt("1m", ten)).extracting(QueryViewTopologyTest::text)
                .containsExactly(channelFinals.get("search/NOK@2026-11-22T10:00:00Z"));
    }

    @Test
    void shouldDropAWindowFromTheViewWhenItLeavesTheState() {
        TopologyFixture g = new TopologyFixture("windows=1m", "window.retention=PT30M");
        try {
            g.campaign("c", "{\"campaignId\":\"c\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":2}");
            g.send("click", "k1", "c", at("10:00:02"), "");
            g.flush();
            g.advanceAllPartitionsTo(at("10:20:00"));
            g.flush();
            ViewStore campaigns = (ViewStore) g.driver.getStateStore(StoreNames.CAMPAIGN_VIEW);
            assertThat(campaigns.windows("1m", "c", Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(1);
            g.advanceAllPartitionsTo(at("11:20:00")); // past end + grace + 30 min
            g.flush();
            assertThat(campaigns.windows("1m", "c", Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
            assertThat(campaigns.total("c")).as("lifetime records stay").isNotNull();
        } finally {
            g.close();
        }
    }
}
