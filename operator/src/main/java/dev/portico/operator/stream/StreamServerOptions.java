package dev.portico.operator.stream;

import dev.portico.snapshot.stream.StreamProtocol;

import java.time.Duration;

/**
 * @param host      interface to bind (0.0.0.0 in a pod, 127.0.0.1 in tests)
 * @param port      0 picks a free port
 * @param heartbeat interval of operator → data plane heartbeats
 * @param debounce  changes published within this window travel as one push
 */
public record StreamServerOptions(String host, int port, BearerToken token, Duration heartbeat, Duration debounce,
        int maxFrameBytes) {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(10);

    public static StreamServerOptions of(String host, int port, BearerToken token) {
        return new StreamServerOptions(host, port, token, DEFAULT_HEARTBEAT, DEFAULT_DEBOUNCE,
                StreamProtocol.DEFAULT_MAX_FRAME_BYTES);
    }

    public StreamServerOptions withHeartbeat(Duration interval) {
        return new StreamServerOptions(host, port, token, interval, debounce, maxFrameBytes);
    }

    public StreamServerOptions withDebounce(Duration window) {
        return new StreamServerOptions(host, port, token, heartbeat, window, maxFrameBytes);
    }
}
