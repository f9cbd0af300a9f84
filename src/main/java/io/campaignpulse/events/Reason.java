package io.campaignpulse.events;

/** Why a record went to the dead-letter topic (CONTRACT section 6); the name is the header value. */
public enum Reason {
    MALFORMED_JSON, NOT_AN_OBJECT, MISSING_FIELD, INVALID_FIELD, TYPE_MISMATCH, NEGATIVE_AMOUNT, PRECISION,
    CURRENCY_MISMATCH, FUTURE_TIMESTAMP, TOO_LARGE
}
