package io.campaignpulse.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import io.campaignpulse.events.Json;
import io.campaignpulse.events.Timestamps;
import io.campaignpulse.kpi.Alert;
import io.campaignpulse.kpi.Money;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes an {@link Alert} as the JSON of the {@code kpi.alerts} topic, every field present. */
public final class AlertJson {
    private AlertJson() {
    }

    public static byte[] write(Alert a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("campaignId", a.campaignId());
            g.writeStringField("kind", a.kind().name());
            g.writeStringField("day", a.day());
            g.writeStringField("currency", a.currency());
            g.writeStringField("windowStart", Timestamps.format(a.windowStartMs()));
            g.writeStringField("windowEnd", Timestamps.format(a.windowEndMs()));
            money(g, "spend", a.spendMicros());
            g.writeNumberField("sales", a.sales());
            money(g, "dailyBudget", a.dailyBudgetMicros());
            money(g, "cpa", a.cpaMicros());
            money(g, "targetCpa", a.targetCpaMicros());
            g.writeStringField("raisedAt", Timestamps.format(a.raisedAtMs()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void money(JsonGenerator g, String field, long micros) throws IOException {
        g.writeFieldName(field);
        if (micros < 0) {
            g.writeNull();
        } else {
            g.writeNumber(Money.format(micros));
        }
    }
}
