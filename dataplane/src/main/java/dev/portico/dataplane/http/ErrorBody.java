package dev.portico.dataplane.http;

import dev.portico.dataplane.filter.GatewayException;
import io.vertx.core.http.HttpServerResponse;

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
