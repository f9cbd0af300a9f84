package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reach, frequency and the RACE funnel on TopologyTestDriver, with few users, where the sketches
 * are exact: every expected figure below is counted by hand from the events sent.
 */
class AudienceTopologyTest {
    private final TopologyFixture f = new TopologyFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static String user(String u) {
        return ",\"userId\":\"" + u + "\"";
    }

    private static void assertAudience(JsonNode n, long reach, Double frequency, long act, long convert,
            Double actRate, Double convertRate) {
        assertThat(n.get("reach").asLong()).as("reach").isEqualTo(reach);
        assertThat(n.get("actUsers").asLong()).as("actUsers").isEqualTo(act);
        assertThat(n.get("convertUsers").asLong()).as("convertUsers").isEqualTo(convert);
        assertRatio(n, "frequency", frequency);
        assertRatio(n, "actRate", actRate);
        assertRatio(n, "convertRate", convertRate);
    }

    private static void assertRatio(JsonNode n, String field, Double expected) {
        if (expected == null) {
            assertThat(n.get(field).isNull()).as(field + " is null").isTrue();
        } else {
            assertThat(n.get(field).asDouble()).as(field).isEqualTo(expected);
        }
    }

    @Test
    void shouldCountDistinctUsersPerStepOfTheFunnelAndIgnoreEventsWithoutAUser() {
        f.campaign("c", "{\"campaignId\":\"c\",\"channel\":\"search\",\"pricingModel\":\"CPC\",\"rate\":1}");
        // u1 sees the ad three times, u2 twice, u3 once; one impression has no user.
        for (String[] e : List.of(new String[] {"i1", "u1"}, new String[] {"i2", "u1"}, new String[] {"i3", "u2"},
                new String[] {"i4", "u1"}, new String[] {"i5", "u2"}, new String[] {"i6", "u3"})) {
            f.send("impression", e[0], "c", at("10:00:10"), user(e[1]));
        }
        f.send("impression", "i7", "c", at("10:00:11"), "");
        // u1 and u2 click (u1 twice), u2 leaves a lead, u2 buys; a click without a user.
        f.send("click", "k1", "c", at("10:00:20"), user("u1"));
        f.send("click", "k2", "c", at("10:00:21"), user("u1"));
        f.send("click", "k3", "c", at("10:00:22"), user("u2"));
        f.send("click", "k4", "c", at("10:00:23"), "");
        f.send("lead", "l1", "c", at("10:00:30"), user("u2"));
        f.send("sale", "s1", "c", at("10:00:40"), user("u2") + ",\"revenue\":10");
        f.flush();
        JsonNode minute = f.latest("kpi.campaign.1m").get("c@2026-11-22T10:00:00Z");
        assertThat(minute.get("impressions").asLong()).isEqualTo(7);
        // frequency: 6 impressions with a user / 3 users; act 2 of 3 reached; convert 1 of 2 acting.
        assertAudience(minute, 3, 2.0, 2, 1, 2.0 / 3, 0.5);
        assertAudience(f.latest("kpi.campaign.total").get("c"), 3, 2.0, 2, 1, 2.0 / 3, 0.5);
        assertAudience(f.latest("kpi.channel.1h").get("search/NOK@2026-11-22T10:00:00Z"), 3, 2.0, 2, 1, 2.0 / 3, 0.5);
        assertAudience(f.latest("kpi.channel.total").get("search/NOK"), 3, 2.0, 2, 1, 2.0 / 3, 0.5);
    }

    @Test
    void shouldGiveZeroCountsAndNullRatiosWithoutAnyUser() {
        f.impression("i1", "c", at("10:00:10"));
        f.flush();
        assertAudience(f.latest("kpi.campaign.total").get("c"), 0, null, 0, 0, null, null);
        assertAudience(f.latest("kpi.channel.total").get("unknown/NOK"), 0, null, 0, 0, null, null);
    }

