package io.campaignpulse.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.campaignpulse.kpi.EventKind;
import java.io.IOException;

/**
 * Parses and validates one event from its raw bytes with Jackson's streaming parser (no tree).
 * Not thread-safe: each processor owns one, and the returned {@link AdEvent} is reused.
 */
public final class EventParser {
    private final int maxBytes;
    private final AdEvent event = new AdEvent();

    public EventParser(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @param value the record value
     * @param topicKind the kind the event's topic carries
     * @throws InvalidRecordException naming the reason and the field
     */
    public AdEvent parse(byte[] value, EventKind topicKind) throws InvalidRecordException {
        JsonReading.checkEnvelope(value, maxBytes);
        event.reset(topicKind);
        try (JsonParser p = Json.FACTORY.createParser(value)) {
            JsonReading.expectObject(p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                readField(p, field, t, topicKind);
            }
            JsonReading.expectEnd(p);
        } catch (IOException e) {
            throw JsonReading.malformed(e);
        }
        if (event.eventId == null) {
            throw new InvalidRecordException(Reason.MISSING_FIELD, "field 'eventId' is required");
        }
        if (event.campaignId == null) {
            boolean conversion = topicKind == EventKind.LEAD || topicKind == EventKind.SALE;
            if (!conversion) {
                throw new InvalidRecordException(Reason.MISSING_FIELD, "field 'campaignId' is required");
            }
            if (event.clickId == null) {
                throw new InvalidRecordException(Reason.MISSING_FIELD, "field 'campaignId' is required on a "
                        + topicKind.wireName() + " without 'clickId' (a clickId lets its click decide the campaign)");
            }
        }
        if (event.revenueMicros >= 0 && topicKind != EventKind.SALE) {
            throw new InvalidRecordException(Reason.INVALID_FIELD,
                    "field 'revenue' is allowed on sale events only, not on " + topicKind.wireName() + " events");
        }
        return event;
    }

    private void readField(JsonParser p, String field, JsonToken t, EventKind topicKind)
            throws IOException, InvalidRecordException {
        switch (field) {
            case "eventId" -> event.eventId = JsonReading.text(p, t, field, 128, null);
            case "campaignId" -> event.campaignId = JsonReading.text(p, t, field, 128, JsonReading.ID_CHARS);
            case "channel" -> event.channel = JsonReading.text(p, t, field, 64, JsonReading.ID_CHARS);
            case "userId" -> event.userId = JsonReading.text(p, t, field, 128, null);
            case "variant" -> event.variant = JsonReading.text(p, t, field, 128, null);
            case "adId" -> JsonReading.checkText(p, t, field, 128);
            case "clickId" -> event.clickId = JsonReading.text(p, t, field, 128, null);
            case "currency" -> event.currency = JsonReading.currency(p, t, field);
            case "cost" -> event.costMicros = JsonReading.money(p, t, field);
            case "revenue" -> event.revenueMicros = JsonReading.money(p, t, field);
            case "timestamp" -> event.timestampMs = timestamp(p, t);
            case "type" -> {
                String type = JsonReading.text(p, t, field, 32, null);
                EventKind kind = EventKind.fromWire(type);
                if (kind == null) {
                    throw new InvalidRecordException(Reason.INVALID_FIELD, "field 'type' is '" + JsonReading.clip(type)
                            + "'; accepted: impression, click, lead, sale");
                }
                if (kind != topicKind) {
                    throw new InvalidRecordException(Reason.TYPE_MISMATCH, "field 'type' is '" + type
                            + "' but this topic carries " + topicKind.wireName() + " events");
                }
            }
            default -> p.skipChildren();
        }
    }

    private static long timestamp(JsonParser p, JsonToken t) throws IOException, InvalidRecordException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            long ms;
            try {
                ms = p.getLongValue();
            } catch (IOException e) {
                throw new InvalidRecordException(Reason.INVALID_FIELD, "field 'timestamp' is out of range");
            }
            if (ms < 0) {
                throw new InvalidRecordException(Reason.INVALID_FIELD, "field 'timestamp' must not be negative");
            }
            return ms;
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            long ms = Timestamps.parseIso(s);
            if (ms < 0) {
                throw new InvalidRecordException(Reason.INVALID_FIELD, "field 'timestamp' is '" + JsonReading.clip(s)
                        + "'; give an ISO-8601 instant with a zone (2026-11-22T10:00:00Z) or epoch milliseconds");
            }
            return ms;
        }
        throw new InvalidRecordException(Reason.INVALID_FIELD,
                "field 'timestamp' must be an ISO-8601 string or epoch milliseconds, not " + JsonReading.describe(t));
    }

}
