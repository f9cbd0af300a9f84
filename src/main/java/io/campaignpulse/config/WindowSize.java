package io.campaignpulse.config;

import java.util.Locale;

/** One tumbling window size: its name as written in {@code windows} ({@code 1h}) and its length. */
public record WindowSize(String name, long millis) {

    /** Parses {@code <n><unit>} with unit {@code s}, {@code m}, {@code h} or {@code d}. */
    public static WindowSize parse(String text) {
        String t = text.trim();
        if (!t.matches("[1-9][0-9]{0,5}[smhd]")) {
            throw new IllegalArgumentException("'" + text + "' is not a window size such as 30s, 1m, 1h or 1d");
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        long unit = switch (t.charAt(t.length() - 1)) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            default -> 86_400_000L;
        };
        return new WindowSize(t.toLowerCase(Locale.ROOT), n * unit);
    }

    /** The start of the window containing {@code timestampMs}, aligned to the UTC epoch. */
    public long startOf(long timestampMs) {
        return Math.floorDiv(timestampMs, millis) * millis;
    }
}
