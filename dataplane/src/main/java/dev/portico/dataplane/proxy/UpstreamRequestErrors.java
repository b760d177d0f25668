package dev.portico.dataplane.proxy;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;

/**
 * The exception handler of every request the gateway sends upstream. Without one Vert.x logs each failure as
 * SEVERE, yet the common ones are no server fault: the gateway reset the request itself (client gone, body too
 * large, deadline) or the upstream reset or closed it, and the exchange has already answered or counted it
 * (502/503/504, access log, metrics). Those go to FINE; anything else stays visible as a WARNING.
 */
public final class UpstreamRequestErrors {
    private static final System.Logger LOG = System.getLogger(UpstreamRequestErrors.class.getName());

    private UpstreamRequestErrors() {
    }

    public static void report(Throwable failure) {
        boolean expected = failure instanceof StreamResetException || failure instanceof HttpClosedException
                || failure instanceof IOException;
        if (expected) {
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "upstream request ended: " + failure);
            }
        } else {
            LOG.log(System.Logger.Level.WARNING, "upstream request failed unexpectedly", failure);
        }
    }
}
