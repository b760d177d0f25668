package dev.portico.dataplane.accesslog;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * What the access log says of one request, filled in as the request goes: made when it starts (only while logging,
 * so a data plane without an access log allocates nothing for it), the route and upstream as they are known, the
 * status and duration at its end. Confined to the request's event loop until {@link AccessLog#record} hands it to the
 * writer's thread, which formats it. A connection may also keep one as a draft it {@link #restart restarts} for each
 * request whose success sampling left out, handing the writer a {@link #copy} only if that request fails.
 */
public final class AccessEntry {
    private long startMillis;
    private long startNanos;
    private String method;
    private String protocol;
    private String host;
    private String path;
    private String client;
    private String route;
    private String upstream;
    private String requestId;
    private String error;
    private int status;
    private long durationNanos;

    public AccessEntry(String method, String protocol, String host, String path, String client) {
        restart(method, protocol, host, path, client);
    }

    private AccessEntry(AccessEntry of) {
        startMillis = of.startMillis;
        startNanos = of.startNanos;
        method = of.method;
        protocol = of.protocol;
        host = of.host;
        path = of.path;
        client = of.client;
        route = of.route;
        upstream = of.upstream;
        requestId = of.requestId;
        error = of.error;
        status = of.status;
        durationNanos = of.durationNanos;
    }

    /** This entry, begun again for another request that starts now. */
    public AccessEntry restart(String method, String protocol, String host, String path, String client) {
        this.startMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
        this.method = method;
        this.protocol = protocol;
        this.host = host;
        this.path = path;
        this.client = client;
        this.route = null;
        this.upstream = null;
        this.requestId = null;
        this.error = null;
        this.status = 0;
        this.durationNanos = -1;
        return this;
    }

    /** A copy to hand to the writer while this one stays with its event loop. */
    public AccessEntry copy() {
        return new AccessEntry(this);
    }

    /** The host (without port) and normalized path the request was routed by, once known. */
    public AccessEntry routedBy(String routedHost, String routedPath) {
        this.host = routedHost;
        this.path = routedPath;
        return this;
    }

    /** The client's address as the gateway took it ({@code --trusted-hops} applied). */
    public AccessEntry client(String address) {
        this.client = address;
        return this;
    }

    /** {@code namespace/name} of the route that matched. */
    public AccessEntry route(String id) {
        this.route = id;
        return this;
    }

    /** The endpoint of the latest try, {@code address:port}. */
    public AccessEntry upstream(String authority) {
        this.upstream = authority;
        return this;
    }

    /** The gateway answered itself with this error code (the {@code error} of its JSON body), not the upstream. */
    public AccessEntry error(String code) {
        this.error = code;
        return this;
    }

    /** The request is over: answered with {@code code}, or 0 when the client left before any answer. */
    public AccessEntry ended(int code, String id) {
        this.status = code;
        this.requestId = id;
        this.durationNanos = System.nanoTime() - startNanos;
        return this;
    }

    /** The status {@link #ended} gave: 0 before then, and for a request whose client left before any answer. */
    int status() {
        return status;
    }

    /** One line of JSON, without the newline (the writer appends into a builder of its own instead). */
    String toJson() {
        StringBuilder out = new StringBuilder(256);
        appendJson(out, new IsoMillis());
        return out.toString();
    }

    /** Appends this entry's line, without the newline; {@code time} formats the start (the writer keeps one). */
    void appendJson(StringBuilder out, IsoMillis time) {
        out.append("{\"time\":\"");
        time.append(out, startMillis);
        out.append('"');
        string(out, "requestId", requestId);
        string(out, "client", client);
        string(out, "method", method);
        string(out, "host", host);
        string(out, "path", path);
        string(out, "protocol", protocol);
        out.append(",\"status\":").append(status);
        long micros = Math.max(0, durationNanos) / 1_000;
        out.append(",\"durationMs\":").append(micros / 1_000).append('.');
        long fraction = micros % 1_000;
        out.append(fraction < 10 ? "00" : fraction < 100 ? "0" : "").append(fraction);
        string(out, "route", route);
        string(out, "upstream", upstream);
        string(out, "error", error);
        out.append('}');
    }

    private static void string(StringBuilder out, String name, String value) {
        if (value == null) {
            return;
        }
        out.append(",\"").append(name).append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        out.append('"');
    }
}
