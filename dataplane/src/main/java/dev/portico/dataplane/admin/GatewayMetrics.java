package dev.portico.dataplane.admin;

import dev.portico.dataplane.routing.CompiledRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The data plane's Prometheus metrics; meters are looked up once and cached, so recording is cheap. */
public final class GatewayMetrics {
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final AtomicLong snapshotVersion = new AtomicLong();
    private final ConcurrentHashMap<String, Counter[]> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> latency = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> ejections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> retries = new ConcurrentHashMap<>();

    public GatewayMetrics() {
        Gauge.builder("portico_active_connections", activeConnections, AtomicInteger::get)
                .description("Client connections open now").register(registry);
        Gauge.builder("portico_snapshot_version", snapshotVersion, AtomicLong::get)
                .description("Version of the applied snapshot").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    public void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    public void snapshotApplied(long version) {
        snapshotVersion.set(version);
    }

    /** @param route {@code namespace/name}, "none" when nothing matched */
    public void request(String ruleId, String route, String rule, int status) {
        Counter[] known = requests.get(ruleId); // before computeIfAbsent: its capturing lambda is made per call
        Counter[] byClass = known != null ? known : requests.computeIfAbsent(ruleId, k -> {
            Counter[] cs = new Counter[CLASSES.length];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = Counter.builder("portico_requests").description("Requests answered")
                        .tag("route", route).tag("rule", rule).tag("status_class", CLASSES[i]).register(registry);
            }
            return cs;
        });
        byClass[statusClass(status)].increment();
    }

    /** As {@link #request(String, String, String, int)} for a matched rule, whose labels are built only the first time. */
    public void request(CompiledRule rule, int status) {
        Counter[] byClass = requests.get(rule.id());
        if (byClass == null) {
            request(rule.id(), rule.route().id(), rule.ruleName(), status);
        } else {
            byClass[statusClass(status)].increment();
        }
    }

    private static int statusClass(int status) {
        return Math.min(Math.max(status / 100 - 1, 0), CLASSES.length - 1);
    }

    public void upstreamLatency(String cluster, long nanos) {
        Timer timer = latency.get(cluster); // before computeIfAbsent: its lambda, holding the registry, is made per call
        if (timer == null) {
            timer = latency.computeIfAbsent(cluster, c -> Timer.builder("portico_upstream_latency")
                    .description("Time to the upstream's response head").tag("cluster", c)
                    .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void ejected(String cluster) {
        ejections.computeIfAbsent(cluster, c -> Counter.builder("portico_outlier_ejections")
                .description("Endpoints ejected by passive outlier detection").tag("cluster", c).register(registry))
                .increment();
    }

    public void retried(String ruleId) {
        retries.computeIfAbsent(ruleId, r -> Counter.builder("portico_retries")
                .description("Upstream retries").tag("rule", r).register(registry)).increment();
    }
}
