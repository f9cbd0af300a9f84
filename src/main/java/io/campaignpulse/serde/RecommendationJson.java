package io.campaignpulse.serde;

import static io.campaignpulse.serde.JsonFields.money;
import static io.campaignpulse.serde.JsonFields.ratio;

import com.fasterxml.jackson.core.JsonGenerator;
import io.campaignpulse.events.Json;
import io.campaignpulse.events.Timestamps;
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
            money(g, "shift", r.shiftMicros());
            ratio(g, "fromRoas", r.fromChannel().roas());
            ratio(g, "toRoas", r.toChannel().roas());
            money(g, "expectedRevenueChange", r.expectedRevenueChangeMicros());
            g.writeStringField("basis", BASIS);
            g.writeArrayFieldStart("channels");
            for (Recommendation.Channel c : r.channels()) {
                g.writeStartObject();
                g.writeStringField("channel", c.channel());
                money(g, "spend", c.spendMicros());
                money(g, "revenue", c.revenueMicros());
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

}
