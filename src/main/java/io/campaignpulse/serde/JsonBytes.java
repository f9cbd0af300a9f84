package io.campaignpulse.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal JSON object writer into a byte array, for the records written once per key and
 * commit: no generator objects, field names encoded once. Output is the same as Jackson's for the
 * same values (numbers as {@link Double#toString(double)} and {@link Long#toString(long)}, strings
 * escaped as JSON requires).
 */
final class JsonBytes {
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[768];
    private int pos;
    private boolean first = true;

    /** A field name as {@code "name":}, encoded once. */
    static byte[] name(String name) {
        return ("\"" + name + "\":").getBytes(StandardCharsets.UTF_8);
    }

    JsonBytes start() {
        put((byte) '{');
        return this;
    }

    byte[] end() {
        put((byte) '}');
        return Arrays.copyOf(buf, pos);
    }

    private void field(byte[] name) {
        if (!first) {
            put((byte) ',');
        }
        first = false;
        put(name);
    }

    JsonBytes string(byte[] name, String value) {
        field(name);
        if (value == null) {
            put(NULL);
            return this;
        }
        put((byte) '"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                put((byte) c);
            } else {
                escape(value, i);
                break;
            }
        }
        put((byte) '"');
        return this;
    }

    /** Writes the rest of {@code s} from {@code from}, escaping what JSON requires, UTF-8 otherwise. */
    private void escape(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                put((byte) '\\');
                put((byte) c);
            } else if (c < 0x20) {
                put(new byte[] {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 0xF]});
            } else if (c < 0x80) {
                put((byte) c);
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < s.length()) {
                    end++;
                }
                put(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
    }

    JsonBytes number(byte[] name, long value) {
        field(name);
        putAscii(Long.toString(value));
        return this;
    }

    /** A number already formatted (money), or null. */
    JsonBytes raw(byte[] name, String value) {
        field(name);
        if (value == null) {
            put(NULL);
        } else {
            putAscii(value);
        }
        return this;
    }

    JsonBytes ratio(byte[] name, Double value) {
        field(name);
        if (value == null) {
            put(NULL);
        } else {
            putAscii(Double.toString(value));
        }
        return this;
    }

    JsonBytes bool(byte[] name, boolean value) {
        field(name);
        put(value ? TRUE : FALSE);
        return this;
    }

    JsonBytes nul(byte[] name) {
        field(name);
        put(NULL);
        return this;
    }

    private void putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }
}
