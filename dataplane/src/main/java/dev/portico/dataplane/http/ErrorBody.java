package dev.portico.dataplane.http;

import dev.portico.dataplane.filter.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The JSON body of every gateway-made error: {@code {"error","message","requestId"}}. */
public final class ErrorBody {
    private ErrorBody() {
    }

    public static String json(String code, String message, String requestId) {
        StringBuilder sb = new StringBuilder(96 + message.length());
        sb.append("{\"error\":");
        quote(sb, code);
        sb.append(",\"message\":");
        quote(sb, message);
        sb.append(",\"requestId\":");
        quote(sb, requestId);
        return sb.append('}').toString();
    }

    /**
     * A whole HTTP/1.1 error response as bytes, for stages that write to the socket below Vert.x:
     * the same status, JSON body and headers as {@link #send}.
     */
    public static byte[] http1(int status, String code, String message, String requestId, boolean close) {
        return http1(status, code, message, requestId, close ? "connection: close\r\n" : "");
    }

    /** {@link #http1} for an error the proxy raised, with its own headers, on a connection that stays open. */
    public static byte[] http1(GatewayException e, String requestId) {
        return http1(e, requestId, null);
    }

    /**
     * {@link #http1} for an error the proxy raised after filters added response headers ({@code RateLimit-*}):
     * those go out too, as {@link #send} lets them ({@link #keepsFilterHeader}).
     */
    public static byte[] http1(GatewayException e, String requestId, MultiMap filterHeaders) {
        StringBuilder extra = new StringBuilder();
        e.headers().forEach((k, v) -> extra.append(k).append(": ").append(v).append("\r\n"));
        if (filterHeaders != null) {
            for (Map.Entry<String, String> h : filterHeaders) {
                if (keepsFilterHeader(e, h.getKey())) {
                    extra.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
                }
            }
        }
        return http1(e.status(), e.code(), e.getMessage() == null ? "" : e.getMessage(), requestId, extra.toString());
    }

    /** The headers every error response sets itself, replacing any of the same name. */
    private static final Set<String> SET_BY_ERROR = Set.of("content-type", "content-length", "x-request-id");

    /**
     * Whether a response header a filter added goes out with error {@code e}: unless the error response sets one of
     * the same name (its own headers, the content type and length, the request id). Both paths decide here.
     */
    private static boolean keepsFilterHeader(GatewayException e, String name) {
        if (SET_BY_ERROR.contains(name.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (String k : e.headers().keySet()) {
            if (k.equalsIgnoreCase(name)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] http1(int status, String code, String message, String requestId, String extraHeaders) {
        byte[] body = json(code, message, requestId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase()
                + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length
                + "\r\nx-request-id: " + requestId + "\r\n" + extraHeaders + "\r\n";
        byte[] headBytes = head.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, out, headBytes.length, body.length);
        return out;
    }

    /**
     * Ends the response with the error, unless headers were already sent (then the stream is reset). Response
     * headers filters added ({@code filterHeaders}, may be null) go out as with {@link #http1(GatewayException,
     * String, MultiMap)}.
     */
    public static void send(HttpServerResponse response, GatewayException e, String requestId, boolean http2,
            MultiMap filterHeaders) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(e.status());
        if (filterHeaders != null) {
            filterHeaders.forEach(h -> {
                if (keepsFilterHeader(e, h.getKey())) {
                    response.headers().add(h.getKey(), h.getValue());
                }
            });
        }
        // "connection" is an HTTP/1 header; HTTP/2 forbids it
        e.headers().forEach((k, v) -> {
            if (!http2 || !k.equalsIgnoreCase("connection")) {
                response.headers().set(k, v);
            }
        });
        response.headers().set("content-type", "application/json");
        response.headers().set(RequestIds.HEADER, requestId);
        response.end(json(e.code(), e.getMessage() == null ? "" : e.getMessage(), requestId));
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
