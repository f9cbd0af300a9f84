package io.campaignpulse.events;

/** Why a record went to the dead-letter topic (CONTRACT section 6); the name is the header value. */
public enum Reason {
    MALFORMED_JSON, NOT_AN_OBJECT, MISSING_FIELD, INVALID_FIELD, TYPE_MISMATCH, NEGATIVE_AMOUNT, PRECISION,
    CURRENCY_MISMATCH, FUTURE_TIMESTAMP, TOO_LARGE;

    /** The stored numeric code (fixed; never the ordinal). */
    public int code() {
        return switch (this) {
            case MALFORMED_JSON -> 1;
            case NOT_AN_OBJECT -> 2;
            case MISSING_FIELD -> 3;
            case INVALID_FIELD -> 4;
            case TYPE_MISMATCH -> 5;
            case NEGATIVE_AMOUNT -> 6;
            case PRECISION -> 7;
            case CURRENCY_MISMATCH -> 8;
            case FUTURE_TIMESTAMP -> 9;
            case TOO_LARGE -> 10;
        };
    }

    /** The reason of a stored code. */
    public static Reason ofCode(int code) {
        for (Reason r : values()) {
            if (r.code() == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reason code " + code);
    }
}
