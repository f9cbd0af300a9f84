package io.campaignpulse.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.campaignpulse.kpi.Money;
import java.io.IOException;
import java.util.regex.Pattern;

/** Field readers shared by the event and campaign parsers; each failure names its field. */
final class JsonReading {
    /** Identifier characters: letters, digits and . _ : - (checked by a loop, not a regex: per event). */
    static final Pattern ID_CHARS = Pattern.compile("[A-Za-z0-9._:-]+");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private JsonReading() {
    }

    static void checkEnvelope(byte[] value, int maxBytes) throws InvalidRecordException {
        if (value == null) {
            throw new InvalidRecordException(Reason.NOT_AN_OBJECT, "the record value is null; a JSON object is required");
        }
        if (value.length > maxBytes) {
            throw new InvalidRecordException(Reason.TOO_LARGE, "the value has " + value.length
                    + " bytes, more than event.max.bytes (" + maxBytes + ")");
        }
        if (value.length == 0) {
            throw new InvalidRecordException(Reason.MALFORMED_JSON, "the value is empty; a JSON object is required");
        }
    }

    static void expectObject(JsonParser p) throws IOException, InvalidRecordException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new InvalidRecordException(Reason.MALFORMED_JSON, "the value holds no JSON");
        }
        if (first != JsonToken.START_OBJECT) {
            p.skipChildren();
            expectEnd(p);
            throw new InvalidRecordException(Reason.NOT_AN_OBJECT, "the value is " + describe(first)
                    + ", not a JSON object");
        }
    }

    static void expectEnd(JsonParser p) throws IOException, InvalidRecordException {
        if (p.nextToken() != null) {
            throw new InvalidRecordException(Reason.MALFORMED_JSON, "the value has content after its JSON document");
        }
    }

    static InvalidRecordException malformed(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return new InvalidRecordException(Reason.MALFORMED_JSON,
                "the value is not valid JSON: " + (nl > 0 ? m.substring(0, nl) : m));
    }

    static String text(JsonParser p, JsonToken t, String field, int maxLength, Pattern chars)
            throws IOException, InvalidRecordException {
        if (t != JsonToken.VALUE_STRING) {
            if (t == JsonToken.VALUE_NULL) {
                throw new InvalidRecordException(Reason.MISSING_FIELD, "field '" + field + "' is null");
            }
            throw new InvalidRecordException(Reason.INVALID_FIELD, "field '" + field + "' must be a string, not "
                    + describe(t));
        }
        String s = p.getText();
        if (s.isEmpty()) {
            throw new InvalidRecordException(Reason.MISSING_FIELD, "field '" + field + "' is empty");
        }
        if (s.length() > maxLength) {
            throw new InvalidRecordException(Reason.INVALID_FIELD, "field '" + field + "' is longer than "
                    + maxLength + " characters");
        }
        if (chars != null && !(chars == ID_CHARS ? isId(s) : chars.matcher(s).matches())) {
            throw new InvalidRecordException(Reason.INVALID_FIELD, "field '" + field + "' is '" + clip(s)
                    + "'; only letters, digits and . _ : - are accepted");
        }
        return s;
    }

    private static boolean isId(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Like {@link #text} without building the string, for fields that are only checked. */
    static void checkText(JsonParser p, JsonToken t, String field, int maxLength)
            throws IOException, InvalidRecordException {
        if (t != JsonToken.VALUE_STRING) {
            text(p, t, field, maxLength, null); // throws the same errors
            return;
        }
        int n = p.getTextLength();
        if (n == 0 || n > maxLength) {
            text(p, t, field, maxLength, null);
        }
    }

    static String currency(JsonParser p, JsonToken t, String field) throws IOException, InvalidRecordException {
        String s = text(p, t, field, 3, null);
        if (!CURRENCY.matcher(s).matches()) {
            throw new InvalidRecordException(Reason.INVALID_FIELD, "field '" + field + "' is '" + clip(s)
                    + "'; give an ISO-4217 code such as NOK");
        }
        return s;
    }

    /** A money amount in micros; -1 is never returned (absent fields are handled by callers). */
    static long money(JsonParser p, JsonToken t, String field) throws IOException, InvalidRecordException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new InvalidRecordException(Reason.INVALID_FIELD, "field '" + field + "' must be a JSON number, not "
                    + describe(t));
        }
        String text = p.getText();
        if (text.startsWith("-") && !text.startsWith("-Inf")) {
            throw new InvalidRecordException(Reason.NEGATIVE_AMOUNT, "field '" + field + "' must not be negative");
        }
        try {
            return Money.parseMicros(text);
        } catch (Money.MoneyException e) {
            Reason reason = switch (e.problem()) {
                case NEGATIVE -> Reason.NEGATIVE_AMOUNT;
                case TOO_PRECISE -> Reason.PRECISION;
                default -> Reason.INVALID_FIELD;
            };
            throw new InvalidRecordException(reason, "field '" + field + "' " + e.getMessage());
        }
    }

    static String describe(JsonToken t) {
        if (t == null) {
            return "missing";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
