package dev.portico.dataplane.upstream;

import dev.portico.snapshot.Endpoint;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream address and what the gateway has seen of it: requests in flight (for LeastRequest)
 * and passive health (consecutive failures, ejection). Shared by every event loop and kept across
 * snapshot swaps while the endpoint stays in its cluster.
 */
public final class EndpointState {
    private final Endpoint endpoint;
    private final String authority;
    private final SocketAddress socketAddress;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long ejectedUntilNanos;
    private volatile int ejections;

    public EndpointState(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.authority = endpoint.authority();
        this.socketAddress = SocketAddress.inetSocketAddress(endpoint.port(), endpoint.address());
    }

    /** Where requests to this endpoint go; made once, not per request. */
    public SocketAddress socketAddress() {
        return socketAddress;
    }

    public String address() {
        return endpoint.address();
    }

    public int port() {
        return endpoint.port();
    }

    public String authority() {
        return authority;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public int active() {
        return active.get();
    }

    public void started() {
        active.incrementAndGet();
    }

    public void finished() {
        active.decrementAndGet();
    }

    public boolean isEjected(long nowNanos) {
        return nowNanos - ejectedUntilNanos < 0;
    }

    public int ejections() {
        return ejections;
    }

    int recordFailure() {
        return consecutiveFailures.incrementAndGet();
    }

    void recordSuccess() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    /** Ejects for {@code baseNanos} times the number of ejections so far, capped: growing backoff. */
    synchronized void eject(long nowNanos, long baseNanos, long maxNanos) {
        ejections++;
        ejectedUntilNanos = nowNanos + Math.min(maxNanos, baseNanos * ejections);
        consecutiveFailures.set(0);
    }

    @Override
    public String toString() {
        return authority;
    }
}
