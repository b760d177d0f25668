package dev.portico.dataplane.filter;

import dev.portico.dataplane.routing.RouteHit;
import dev.portico.dataplane.upstream.Upstreams;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request on its way through the gateway: the client request, what the router chose, and the
 * headers that will go upstream and back to the client. Lives on one event loop; not thread-safe.
 */
public final class Exchange {
    private final HttpServerRequest request;
    private final RequestHead head;
    private final String requestId;
    private final String clientIp;
    private final String path;
    private final RouteHit hit;
    private final Supplier<MultiMap> upstreamSource; // forward path: makes the map when a filter asks for it
    private MultiMap upstreamHeaders;
    private HeaderEdits upstreamEdits; // forward path, while no map was made
    private final Upstreams upstreams;
    private MultiMap responseHeaders; // made when a filter adds one
    private Map<String, Object> attributes;
    private boolean responded;
    private boolean preflight;
    private String replacedResponsePrefix;
    private String upstreamQuery;
    private boolean upstreamQueryReplaced;

    public Exchange(HttpServerRequest request, String requestId, String clientIp, String path, RouteHit hit,
            MultiMap upstreamHeaders) {
        this(request, requestId, clientIp, path, hit, upstreamHeaders, null);
    }

    public Exchange(HttpServerRequest request, String requestId, String clientIp, String path, RouteHit hit,
            MultiMap upstreamHeaders, Upstreams upstreams) {
        this(request, RequestHead.of(request), requestId, clientIp, path, hit, () -> upstreamHeaders, upstreams);
        this.upstreamHeaders = upstreamHeaders; // the Vert.x path has its map already: edits go straight to it
    }

    /**
     * A request on the HTTP/1 forward path: only its head, no Vert.x request (see {@link RouteFilter#readsHeadOnly});
     * the upstream headers are made only if a filter asks for them as a map.
     */
    public Exchange(RequestHead head, String requestId, String clientIp, String path, RouteHit hit,
            Supplier<MultiMap> upstreamHeaders) {
        this(null, head, requestId, clientIp, path, hit, upstreamHeaders, null);
    }

    private Exchange(HttpServerRequest request, RequestHead head, String requestId, String clientIp, String path,
            RouteHit hit, Supplier<MultiMap> upstreamSource, Upstreams upstreams) {
        this.request = request;
        this.head = head;
        this.requestId = requestId;
        this.clientIp = clientIp;
        this.path = path;
        this.hit = hit;
        this.upstreamSource = upstreamSource;
        this.upstreams = upstreams;
    }

    /** The Vert.x request; null on the HTTP/1 forward path, which runs only filters that {@link RouteFilter#readsHeadOnly}. */
    public HttpServerRequest request() {
        return request;
    }

    /** Method, query and headers of the client's request, on either forward path. */
    public RequestHead head() {
        return head;
    }

    public String requestId() {
        return requestId;
    }

    /** The peer address, or the trusted hop of X-Forwarded-For; what rate limiting by client IP uses. */
    public String clientIp() {
        return clientIp;
    }

    /** The normalised path that was matched and that the upstream receives (before rewrites). */
    public String path() {
        return path;
    }

    public RouteHit hit() {
        return hit;
    }

    /**
     * Headers to send upstream, already cleaned of hop-by-hop and client identity headers; editable. Filters that
     * only set or remove a few should use {@link #setUpstreamHeader}/{@link #removeUpstreamHeader}: on the forward
     * path this map is made (from every header line) only when asked for.
     */
    public MultiMap upstreamHeaders() {
        if (upstreamHeaders == null) {
            upstreamHeaders = upstreamSource.get();
            if (upstreamEdits != null) {
                upstreamEdits.applyTo(upstreamHeaders);
                upstreamEdits = null;
            }
        }
        return upstreamHeaders;
    }

    /** Sends {@code name} upstream with this one value, replacing any the client sent. */
    public void setUpstreamHeader(String name, String value) {
        if (upstreamHeaders != null) {
            upstreamHeaders.set(name, value);
        } else {
            edits().set(name, value);
        }
    }

    /** Sends no {@code name} header upstream. */
    public void removeUpstreamHeader(String name) {
        if (upstreamHeaders != null) {
            upstreamHeaders.remove(name);
        } else {
            edits().remove(name);
        }
    }

    private HeaderEdits edits() {
        if (upstreamEdits == null) {
            upstreamEdits = new HeaderEdits();
        }
        return upstreamEdits;
    }

    /** Whether {@link #upstreamHeaders} was made; if not, {@link #upstreamEdits} says what filters changed. */
    public boolean upstreamHeadersMade() {
        return upstreamHeaders != null;
    }

    /** The forward path's recorded edits while no map was made; null when there were none. */
    public HeaderEdits upstreamEdits() {
        return upstreamEdits;
    }

    /** This event loop's upstream client, endpoint table and outlier policy; null outside a gateway listener. */
    public Upstreams upstreams() {
        return upstreams;
    }

    /** Replaces the query string the upstream receives (null for none), e.g. to strip an API key. */
    public void replaceUpstreamQuery(String query) {
        upstreamQuery = query;
        upstreamQueryReplaced = true;
    }

    /** The query string the upstream receives: {@code clientQuery} unless a filter replaced it. */
    public String upstreamQuery(String clientQuery) {
        return upstreamQueryReplaced ? upstreamQuery : clientQuery;
    }

    /** Headers added to the client's response, whoever makes it (e.g. RateLimit-*). */
    public MultiMap responseHeaders() {
        if (responseHeaders == null) {
            responseHeaders = MultiMap.caseInsensitiveMultiMap();
        }
        return responseHeaders;
    }

    /** Whether a filter added response headers (without making the map when none did). */
    public boolean hasResponseHeaders() {
        return responseHeaders != null && !responseHeaders.isEmpty();
    }

    /**
     * The upstream's response headers whose names start with {@code lowerPrefix} do not reach the client: this
     * exchange's {@link #responseHeaders} speak for them (CORS for {@code access-control-}).
     */
    public void replaceUpstreamResponseHeaders(String lowerPrefix) {
        replacedResponsePrefix = lowerPrefix;
    }

    /** What {@link #replaceUpstreamResponseHeaders} named; null when every upstream header goes through. */
    public String replacedResponsePrefix() {
        return replacedResponsePrefix;
    }

    /**
     * Whether the gateway routed this {@code OPTIONS} as the request its CORS preflight announces, to a route with
     * cors: that route's CORS filter answers it. Only on the Vert.x path, where every preflight goes.
     */
    public boolean preflight() {
        return preflight;
    }

    public void markPreflight() {
        preflight = true;
    }

    /** Values one filter leaves for a later one, such as verified JWT claims. */
    public Map<String, Object> attributes() {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        return attributes;
    }

    public boolean responded() {
        return responded;
    }

    /** A filter that wrote the response itself calls this; nothing later runs. */
    public void markResponded() {
        responded = true;
    }
}
