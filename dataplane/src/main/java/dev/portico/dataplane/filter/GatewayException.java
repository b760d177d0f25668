package dev.portico.dataplane.filter;

import java.util.Map;

/**
 * A gateway-made error: the client gets {@code status} and the JSON body
 * {@code {"error": code, "message": message, "requestId": ...}} plus any extra headers.
 */
public class GatewayException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public GatewayException(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public GatewayException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
