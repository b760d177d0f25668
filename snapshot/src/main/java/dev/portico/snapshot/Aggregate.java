package dev.portico.snapshot;

import java.util.List;

/** Fan-out of one request to several backends in parallel, merged into one JSON object. */
public record Aggregate(long timeoutMs, List<Backend> backends) {

    public static final long DEFAULT_TIMEOUT_MS = 5_000;

    /**
     * @param name      the member of the merged response
     * @param cluster   {@link Cluster#name()}
     * @param path      path and query, with {@code {var}} captures of the match
     * @param timeoutMs 0 means the aggregate's timeout
     */
    public record Backend(String name, String cluster, String path, boolean required, long timeoutMs) {
    }

    public Aggregate {
        if (timeoutMs <= 0) {
            timeoutMs = DEFAULT_TIMEOUT_MS;
        }
        backends = Canonical.list(backends);
    }
}
