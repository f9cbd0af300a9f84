package io.campaignpulse.topology;

import static io.campaignpulse.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code kpi.experiment} on TopologyTestDriver, every figure counted by hand. */
class ExperimentTopologyTest {
    private final TopologyFixture f = new TopologyFixture("experiments.min.trials=2");

    @AfterEach
    void close() {
        f.close();
    }

    private static String variant(String v) {
        return ",\"variant\":\"" + v + "\"";
    }

    @Test
    void shouldWriteTheExperimentOnceTwoVariantsAppearWithPerVariantLifetimeFigures() {
        f.campaign("c", "{\"campaignId\":\"c\",\"pricingModel\":\"CPC\",\"rate\":2,\"controlVariant\":\"B\"}");
        f.send("impression", "i1", "c", at("10:00:01"), variant("A"));
        f.send("impression", "i2", "c", at("10:00:02"), variant("A"));
        f.send("click", "k1", "c", at("10:00:03"), variant("A"));
        f.flush();
        assertThat(f.read("kpi.experiment")).as("one variant is no experiment").isEmpty();

        f.send("impression", "i3", "c", at("10:00:04"), variant("B"));
        f.send("impression", "i4", "c", at("10:00:05"), variant("B"));
        f.send("impression", "i5", "c", at("10:00:05"), variant("B"));
        f.send("click", "k2", "c", at("10:00:06"), variant("B"));
        f.send("click", "k3", "c", at("10:00:07"), variant("B"));
        f.send("click", "k3", "c", at("10:00:07"), variant("B")); // duplicate: not counted
        f.send("sale", "s1", "c", at("10:00:08"), variant("B") + ",\"revenue\":30");
        f.send("impression", "i6", "c", at("10:00:09"), ""); // no variant: campaign KPIs only
        f.flush();
        Map<String, JsonNode> latest = f.latest("kpi.experiment");
        JsonNode x = latest.get("c");
        assertThat(x.get("campaignId").asText()).isEqualTo("c");
        assertThat(x.get("currency").asText()).isEqualTo("NOK");
        assertThat(x.get("control").asText()).as("the entry's controlVariant").isEqualTo("B");
        assertThat(x.get("alpha").asDouble()).isEqualTo(0.05);
        assertThat(x.get("tau").asDouble()).isEqualTo(0.01);
        JsonNode a = x.get("variants").get(0);
        JsonNode b = x.get("variants").get(1);
        assertThat(a.get("variant").asText()).isEqualTo("A");
        assertThat(a.get("impressions").asLong()).isEqualTo(2);
        assertThat(a.get("clicks").asLong()).isEqualTo(1);
        assertThat(a.get("spend").decimalValue()).isEqualByComparingTo("2");
        assertThat(a.get("ctr").asDouble()).isEqualTo(0.5);
        assertThat(a.get("conversionRate").asDouble()).isEqualTo(0.0);
        assertThat(a.get("cpa").isNull()).isTrue();
        assertThat(b.get("variant").asText()).isEqualTo("B");
        assertThat(b.get("impressions").asLong()).isEqualTo(3);
        assertThat(b.get("clicks").asLong()).isEqualTo(2);
        assertThat(b.get("sales").asLong()).isEqualTo(1);
        assertThat(b.get("spend").decimalValue()).isEqualByComparingTo("4");
        assertThat(b.get("revenue").decimalValue()).isEqualByComparingTo("30");
        assertThat(b.get("cpa").decimalValue()).isEqualByComparingTo("4");
        assertThat(b.get("roas").asDouble()).isEqualTo(7.5);
        // Tests of A against control B, conversionRate then ctr. conversionRate: A has 1 click, below the
        // minimum of 2 trials, so no p-value; ctr: 1/2 against 2/3 with 2 and 3 trials.
        JsonNode conv = x.get("tests").get(0);
        assertThat(conv.get("variant").asText()).isEqualTo("A");
        assertThat(conv.get("metric").asText()).isEqualTo("conversionRate");
        assertThat(conv.get("controlRate").asDouble()).isEqualTo(0.5);
        assertThat(conv.get("variantRate").asDouble()).isEqualTo(0.0);
        assertThat(conv.get("pValue").isNull()).isTrue();
        assertThat(conv.get("significant").isNull()).isTrue();
        assertThat(conv.get("lift").isNull()).isTrue();
        JsonNode ctr = x.get("tests").get(1);
        assertThat(ctr.get("metric").asText()).isEqualTo("ctr");
        assertThat(ctr.get("controlRate").asDouble()).isEqualTo(2.0 / 3);
        assertThat(ctr.get("variantRate").asDouble()).isEqualTo(0.5);
        assertThat(ctr.get("lift").asDouble()).isEqualTo((0.5 - 2.0 / 3) / (2.0 / 3));
        // V = (2/3)(1/3)/3 + (1/2)(1/2)/2 = 0.2051; L = sqrt(V/(V+1e-4)) * exp(1e-4 * D^2 / (2V(V+1e-4))) < 1.
        assertThat(ctr.get("pValue").asDouble()).isEqualTo(1.0);
        assertThat(ctr.get("significant").asBoolean()).isFalse();
        assertThat(x.get("winner").isNull()).isTrue();
        assertThat(x.get("variants")).hasSize(2);
        assertThat(x.get("tests")).hasSize(2);
    }

    @Test
    void shouldCountLateEventsAsLifetimeRecordsDoAndUseTheFirstVariantWithoutAnEntry() {
        f.send("impression", "i1", "c", at("10:00:01"), variant("b"));
        f.send("impression", "ahead", "clock", at("10:30:00"), "");
        f.send("impression", "late", "c", at("10:00:02"), variant("A")); // late for every size but 1d
        f.flush();
        JsonNode x = f.latest("kpi.experiment").get("c");
        assertThat(x.get("control").asText()).isEqualTo("A");
        assertThat(x.get("variants").get(0).get("impressions").asLong()).isEqualTo(1);
        assertThat(x.get("tests").get(0).get("variant").asText()).isEqualTo("b");
    }
}
