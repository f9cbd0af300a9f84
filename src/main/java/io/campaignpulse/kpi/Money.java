package io.campaignpulse.kpi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Money as integer micros (1e-6 of the currency unit). Parsing is exact (no floating point), and
 * so is every conversion back to a decimal string.
 */
public final class Money {
    /** Micros per currency unit. */
    public static final long MICROS = 1_000_000L;
    /** The largest amount accepted, 10^12 units, in micros. */
    public static final long MAX_MICROS = 1_000_000_000_000L * MICROS;

    private static final BigDecimal MAX = BigDecimal.valueOf(1_000_000_000_000L);

    private Money() {
    }

    /** Why a decimal could not become micros. */
    public enum Problem { NOT_A_NUMBER, NEGATIVE, TOO_PRECISE, TOO_LARGE }

    /** Thrown by {@link #parseMicros}. */
    public static final class MoneyException extends Exception {
        private final Problem problem;

        MoneyException(Problem problem, String message) {
            super(message, null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /**
     * Parses a JSON number's text (for example {@code 2.50}, {@code 1e3}) into micros.
     *
     * @throws MoneyException when the text is not a finite number, is negative, has more than six
     *     decimals, or is over 10^12 units
     */
    public static long parseMicros(CharSequence text) throws MoneyException {
        long fast = parsePlainDecimal(text);
        if (fast >= 0) {
            return fast;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.toString());
        } catch (NumberFormatException e) {
            throw new MoneyException(Problem.NOT_A_NUMBER, "is not a finite decimal number");
        }
        if (value.signum() < 0) {
            throw new MoneyException(Problem.NEGATIVE, "must not be negative");
        }
        if (value.compareTo(MAX) > 0) {
            throw new MoneyException(Problem.TOO_LARGE, "is over 10^12 units");
        }
        BigDecimal micros = value.movePointRight(6);
        if (micros.stripTrailingZeros().scale() > 0) {
            throw new MoneyException(Problem.TOO_PRECISE, "is not a whole number of micros (at most 6 decimals)");
        }
        return micros.longValueExact();
    }

    /**
     * The allocation-free path for the common form {@code digits[.digits]}: returns the micros, or
     * -1 when the text needs the general path (sign, exponent, more than 6 decimals, overflow).
     */
    private static long parsePlainDecimal(CharSequence text) {
        int n = text.length();
        if (n == 0 || n > 24) {
            return -1;
        }
        long whole = 0;
        int i = 0;
        int digits = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            whole = whole * 10 + (c - '0');
            i++;
            digits++;
            if (digits > 13) {
                return -1;
            }
        }
        if (digits == 0) {
            return -1;
        }
        long fraction = 0;
        int decimals = 0;
        if (i < n) {
            if (text.charAt(i) != '.') {
                return -1;
            }
            i++;
            if (i == n) {
                return -1;
            }
            while (i < n) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                if (decimals == 6) {
                    if (c != '0') {
                        return -1;
                    }
                } else {
                    fraction = fraction * 10 + (c - '0');
                    decimals++;
                }
                i++;
            }
        }
        for (int d = decimals; d < 6; d++) {
            fraction *= 10;
        }
        long micros = whole * MICROS + fraction;
        return micros > MAX_MICROS ? -1 : micros;
    }

    /** Micros as a plain decimal with at least one decimal place: {@code 600.0}, {@code 41.69455}. */
    public static String format(long micros) {
        if (micros > Long.MIN_VALUE) {
            // Fast path, same text as the BigDecimal form: integer part, then the fraction without
            // trailing zeros (at least one digit).
            long abs = Math.abs(micros);
            long whole = abs / 1_000_000L;
            int frac = (int) (abs % 1_000_000L);
            StringBuilder b = new StringBuilder(24);
            if (micros < 0) {
                b.append('-');
            }
            b.append(whole).append('.');
            if (frac == 0) {
                return b.append('0').toString();
            }
            int digits = 6;
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            String f = Integer.toString(frac);
            for (int i = f.length(); i < digits; i++) {
                b.append('0');
            }
            return b.append(f).toString();
        }
        BigDecimal value = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        if (value.scale() < 1) {
            value = value.setScale(1, RoundingMode.UNNECESSARY);
        }
        return value.toPlainString();
    }

    /**
     * {@code numeratorMicros * factor / denominator}, rounded half-even to whole micros, or
     * {@code null} when the denominator is 0. Exact for any long inputs.
     */
    public static Long quotientMicros(long numeratorMicros, long factor, long denominator) {
        if (denominator == 0) {
            return null;
        }
        long hi = Math.multiplyHigh(numeratorMicros, factor);
        long product0 = numeratorMicros * factor;
        if (((hi == 0 && product0 >= 0) || (hi == -1 && product0 < 0)) && denominator != Long.MIN_VALUE
                && product0 != Long.MIN_VALUE) {
            // The product fits in a long: exact long division, rounded half-even.
            long q = product0 / denominator;
            long r = product0 % denominator;
            if (r != 0) {
                long twice = Math.abs(r) * 2; // |r| < |denominator| <= 2^63 - 1, so no overflow past 2^63 ...
                long d = Math.abs(denominator);
                boolean overHalf = twice < 0 || twice > d; // ... except that 2|r| may wrap: then it is over half
                boolean half = twice == d;
                if (overHalf || (half && (q & 1) != 0)) {
                    q += (product0 < 0) == (denominator < 0) ? 1 : -1;
                }
            }
            return q;
        }
        BigDecimal product = new BigDecimal(BigInteger.valueOf(numeratorMicros).multiply(BigInteger.valueOf(factor)));
        return product.divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
