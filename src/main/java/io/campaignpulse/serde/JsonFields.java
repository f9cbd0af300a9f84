package io.campaignpulse.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import io.campaignpulse.kpi.Money;
import java.io.IOException;

/** Field writers shared by the records written with Jackson's generator: money, ratios, null where absent. */
final class JsonFields {
    private JsonFields() {
    }

    /** Micros as an exact decimal, or null. */
    static void money(JsonGenerator g, String field, Long micros) throws IOException {
        g.writeFieldName(field);
        if (micros == null) {
            g.writeNull();
        } else {
            g.writeNumber(Money.format(micros));
        }
    }

    /** The nearest double, or null. */
    static void ratio(JsonGenerator g, String field, Double value) throws IOException {
        g.writeFieldName(field);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }
}