    @Test
    void shouldUnionUsersAcrossCampaignsAndMinutesNeverSumThem() {
        f.campaign("a", "{\"campaignId\":\"a\",\"channel\":\"social\",\"pricingModel\":\"CPM\",\"rate\":10}");
        f.campaign("b", "{\"campaignId\":\"b\",\"channel\":\"social\",\"pricingModel\":\"CPM\",\"rate\":10}");
        // Campaign a reaches u1, u2, u3 at 10:00; campaign b reaches u2, u3, u4 at 10:00 and u1 at 10:01.
        f.send("impression", "a1", "a", at("10:00:01"), user("u1"));
        f.send("impression", "a2", "a", at("10:00:02"), user("u2"));
        f.send("impression", "a3", "a", at("10:00:03"), user("u3"));
        f.send("impression", "b1", "b", at("10:00:04"), user("u2"));
        f.send("impression", "b2", "b", at("10:00:05"), user("u3"));
        f.send("impression", "b3", "b", at("10:00:06"), user("u4"));
        f.send("impression", "b4", "b", at("10:01:06"), user("u1"));
        f.flush();
        Map<String, JsonNode> minute = f.latest("kpi.channel.1m");
        // 10:00: campaigns reach 3 + 3 users, the channel 4 (u1..u4), frequency 6 / 4.
        assertAudience(minute.get("social/NOK@2026-11-22T10:00:00Z"), 4, 1.5, 0, 0, 0.0, null);
        assertAudience(minute.get("social/NOK@2026-11-22T10:01:00Z"), 1, 1.0, 0, 0, 0.0, null);
        // The hour is the union of its minutes: u1 in both counts once.
        assertAudience(f.latest("kpi.channel.1h").get("social/NOK@2026-11-22T10:00:00Z"), 4, 7.0 / 4, 0, 0, 0.0,
                null);
        assertAudience(f.latest("kpi.channel.total").get("social/NOK"), 4, 7.0 / 4, 0, 0, 0.0, null);
        Map<String, JsonNode> total = f.latest("kpi.campaign.total");
        assertThat(total.get("a").get("reach").asLong()).isEqualTo(3);
        assertThat(total.get("b").get("reach").asLong()).isEqualTo(4);
    }

    @Test
    void shouldCountADuplicateOnceAndKeepLateUsersOutOfTheWindowsTheyMissed() {
        f.send("impression", "i1", "c", at("10:00:10"), user("u1"));
        f.send("impression", "i1", "c", at("10:00:10"), user("u1")); // duplicate: no second impression
        f.send("impression", "ahead", "clock", at("10:12:00"), user("z"));
        // Late for 1m (the impressions partition passed 10:01 + grace), on time for 1h and 1d.
        f.send("impression", "late", "c", at("10:00:45"), user("u2"));
        f.flush();
        assertAudience(f.latest("kpi.campaign.1m").get("c@2026-11-22T10:00:00Z"), 1, 1.0, 0, 0, 0.0, null);
        assertAudience(f.latest("kpi.campaign.1h").get("c@2026-11-22T10:00:00Z"), 2, 1.0, 0, 0, 0.0, null);
        assertAudience(f.latest("kpi.campaign.total").get("c"), 2, 1.0, 0, 0, 0.0, null);
        // The channel's 10:00 minute has u1 of c and nobody else (z is at 10:12, u2 missed it).
        assertAudience(f.latest("kpi.channel.1m").get("unknown/NOK@2026-11-22T10:00:00Z"), 1, 1.0, 0, 0, 0.0, null);
        assertAudience(f.latest("kpi.channel.1h").get("unknown/NOK@2026-11-22T10:00:00Z"), 3, 1.0, 0, 0, 0.0, null);
    }

    @Test
    void shouldCarryTheAudienceIntoTheFinalRecords() {
        f.send("impression", "i1", "c", at("10:00:10"), user("u1"));
        f.send("click", "k1", "c", at("10:00:11"), user("u1"));
        f.flush();
        f.advanceAllPartitionsTo(at("10:11:00"));
        f.flush();
        List<Map.Entry<String, JsonNode>> finals = f.read("kpi.campaign.1m.final");
        JsonNode fin = finals.stream().filter(e -> e.getKey().equals("c@2026-11-22T10:00:00Z")).findFirst()
                .orElseThrow().getValue();
        assertAudience(fin, 1, 1.0, 1, 0, 1.0, 0.0);
        JsonNode channelFinal = f.read("kpi.channel.1m.final").stream()
                .filter(e -> e.getKey().equals("unknown/NOK@2026-11-22T10:00:00Z")).findFirst().orElseThrow()
                .getValue();
        assertAudience(channelFinal, 1, 1.0, 1, 0, 1.0, 0.0);
    }
}
