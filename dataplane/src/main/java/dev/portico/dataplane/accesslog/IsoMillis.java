package dev.portico.dataplane.accesslog;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats epoch milliseconds as ISO-8601 UTC with milliseconds ({@code 2026-11-27T18:48:29.123Z}), the date and
 * time up to the second made once per second: a busy access log writes thousands of lines in each.
 */
final class IsoMillis {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private long second = Long.MIN_VALUE;
    private String prefix;

    void append(StringBuilder out, long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000L);
        if (s != second) {
            second = s;
            prefix = SECONDS.format(LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC));
        }
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        out.append(prefix).append('.').append(millis < 10 ? "00" : millis < 100 ? "0" : "").append(millis).append('Z');
    }
}
