package dev.portico.dataplane.proxy;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One event loop's idle keep-alive connections to upstream endpoints, by endpoint authority, for
 * the forward path. Keyed by address, so links to endpoints that survive a snapshot swap stay in use.
 * Used from its event loop only.
 */
final class UpstreamLinks {
    /** As the Vert.x client's keep-alive timeout: an idle link older than this is not reused. */
    private static final long KEEP_ALIVE_NANOS = 60_000_000_000L;

    private final Map<String, ArrayDeque<UpstreamLink>> idle = new HashMap<>();
    private final int maxIdlePerEndpoint;
    private boolean closed;

    UpstreamLinks(int maxIdlePerEndpoint) {
        this.maxIdlePerEndpoint = maxIdlePerEndpoint;
    }

    /** The most recently used idle link to {@code authority}, or null when a new one must be opened. */
    UpstreamLink lease(String authority) {
        ArrayDeque<UpstreamLink> links = idle.get(authority);
        if (links == null) {
            return null;
        }
        long now = System.nanoTime();
        for (UpstreamLink l = links.pollLast(); l != null; l = links.pollLast()) {
            if (l.channel().isActive() && now - l.idleSinceNanos() < KEEP_ALIVE_NANOS) {
                return l;
            }
            l.channel().close();
        }
        return null;
    }

    void release(UpstreamLink link) {
        if (closed || !link.channel().isActive()) {
            link.channel().close();
            return;
        }
        ArrayDeque<UpstreamLink> links = idle.computeIfAbsent(link.authority(), k -> new ArrayDeque<>());
        if (links.size() >= maxIdlePerEndpoint) {
            link.channel().close();
            return;
        }
        link.idle(System.nanoTime());
        links.addLast(link);
    }

    /** The link's connection closed: never lease it again. */
    void dropped(UpstreamLink link) {
        ArrayDeque<UpstreamLink> links = idle.get(link.authority());
        if (links != null) {
            links.remove(link);
        }
    }

    void close() {
        closed = true;
        idle.values().forEach(links -> links.forEach(l -> l.channel().close()));
        idle.clear();
    }
}
