package io.campaignpulse.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.campaignpulse.kpi.PricingModel;
import java.io.IOException;

/** Parses and validates a campaign entry (CONTRACT section 3). Thread-safe. */
public final class CampaignParser {
    private final int maxBytes;
    private final String defaultCurrency;

    public CampaignParser(int maxBytes, String defaultCurrency) {
        this.maxBytes = maxBytes;
        this.defaultCurrency = defaultCurrency;
    }

    /**
     * @param key the record key (the campaign id), or null
     * @param value the entry's JSON bytes (not null: tombstones are handled by the caller)
     */
    public Campaign parse(String key, byte[] value) throws InvalidRecordException {
        JsonReading.checkEnvelope(value, maxBytes);
        String id = null;
        String name = null;
        String channel = null;
        String model = null;
        long rate = -1;
        String currency = null;
        long budget = -1;
        long targetCpa = -1;
        String controlVariant = null;
        try (JsonParser p = Json.FACTORY.createParser(value)) {
            JsonReading.expectObject(p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "campaignId" -> id = JsonReading.text(p, t, field, 128, JsonReading.ID_CHARS);
                    case "name" -> name = JsonReading.text(p, t, field, 512, null);
                    case "channel" -> channel = JsonReading.text(p, t, field, 64, JsonReading.ID_CHARS);
                    case "pricingModel" -> model = JsonReading.text(p, t, field, 8, null);
                    case "rate" -> rate = JsonReading.money(p, t, field);
                    case "currency" -> currency = JsonReading.currency(p, t, field);
                    case "dailyBudget" -> budget = JsonReading.money(p, t, field);
                    case "targetCpa" -> targetCpa = JsonReading.money(p, t, field);
                    case "controlVariant" -> controlVariant = JsonReading.text(p, t, field, 128, null);
                    default -> p.skipChildren();
                }
            }
            JsonReading.expectEnd(p);
        } catch (IOException e) {
            throw JsonReading.malformed(e);
        }
        if (id == null) {
            throw new InvalidRecordException(Reason.MISSING_FIELD, "field 'campaignId' is required");
        }
        if (key != null && !key.equals(id)) {
            throw new InvalidRecordException(Reason.INVALID_FIELD, "field 'campaignId' is '" + JsonReading.clip(id)
                    + "' but the record key is '" + JsonReading.clip(key) + "'");
        }
        if (model == null) {
            throw new InvalidRecordException(Reason.MISSING_FIELD, "field 'pricingModel' is required");
        }
        PricingModel pricing = PricingModel.fromWire(model);
        if (pricing == null) {
            throw new InvalidRecordException(Reason.INVALID_FIELD, "field 'pricingModel' is '" + JsonReading.clip(model)
                    + "'; accepted: CPM, CPC, CPL, CPA");
        }
        if (rate < 0) {
            throw new InvalidRecordException(Reason.MISSING_FIELD, "field 'rate' is required");
        }
        if (pricing == PricingModel.CPM && rate % 1000 != 0) {
            throw new InvalidRecordException(Reason.PRECISION, "field 'rate' of a CPM campaign must give a whole "
                    + "number of micros per impression (at most 3 decimals)");
        }
        return new Campaign(id, name, channel, pricing, rate, currency == null ? defaultCurrency : currency, budget,
                targetCpa, controlVariant);
    }
}
