package dev.portico.dataplane.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.ServerSSLOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the TLS listeners on the files' current pair. Kubelet replaces a mounted Secret's files in place
 * (and cert-manager renews before expiry), so every {@link #PERIOD_MS} the files are read again, off the
 * event loop; a changed pair that {@link TlsFiles#read} accepts goes to every listener's next handshakes
 * (live connections keep theirs). A refused pair is logged once and the previous one stays served.
 */
public final class CertificateReloader {
    static final long PERIOD_MS = 10_000;
    private static final System.Logger LOG = System.getLogger(CertificateReloader.class.getName());

    private final Vertx vertx;
    private final TlsFiles files;
    /** Each event loop's listener, with the SSL options it started with (ALPN included). */
    private final Map<HttpServer, ServerSSLOptions> servers = new ConcurrentHashMap<>();
    private volatile CertificatePair current;
    private String refusal; // the last one logged: a bad Secret left in place is not logged every period
    private long timer = -1;

    /** @throws IllegalArgumentException as {@link TlsFiles#read} */
    public CertificateReloader(Vertx vertx, TlsFiles files) {
        this.vertx = vertx;
        this.files = files;
        this.current = files.read();
    }

    /** The pair a listener starting now serves. */
    public CertificatePair current() {
        return current;
    }

    public void serve(HttpServer server, ServerSSLOptions started) {
        servers.put(server, started);
    }

    public void stopServing(HttpServer server) {
        servers.remove(server);
    }

    public synchronized void start() {
        if (timer < 0) {
            timer = vertx.setPeriodic(PERIOD_MS, id -> reload());
        }
    }

    public synchronized void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Reads the files again; completes with true when a new pair went to the listeners. */
    Future<Boolean> reload() {
        return vertx.executeBlocking(files::read, false).compose(pair -> {
            refusal = null;
            if (pair.equals(current)) {
                return Future.succeededFuture(false);
            }
            current = pair;
            List<Future<Boolean>> updates = servers.entrySet().stream()
                    .map(e -> e.getKey().updateSSLOptions(e.getValue().copy().setKeyCertOptions(pair.keyCertOptions())))
                    .toList();
            LOG.log(System.Logger.Level.INFO, "TLS certificate from {0} rotated: new connections get it",
                    files.certFile());
            return Future.all(updates).map(true);
        }, failure -> {
            String why = failure.getMessage();
            if (!why.equals(refusal)) {
                refusal = why;
                LOG.log(System.Logger.Level.WARNING, "TLS certificate not rotated, still serving the previous one: "
                        + why);
            }
            return Future.succeededFuture(false);
        });
    }
}
