package io.campaignpulse.serde;

import static io.campaignpulse.serde.JsonFields.money;

import com.fasterxml.jackson.core.JsonGenerator;
import io.campaignpulse.events.Json;
import io.campaignpulse.events.Timestamps;
import io.campaignpulse.kpi.Alert;
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
            money(g, "spend", orNull(a.spendMicros()));
            g.writeNumberField("sales", a.sales());
            money(g, "dailyBudget", orNull(a.dailyBudgetMicros()));
            money(g, "cpa", orNull(a.cpaMicros()));
            money(g, "targetCpa", orNull(a.targetCpaMicros()));
            g.writeStringField("raisedAt", Timestamps.format(a.raisedAtMs()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }


    /** Alert amounts are -1 when absent. */
    private static Long orNull(long micros) {
        return micros < 0 ? null : micros;
    }
}
