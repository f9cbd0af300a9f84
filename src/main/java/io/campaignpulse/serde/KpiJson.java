package io.campaignpulse.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import io.campaignpulse.events.Timestamps;
import io.campaignpulse.kpi.KpiRecord;
import io.campaignpulse.kpi.Kpis;
import io.campaignpulse.kpi.Money;
import io.campaignpulse.kpi.Totals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes a {@link KpiRecord} as the JSON of CONTRACT section 5, every field present. */
public final class KpiJson {
    private KpiJson() {
    }

    public static byte[] write(KpiRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(640);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            Totals t = r.totals();
            g.writeStartObject();
            g.writeStringField("campaignId", r.campaignId());
            g.writeStringField("channel", r.channel());
            g.writeStringField("currency", r.currency());
            g.writeStringField("pricingModel", r.pricingModel());
            g.writeStringField("window", r.window());
            g.writeStringField("windowStart", r.windowStartMs() == null ? null : Timestamps.format(r.windowStartMs()));
            g.writeStringField("windowEnd", r.windowEndMs() == null ? null : Timestamps.format(r.windowEndMs()));
            g.writeNumberField("impressions", t.impressions);
            g.writeNumberField("clicks", t.clicks);
            g.writeNumberField("leads", t.leads);
            g.writeNumberField("sales", t.sales);
            money(g, "spend", t.spendMicros);
            money(g, "revenue", t.revenueMicros);
            g.writeNumberField("spendMicros", t.spendMicros);
            g.writeNumberField("revenueMicros", t.revenueMicros);
            money(g, "cpm", Kpis.cpm(t));
            money(g, "cpc", Kpis.cpc(t));
            money(g, "cpl", Kpis.cpl(t));
            money(g, "cpa", Kpis.cpa(t));
            ratio(g, "ctr", Kpis.ctr(t));
            ratio(g, "leadRate", Kpis.leadRate(t));
            ratio(g, "conversionRate", Kpis.conversionRate(t));
            ratio(g, "leadToSale", Kpis.leadToSale(t));
            ratio(g, "roas", Kpis.roas(t));
            ratio(g, "roi", Kpis.roi(t));
            // Audience, customer and customer-value fields (reach, funnel, customers, LTV) are not
            // computed by this release; the contract has every field present, null where unknown.
            for (String field : NOT_YET_COMPUTED) {
                g.writeNullField(field);
            }
            g.writeBooleanField("final", r.isFinal());
            g.writeNumberField("revision", 0);
            g.writeNumberField("lateEvents", 0);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static final String[] NOT_YET_COMPUTED = {"reach", "frequency", "actUsers", "convertUsers",
        "actRate", "convertRate", "newCustomers", "repeatCustomers", "cac", "customerRevenue", "ltv", "ltvToCac"};

    private static void money(JsonGenerator g, String field, Long micros) throws IOException {
        g.writeFieldName(field);
        if (micros == null) {
            g.writeNull();
        } else {
            g.writeNumber(Money.format(micros));
        }
    }

    private static void ratio(JsonGenerator g, String field, Double value) throws IOException {
        g.writeFieldName(field);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }
}
