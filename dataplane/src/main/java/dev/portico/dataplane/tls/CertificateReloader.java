package dev.portico.dataplane.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps the TLS listeners on the files' current certificates. Kubelet replaces a mounted Secret's files in place
 * (and cert-manager renews before expiry), so every {@link #PERIOD_MS} the files are read again, off the
 * event loop; a change that {@link TlsFiles#read} accepts for every pair goes to every listener's next handshakes
 * (live connections keep theirs). A refused pair is logged once and the previous set stays served whole.
 */
public final class CertificateReloader {
    static final long PERIOD_MS = 10_000;
    private static final System.Logger LOG = System.getLogger(CertificateReloader.class.getName());

    private final Vertx vertx;
    private final List<TlsFiles> files;
    /** Each event loop's listener, with the SSL options it started with (ALPN included). */
    private final Map<HttpServer, ServerSSLOptions> servers = new ConcurrentHashMap<>();
    private volatile CertificateSet current;
    private String refusal; // the last one logged: a bad Secret left in place is not logged every period
    private long timer = -1;

    /** @throws IllegalArgumentException as {@link TlsFiles#read} */
    public CertificateReloader(Vertx vertx, List<TlsFiles> files) {
        this.vertx = vertx;
        this.files = List.copyOf(files);
        this.current = CertificateSet.read(files);
    }

    /** The certificates a listener starting now serves. */
    public CertificateSet current() {
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

    /** Reads the files again; completes with true when new certificates went to the listeners. */
    Future<Boolean> reload() {
        return vertx.executeBlocking(() -> CertificateSet.read(files), false).compose(set -> {
            refusal = null;
            if (set.equals(current)) {
                return Future.succeededFuture(false);
            }
            List<Path> changed = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                if (!set.pairs().get(i).equals(current.pairs().get(i))) {
                    changed.add(files.get(i).certFile());
                }
            }
            current = set;
            List<Future<Boolean>> updates = servers.entrySet().stream()
                    .map(e -> e.getKey().updateSSLOptions(e.getValue().copy().setKeyCertOptions(set.keyCertOptions())))
                    .toList();
            LOG.log(System.Logger.Level.INFO, "TLS certificate from {0} rotated: new connections get it",
                    changed.stream().map(Path::toString).collect(Collectors.joining(", ")));
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
