package dev.portico.operator.translate;

/** One entry of a GatewayRoute's {@code status.backends}: a Service port and how many endpoints are ready. */
public record BackendStatus(String service, int port, int readyEndpoints) {
}
