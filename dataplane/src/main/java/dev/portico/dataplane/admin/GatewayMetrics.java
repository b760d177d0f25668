package dev.portico.dataplane.admin;

import dev.portico.dataplane.routing.CompiledRule;
import dev.portico.dataplane.routing.Router;
import dev.portico.snapshot.Cluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The data plane's Prometheus metrics; meters are looked up once and cached, so recording is cheap. The per-rule
 * and per-cluster series follow the applied configuration ({@link #snapshotApplied}).
 */
public final class GatewayMetrics {
    /**
     * The labels of one {@code portico_aggregate_backend_latency} series: the calls of one aggregate rule's backend
     * that end one way. Made when the rule is compiled, so that timing a call allocates nothing.
     */
    public record AggregateSeries(String route, String rule, String backend, String outcome) {
    }

    /** The rule id, route and rule labels of a request no rule matched; its series outlive every snapshot. */
    public static final String NO_ROUTE = "none";
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final int ABANDONED = CLASSES.length; // index of a rule's abandoned-requests counter

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final AtomicLong snapshotVersion = new AtomicLong();
    private final ConcurrentHashMap<String, Counter[]> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> latency = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> ejections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> retries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AggregateSeries, Timer> aggregateLatency = new ConcurrentHashMap<>();

    public GatewayMetrics() {
        Gauge.builder("portico_active_connections", activeConnections, AtomicInteger::get)
                .description("Client connections open now").register(registry);
        Gauge.builder("portico_snapshot_version", snapshotVersion, AtomicLong::get)
                .description("Version of the applied snapshot").register(registry);
    }

    /**
     * {@code portico_dataplane_transport{transport}} at 1: which socket transport this data plane runs on, since a
     * seccomp profile can turn io_uring into epoll without anyone asking.
     */
    public void transport(String name) {
        // not "..._info": Prometheus reserves that suffix for its info type and Micrometer would strip it
        Gauge.builder("portico_dataplane_transport", () -> 1)
                .description("Always 1; its label is the socket transport this data plane runs on")
                .tag("transport", name).register(registry);
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

    /**
     * Follows the configuration {@code router} serves: removes the series of rules and clusters it no longer has
     * (and a rule's retries with its retry policy, an aggregate backend's latency with the backend), and registers
     * at 0 the counters dashboards rate, so that their first event shows in {@code increase()}: {@code portico_retries}
     * of each rule with a retry policy and {@code portico_outlier_ejections} of each cluster (outlier detection is
     * always on). Request counters and latency histograms still start with their first request: a histogram per
     * cluster held up front costs memory at thousands of routes. O(rules + clusters), off the event loops, which
     * keep recording without a lock; one still serving a request routed by the previous router may register a
     * removed meter again, until the next apply removes it.
     */
    public void snapshotApplied(Router router) {
        Set<String> rules = new HashSet<>();
        Set<String> retrying = new HashSet<>();
        Set<List<String>> aggregateBackends = new HashSet<>(); // route, rule, backend
        rules.add(NO_ROUTE);
        for (CompiledRule rule : router.rules()) {
            rules.add(rule.id());
            if (rule.rule().retries() != null) {
                retrying.add(rule.id());
            }
            if (rule.rule().isAggregate()) {
                for (var b : rule.rule().aggregate().backends()) {
                    aggregateBackends.add(List.of(rule.route().id(), rule.ruleName(), b.name()));
                }
            }
        }
        Set<String> clusters = new HashSet<>();
        for (Cluster cluster : router.snapshot().clusters()) {
            clusters.add(cluster.name());
        }
        prune(requests, rules::contains, byClass -> {
            for (Counter c : byClass) {
                registry.remove(c);
            }
        });
        prune(retries, retrying::contains, registry::remove);
        prune(latency, clusters::contains, registry::remove);
        prune(ejections, clusters::contains, registry::remove);
        prune(aggregateLatency, s -> aggregateBackends.contains(List.of(s.route(), s.rule(), s.backend())),
                registry::remove);
        retrying.forEach(this::retries);
        clusters.forEach(this::ejections);
        snapshotVersion.set(router.version());
    }

    /** Drops the meters whose key is not {@code kept}, from the cache and then from the registry. */
    private static <K, M> void prune(Map<K, M> meters, Predicate<K> kept, Consumer<M> unregister) {
        for (Map.Entry<K, M> e : meters.entrySet()) {
            if (!kept.test(e.getKey()) && meters.remove(e.getKey(), e.getValue())) {
                unregister.accept(e.getValue());
            }
        }
    }

    /** @param route {@code namespace/name}, {@link #NO_ROUTE} when nothing matched */
    public void request(String ruleId, String route, String rule, int status) {
        counters(ruleId, route, rule)[statusClass(status)].increment();
    }

    /** As {@link #request(String, String, String, int)} for a matched rule, whose labels are built only the first time. */
    public void request(CompiledRule rule, int status) {
        counters(rule)[statusClass(status)].increment();
    }

    /** A request whose client left before its answer was sent: not in {@code portico_requests}, counted here. */
    public void abandoned(String ruleId, String route, String rule) {
        counters(ruleId, route, rule)[ABANDONED].increment();
    }

    /** As {@link #abandoned(String, String, String)} for a matched rule. */
    public void abandoned(CompiledRule rule) {
        counters(rule)[ABANDONED].increment();
    }

    private Counter[] counters(CompiledRule rule) {
        Counter[] known = requests.get(rule.id());
        return known != null ? known : counters(rule.id(), rule.route().id(), rule.ruleName());
    }

    /** A rule's answered requests by status class, then at {@link #ABANDONED} those its clients left. */
    private Counter[] counters(String ruleId, String route, String rule) {
        Counter[] known = requests.get(ruleId); // before computeIfAbsent: its capturing lambda is made per call
        return known != null ? known : requests.computeIfAbsent(ruleId, k -> {
            Counter[] cs = new Counter[CLASSES.length + 1];
            for (int i = 0; i < CLASSES.length; i++) {
                cs[i] = Counter.builder("portico_requests").description("Requests answered")
                        .tag("route", route).tag("rule", rule).tag("status_class", CLASSES[i]).register(registry);
            }
            cs[ABANDONED] = Counter.builder("portico_requests_abandoned")
                    .description("Requests whose client left before the answer was sent")
                    .tag("route", route).tag("rule", rule).register(registry);
            return cs;
        });
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

    /** Times one aggregate backend call, from its start to its last body byte (or its failure). */
    public void aggregateBackendLatency(AggregateSeries series, long nanos) {
        Timer timer = aggregateLatency.get(series); // before computeIfAbsent, as in upstreamLatency
        if (timer == null) {
            timer = aggregateLatency.computeIfAbsent(series, s -> Timer.builder("portico_aggregate_backend_latency")
                    .description("Aggregate backend calls, start to last body byte, by outcome")
                    .tag("route", s.route()).tag("rule", s.rule()).tag("backend", s.backend())
                    .tag("outcome", s.outcome())
                    .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void ejected(String cluster) {
        ejections(cluster).increment();
    }

    public void retried(String ruleId) {
        retries(ruleId).increment();
    }

    private Counter ejections(String cluster) {
        return ejections.computeIfAbsent(cluster, c -> Counter.builder("portico_outlier_ejections")
                .description("Endpoints ejected by passive outlier detection").tag("cluster", c).register(registry));
    }

    private Counter retries(String ruleId) {
        return retries.computeIfAbsent(ruleId, r -> Counter.builder("portico_retries")
                .description("Upstream retries").tag("rule", r).register(registry));
    }
}
