package io.campaignpulse.kpi;

import java.util.Locale;

/** The four billable event kinds, in the order of the input topics. */
public enum EventKind {
    IMPRESSION, CLICK, LEAD, SALE;

    private static final EventKind[] VALUES = values();

    /** The wire name, as in the {@code type} field: {@code impression}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventKind ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** The stored numeric code: 0 impression, 1 click, 2 lead, 3 sale (also the topic's index). */
    public int code() {
        return switch (this) {
            case IMPRESSION -> 0;
            case CLICK -> 1;
            case LEAD -> 2;
            case SALE -> 3;
        };
    }

    /** The kind of a stored code. */
    public static EventKind ofCode(int code) {
        return switch (code) {
            case 0 -> IMPRESSION;
            case 1 -> CLICK;
            case 2 -> LEAD;
            case 3 -> SALE;
            default -> throw new IllegalArgumentException("unknown event kind code " + code);
        };
    }

    /** The kind for an exact wire name, or null. Case-sensitive: {@code CLICK} is not a kind. */
    public static EventKind fromWire(String wire) {
        return switch (wire) {
            case "impression" -> IMPRESSION;
            case "click" -> CLICK;
            case "lead" -> LEAD;
            case "sale" -> SALE;
            default -> null;
        };
    }
}
