package dev.portico.operator.translate;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Parses durations written the Go / Kubernetes way: {@code 250ms}, {@code 10s}, {@code 1h30m}, {@code 1.5s}.
 * Units: ns, us (or µs), ms, s, m, h. A bare {@code 0} is zero. Negative durations are refused because no
 * Portico field can use one.
 */
public final class GoDuration {

    private GoDuration() {
    }

    /**
     * @throws IllegalArgumentException with a message fit for a status condition when {@code text} is not a
     *                                  duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.startsWith("-")) {
            throw new IllegalArgumentException("negative duration \"" + text + "\"");
        }
        String rest = text.startsWith("+") ? text.substring(1) : text;
        if (rest.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        int i = 0;
        while (i < rest.length()) {
            int numberStart = i;
            while (i < rest.length() && (Character.isDigit(rest.charAt(i)) || rest.charAt(i) == '.')) {
                i++;
            }
            String number = rest.substring(numberStart, i);
            int unitStart = i;
            while (i < rest.length() && !Character.isDigit(rest.charAt(i)) && rest.charAt(i) != '.') {
                i++;
            }
            String unit = rest.substring(unitStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(text);
            }
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit in duration \"" + text + "\" (use ms, s, m or h)");
            }
            totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(nanosPer(unit, text))));
        }
        if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too long");
        }
        return Duration.ofNanos(totalNanos.longValue());
    }

    /** Milliseconds of {@code text}, rounding sub-millisecond remainders up so a tiny timeout never becomes 0. */
    public static long parseMillis(String text) {
        Duration d = parse(text);
        long ms = d.toMillis();
        return d.minusMillis(ms).isZero() ? ms : ms + 1;
    }

    private static long nanosPer(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException(
                    "unknown unit \"" + unit + "\" in duration \"" + text + "\" (use ms, s, m or h)");
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\" (expected e.g. 250ms, 10s, 1h30m)");
    }
}
