package io.campaignpulse.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import io.campaignpulse.events.Json;
import io.campaignpulse.events.Timestamps;
import io.campaignpulse.kpi.Money;
import io.campaignpulse.kpi.Recommendation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes a {@link Recommendation} as the JSON of the {@code kpi.recommendations} topic. */
public final class RecommendationJson {
    /** What the figures rest on, as the record says. */
    public static final String BASIS = "average ROAS in the closed window; not a causal estimate";

    private RecommendationJson() {
    }

    public static byte[] write(Recommendation r, String window, long startMs, long endMs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("currency", r.currency());
            g.writeStringField("window", window);
            g.writeStringField("windowStart", Timestamps.format(startMs));
            g.writeStringField("windowEnd", Timestamps.format(endMs));
            g.writeStringField("from", r.from());
            g.writeStringField("to", r.to());
            g.writeFieldName("shift");
            g.writeNumber(Money.format(r.shiftMicros()));
            ratio(g, "fromRoas", r.fromChannel().roas());
            ratio(g, "toRoas", r.toChannel().roas());
            g.writeFieldName("expectedRevenueChange");
            g.writeNumber(Money.format(r.expectedRevenueChangeMicros()));
            g.writeStringField("basis", BASIS);
            g.writeArrayFieldStart("channels");
            for (Recommendation.Channel c : r.channels()) {
                g.writeStartObject();
                g.writeStringField("channel", c.channel());
                g.writeFieldName("spend");
                g.writeNumber(Money.format(c.spendMicros()));
                g.writeFieldName("revenue");
                g.writeNumber(Money.format(c.revenueMicros()));
                g.writeNumberField("sales", c.sales());
                ratio(g, "roas", c.roas());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
