package io.campaignpulse.serde;

import static io.campaignpulse.serde.JsonFields.money;
import static io.campaignpulse.serde.JsonFields.ratio;

import com.fasterxml.jackson.core.JsonGenerator;
import io.campaignpulse.events.Json;
import io.campaignpulse.kpi.ExperimentReport;
import io.campaignpulse.kpi.Kpis;
import io.campaignpulse.kpi.SequentialTest;
import io.campaignpulse.kpi.Totals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Writes an {@link ExperimentReport} as the JSON of the {@code kpi.experiment} topic, every field present. */
public final class ExperimentJson {
    private ExperimentJson() {
    }

    public static byte[] write(ExperimentReport r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("campaignId", r.campaignId());
            g.writeStringField("currency", r.currency());
            g.writeStringField("control", r.control());
            g.writeNumberField("alpha", r.alpha());
            g.writeNumberField("tau", r.tau());
            g.writeArrayFieldStart("variants");
            for (Map.Entry<String, Totals> e : r.variants().entrySet()) {
                Totals t = e.getValue();
                g.writeStartObject();
                g.writeStringField("variant", e.getKey());
                g.writeNumberField("impressions", t.impressions);
                g.writeNumberField("clicks", t.clicks);
                g.writeNumberField("leads", t.leads);
                g.writeNumberField("sales", t.sales);
                money(g, "spend", t.spendMicros);
                money(g, "revenue", t.revenueMicros);
                ratio(g, "ctr", Kpis.ctr(t));
                ratio(g, "conversionRate", Kpis.conversionRate(t));
                money(g, "cpa", Kpis.cpa(t));
                ratio(g, "roas", Kpis.roas(t));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tests");
            for (ExperimentReport.Test test : r.tests()) {
                SequentialTest.Result x = test.result();
                g.writeStartObject();
                g.writeStringField("variant", test.variant());
                g.writeStringField("metric", test.metric());
                ratio(g, "controlRate", x.controlRate());
                ratio(g, "variantRate", x.variantRate());
                ratio(g, "lift", x.lift());
                ratio(g, "pValue", x.pValue());
                g.writeFieldName("significant");
                if (x.significant() == null) {
                    g.writeNull();
                } else {
                    g.writeBoolean(x.significant());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("winner", r.winner());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }


}
