package io.campaignpulse.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsLoader;
import io.campaignpulse.events.AdEvent;
import io.campaignpulse.events.Campaign;
import io.campaignpulse.events.CampaignParser;
import io.campaignpulse.events.EventParser;
import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.PricingModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatorTest {
    private static Settings settings(long seed, long events) {
        return SettingsLoader.load(Map.of(), Map.of(), List.of("simulate.campaigns=120", "simulate.rate=10000000",
                "simulate.seed=" + seed, "simulate.events=" + events));
    }

    private static List<String[]> run(Settings s) {
        List<String[]> out = new ArrayList<>();
        new Simulator(s).run((topic, key, value) -> out.add(new String[] {topic, key, value}), () -> { }, () -> false);
        return out;
    }

    /** The records without their timestamps, which follow the wall clock. */
    private static List<String> withoutTimes(List<String[]> records) {
        return records.stream().map(r -> r[0] + "|" + r[1] + "|" + r[2].replaceAll("\"timestamp\":\"[^\"]+\"", ""))
                .toList();
    }

    @Test
    void shouldRepeatTheSameTrafficForTheSameSeed() {
        assertThat(withoutTimes(run(settings(7, 5_000)))).isEqualTo(withoutTimes(run(settings(7, 5_000))));
        assertThat(withoutTimes(run(settings(8, 5_000)))).isNotEqualTo(withoutTimes(run(settings(7, 5_000))));
    }

    @Test
    void shouldWriteValidCatalogueAndEventsThatLookLikeARealAccount() throws Exception {
        Settings s = settings(42, 60_000);
        List<String[]> records = run(s);
        CampaignParser campaigns = new CampaignParser(s.eventMaxBytes(), s.currencyDefault());
        EventParser events = new EventParser(s.eventMaxBytes());
        Map<String, Campaign> catalogue = new HashMap<>();
        Map<String, long[]> counts = new HashMap<>();
        Set<String> ids = new HashSet<>();
        Map<String, Set<String>> reachedByCampaign = new HashMap<>();
        Map<String, Set<String>> reachedByChannel = new HashMap<>();
        Set<String> reached = new HashSet<>();
        Set<String> acted = new HashSet<>();
        Set<String> converted = new HashSet<>();
        long userImpressions = 0;
        int withCost = 0;
        Map<String, String> clickCampaign = new HashMap<>();
        Map<String, Integer> salesByUser = new HashMap<>();
        int viaClick = 0;
        int named = 0;
        int organic = 0;
        for (String[] r : records) {
            byte[] value = r[2].getBytes(StandardCharsets.UTF_8);
            if (r[0].equals(s.topics().campaigns())) {
                Campaign c = campaigns.parse(r[1], value);
                catalogue.put(c.campaignId(), c);
                continue;
            }
            EventKind kind = EventKind.ofOrdinal(s.topics().events().indexOf(r[0]));
            AdEvent e = events.parse(value, kind);
            if (kind == EventKind.CLICK) {
                assertThat(e.clickId).as("every click carries a clickId").isNotNull();
                clickCampaign.put(e.clickId, e.campaignId);
            }
            String campaign = e.campaignId;
            if (campaign == null) { // a lead or sale with only its click's id
                campaign = clickCampaign.get(e.clickId);
                if (campaign == null) {
                    assertThat(e.clickId).as("a click id no ad click has: organic").startsWith("site-");
                    organic++;
                    counts.computeIfAbsent(r[0], k -> new long[1])[0]++;
                    continue;
                }
                viaClick++;
            } else if (kind == EventKind.LEAD || kind == EventKind.SALE) {
                named++;
            }
            if (kind == EventKind.SALE) {
                salesByUser.merge(e.userId, 1, Integer::sum);
            }
            assertThat(catalogue).containsKey(campaign);
            assertThat(ids.add(e.eventId)).as("unique eventId").isTrue();
            if (e.currency != null) {
                assertThat(e.currency).isEqualTo(catalogue.get(campaign).currency());
            }
            withCost += e.costMicros >= 0 ? 1 : 0;
            assertThat(e.userId).as("every simulated event has a user").isNotNull();
            switch (kind) {
                case IMPRESSION -> {
                    userImpressions++;
                    reached.add(e.userId);
                    reachedByCampaign.computeIfAbsent(e.campaignId, k -> new HashSet<>()).add(e.userId);
                    reachedByChannel.computeIfAbsent(e.channel, k -> new HashSet<>()).add(e.userId);
                }
                case CLICK, LEAD -> acted.add(e.userId);
                case SALE -> converted.add(e.userId);
            }
            counts.computeIfAbsent(r[0], k -> new long[1])[0]++;
        }
        assertThat(viaClick).as("conversions with only a clickId").isGreaterThan(3 * named);
        assertThat(organic).as("organic sales").isPositive();
        assertThat(salesByUser.values().stream().filter(n -> n > 1).count()).as("returning customers").isPositive();
        assertThat(catalogue).hasSize(120);
        assertThat(catalogue.values()).extracting(Campaign::pricingModel).contains(PricingModel.values());
        assertThat(catalogue.values()).extracting(Campaign::currency).contains("NOK", "EUR", "SEK");
        assertThat(catalogue.values()).extracting(Campaign::channel)
                .contains("search", "social", "video", "display", "affiliate", "email");
        long impressions = counts.get(s.topics().impressions())[0];
        long clicks = counts.get(s.topics().clicks())[0];
        long leads = counts.get(s.topics().leads())[0];
        long sales = counts.get(s.topics().sales())[0];
        assertThat(impressions + clicks + leads + sales).isBetween(60_000L, 60_003L);
        assertThat((double) clicks / impressions).as("CTR").isBetween(0.005, 0.08);
        assertThat((double) leads / clicks).as("lead rate").isBetween(0.03, 0.15);
        assertThat((double) (sales - organic) / leads).as("lead to sale, repeat orders included").isBetween(0.10, 0.50);
        assertThat(withCost).as("clicks carrying their auction cost").isPositive().isLessThan((int) clicks);
        assertThat((double) userImpressions / reached.size()).as("frequency").isBetween(1.5, 4.0);
        assertThat(reached).as("the funnel narrows: act within reach").containsAll(acted);
        assertThat(acted).as("convert within act").containsAll(converted);
        assertThat(converted.size()).isPositive().isLessThan(acted.size() / 3);
        long campaignSum = reachedByCampaign.values().stream().mapToLong(Set::size).sum();
        long channelSum = reachedByChannel.values().stream().mapToLong(Set::size).sum();
        assertThat(channelSum).as("campaigns of a channel share users").isLessThan(campaignSum);
    }
}
