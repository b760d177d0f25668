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
     * those go out too, unless the error sets a header of the same name, as {@link #send} leaves them.
     */
    public static byte[] http1(GatewayException e, String requestId, MultiMap responseHeaders) {
        StringBuilder extra = new StringBuilder();
        e.headers().forEach((k, v) -> extra.append(k).append(": ").append(v).append("\r\n"));
        if (responseHeaders != null) {
            for (Map.Entry<String, String> h : responseHeaders) {
                String name = h.getKey();
                if (!SET_BY_SEND.contains(name.toLowerCase(Locale.ROOT)) && !hasKeyIgnoreCase(e.headers(), name)) {
                    extra.append(name).append(": ").append(h.getValue()).append("\r\n");
                }
            }
        }
        return http1(e.status(), e.code(), e.getMessage() == null ? "" : e.getMessage(), requestId, extra.toString());
    }

    /** The headers {@link #send} sets itself, replacing any of the same name. */
    private static final Set<String> SET_BY_SEND = Set.of("content-type", "content-length", "x-request-id");

    private static boolean hasKeyIgnoreCase(Map<String, String> headers, String name) {
        for (String k : headers.keySet()) {
            if (k.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
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

    /** Ends the response with the error, unless headers were already sent (then the stream is reset). */
    public static void send(HttpServerResponse response, GatewayException e, String requestId, boolean http2) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(e.status());
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
