package io.campaignpulse.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads and checks one setting's value from the merged settings; a bad value is a
 * {@link SettingsException} naming the key and what is accepted.
 */
final class SettingValues {
    private SettingValues() {
    }

    static String topic(Map<String, String> v, String key) {
        String t = v.get(key);
        if (!t.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new SettingsException(key, "'" + t + "' is not a valid topic name (1-200 of [A-Za-z0-9._-])");
        }
        return t;
    }

    static boolean bool(Map<String, String> v, String key) {
        String t = v.get(key);
        if (!t.equals("true") && !t.equals("false")) {
            throw new SettingsException(key, "'" + t + "' is not accepted; use true or false");
        }
        return Boolean.parseBoolean(t);
    }

    static Duration duration(Map<String, String> v, String key, boolean positive) {
        String t = v.get(key);
        Duration d;
        try {
            d = Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new SettingsException(key, "'" + t + "' is not an ISO-8601 duration such as PT10M or PT0.5S");
        }
        if (d.isNegative() || (positive && d.isZero())) {
            throw new SettingsException(key, "'" + t + "' must be " + (positive ? "positive" : "zero or positive"));
        }
        return d;
    }

    static int intIn(Map<String, String> v, String key, int min, int max) {
        return (int) longIn(v, key, min, max);
    }

    static long longIn(Map<String, String> v, String key, long min, long max) {
        String t = v.get(key);
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new SettingsException(key, "'" + t + "' is not a whole number (" + min + ".." + max + ")");
        }
        if (n < min || n > max) {
            throw new SettingsException(key, "'" + t + "' is outside " + min + ".." + max);
        }
        return n;
    }

    static double doubleIn(Map<String, String> v, String key, double min, double max) {
        String t = v.get(key);
        double n;
        try {
            n = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new SettingsException(key, "'" + t + "' is not a number (" + min + ".." + max + ")");
        }
        if (!(n >= min && n <= max)) {
            throw new SettingsException(key, "'" + t + "' is outside " + min + ".." + max);
        }
        return n;
    }

    static Path path(Map<String, String> v, String key) {
        String t = v.get(key);
        if (t.isEmpty()) {
            throw new SettingsException(key, "must not be empty; give a directory path");
        }
        return Path.of(t);
    }

    /** An IP address literal or a host name this machine can resolve (checked again when binding). */
    static String bindAddress(Map<String, String> v) {
        String t = v.get("http.bind");
        if (!t.matches("[A-Za-z0-9.:_\\-\\[\\]%]{1,255}")) {
            throw new SettingsException("http.bind", "'" + t + "' is not an address; give an IP address such as "
                    + "127.0.0.1 (this machine only) or 0.0.0.0 (every interface), or a host name");
        }
        return t;
    }

    /** Empty (no token), or at least 16 visible ASCII characters. */
    static String token(Map<String, String> v) {
        String t = v.get("http.token");
        if (!t.isEmpty() && !t.matches("[\\x21-\\x7e]{16,512}")) {
            throw new SettingsException("http.token", "must be empty (no token) or 16-512 visible ASCII characters "
                    + "without spaces; generate one with 'openssl rand -hex 32'");
        }
        return t;
    }
}
