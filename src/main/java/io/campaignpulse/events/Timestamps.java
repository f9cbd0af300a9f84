package io.campaignpulse.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Event-time parsing: ISO-8601 instants with a zone, fast path for the common UTC form. */
public final class Timestamps {
    private Timestamps() {
    }

    /**
     * Epoch milliseconds of an ISO-8601 date-time with a zone ({@code Z} or an offset), or -1 when
     * the text is not one (no zone, bad date). Sub-millisecond digits are truncated.
     */
    public static long parseIso(String s) {
        long fast = parseUtcFast(s);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return -1;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} without allocation beyond a LocalDate; else MIN_VALUE. */
    private static long parseUtcFast(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        int millis = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return Long.MIN_VALUE;
            }
            int scale = 100;
            for (int i = 20; i < n - 1; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return Long.MIN_VALUE;
                }
                millis += (c - '0') * scale;
                scale /= 10;
            }
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** ISO-8601 UTC text of an instant: {@code 2026-11-22T10:00:00Z}. */
    public static String format(long epochMs) {
        String s = FORMATTED.get(epochMs);
        if (s == null) {
            if (FORMATTED.size() >= 100_000) {
                FORMATTED.clear();
            }
            s = Instant.ofEpochMilli(epochMs).toString();
            FORMATTED.put(epochMs, s);
        }
        return s;
    }

    /** Window bounds repeat in every record of a window: formatted once. */
    private static final java.util.concurrent.ConcurrentHashMap<Long, String> FORMATTED =
            new java.util.concurrent.ConcurrentHashMap<>();
}
