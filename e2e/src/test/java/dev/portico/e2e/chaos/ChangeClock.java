package dev.portico.e2e.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Times how long a change takes to show through the gateways: from a start instant (the API write
 * returned) until every gateway answers as the change says, polling as fast as one client can.
 */
final class ChangeClock {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private static final long POLL_NANOS = 1_000_000; // 1 ms between polls: millisecond resolution without flooding the gateway

    private final List<Long> millis = Collections.synchronizedList(new ArrayList<>());

    /**
     * Polls {@code path} on every gateway until {@code visible} holds for each, or {@code limit} passes.
     *
     * @param since {@link System#nanoTime()} when the API accepted the change
     * @return milliseconds from {@code since} until the last gateway showed the change; -1 if it never did
     */
    long await(long since, List<String> gateways, String path, Predicate<HttpResponse<String>> visible, Duration limit) {
        long deadline = since + limit.toNanos();
        for (String gateway : gateways) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(2))
                    .GET().build();
            while (!visible.test(send(request))) {
                if (System.nanoTime() - deadline > 0) {
                    millis.add(-1L);
                    return -1;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        long ms = Math.round((System.nanoTime() - since) / 1e6);
        millis.add(ms);
        return ms;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A response that is not null (the gateway answered) and has this status. */
    static Predicate<HttpResponse<String>> status(int code) {
        return r -> r != null && r.statusCode() == code;
    }

    /** A 200 carrying {@code header: value}. */
    static Predicate<HttpResponse<String>> header(String header, String value) {
        return r -> r != null && r.statusCode() == 200 && r.headers().firstValue(header).map(value::equals).orElse(false);
    }

    List<Long> samples() {
        synchronized (millis) {
            return List.copyOf(millis);
        }
    }

    /** Never-visible changes count as the worst. */
    long max() {
        List<Long> s = samples();
        return s.contains(-1L) ? Long.MAX_VALUE : s.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Nearest-rank percentile, in ms; -1 samples (never visible) sort last. */
    long percentile(double p) {
        List<Long> sorted = new ArrayList<>(samples());
        sorted.replaceAll(v -> v < 0 ? Long.MAX_VALUE : v);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    String summary() {
        return samples().size() + " changes: p50 " + percentile(50) + " ms, p99 " + percentile(99) + " ms, max "
                + (max() == Long.MAX_VALUE ? "never" : max() + " ms");
    }
}
