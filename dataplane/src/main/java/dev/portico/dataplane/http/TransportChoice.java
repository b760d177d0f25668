package dev.portico.dataplane.http;

import io.vertx.core.transport.Transport;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which Netty transport carries the data plane's sockets ({@code --transport}). {@code auto} takes io_uring where the
 * kernel and the container's seccomp profile allow it (it moved 5-7% more requests per CPU second than epoll and
 * kept a tighter tail: bench/results/proxy-p99-anatomy.md), else epoll, else NIO. Naming one refuses to start
 * where it is unavailable instead of quietly running on another.
 */
public enum TransportChoice {
    AUTO, IO_URING, EPOLL, NIO;

    /** The flag's spelling: {@code auto}, {@code io_uring}, {@code epoll}, {@code nio}. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransportChoice parse(String value) {
        for (TransportChoice choice : values()) {
            if (choice.flagValue().equals(value)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("--transport must be one of " + Arrays.stream(values())
                .map(TransportChoice::flagValue).collect(Collectors.joining(", ")) + ", got '" + value + "'");
    }

    /** The Vert.x transport this choice means here; a named one that this machine cannot run is refused with why. */
    public Transport resolve() {
        return switch (this) {
            case AUTO -> Transport.IO_URING.available() ? Transport.IO_URING
                    : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
            case IO_URING -> require(Transport.IO_URING);
            case EPOLL -> require(Transport.EPOLL);
            case NIO -> Transport.NIO;
        };
    }

    private Transport require(Transport transport) {
        if (!transport.available()) {
            Throwable cause = transport.unavailabilityCause();
            throw new IllegalStateException("--transport " + flagValue() + " is not available here: "
                    + (cause == null ? "unknown reason" : cause.toString()));
        }
        return transport;
    }
}
