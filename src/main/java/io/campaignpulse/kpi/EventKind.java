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
