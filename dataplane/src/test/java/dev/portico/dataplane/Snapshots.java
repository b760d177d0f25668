package dev.portico.dataplane;

import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Endpoint;
import dev.portico.snapshot.LoadBalancer;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RetryPolicy;
import dev.portico.snapshot.Rewrite;
import dev.portico.snapshot.HeaderModifier;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.ValueMatch;
import java.util.ArrayList;
import java.util.List;

/** Test builders for snapshots: terse, so a test shows only what it is about. */
public final class Snapshots {
    private Snapshots() {
    }

    public static RouteMatch match(PathMatch.Type type, String value) {
        return RouteMatch.path(new PathMatch(type, value));
    }

    public static RouteMatch match(PathMatch.Type type, String value, String method, List<ValueMatch> headers,
            List<ValueMatch> query) {
        return new RouteMatch(new PathMatch(type, value), method, headers, query);
    }

    public static Rule rule(String name, int index, List<RouteMatch> matches, String... clusters) {
        List<BackendRef> refs = new ArrayList<>();
        for (String c : clusters) {
            refs.add(new BackendRef(c, 1));
        }
        return new Rule(name, index, matches, refs, null, null, null, null, 0, null, null, null, 0);
    }

    public static RuleBuilder ruleBuilder(String name) {
        return new RuleBuilder(name);
    }

    public static Route route(String ns, String name, String created, List<String> hosts, Rule... rules) {
        return new Route(ns, name, 1, created, hosts, null, List.of(rules));
    }

    public static Cluster cluster(String name, int... ports) {
        List<Endpoint> eps = new ArrayList<>();
        for (int p : ports) {
            eps.add(new Endpoint("127.0.0.1", p));
        }
        return new Cluster(name, "ns", name, 80, true, eps);
    }

    public static Snapshot snapshot(long version, List<Route> routes, List<Cluster> clusters) {
        return new Snapshot("default", version, routes, clusters);
    }

    /** A mutable builder for the rarely-set parts of a rule. */
    public static final class RuleBuilder {
        private final String name;
        private int index;
        private List<RouteMatch> matches = List.of(RouteMatch.path(PathMatch.prefix("/")));
        private final List<BackendRef> backends = new ArrayList<>();
        private Rewrite rewrite;
        private HeaderModifier requestHeaders;
        private HeaderModifier responseHeaders;
        private long timeoutMs;
        private RetryPolicy retries;
        private LoadBalancer lb;
        private long maxBody;
        private dev.portico.snapshot.Aggregate aggregate;

        RuleBuilder(String name) {
            this.name = name;
        }

        public RuleBuilder index(int i) {
            index = i;
            return this;
        }

        public RuleBuilder matches(RouteMatch... m) {
            matches = List.of(m);
            return this;
        }

        public RuleBuilder backend(String cluster, int weight) {
            backends.add(new BackendRef(cluster, weight));
            return this;
        }

        public RuleBuilder rewrite(Rewrite r) {
            rewrite = r;
            return this;
        }

        public RuleBuilder requestHeaders(HeaderModifier h) {
            requestHeaders = h;
            return this;
        }

        public RuleBuilder responseHeaders(HeaderModifier h) {
            responseHeaders = h;
            return this;
        }

        public RuleBuilder timeoutMs(long t) {
            timeoutMs = t;
            return this;
        }

        public RuleBuilder retries(RetryPolicy r) {
            retries = r;
            return this;
        }

        public RuleBuilder loadBalancer(LoadBalancer l) {
            lb = l;
            return this;
        }

        public RuleBuilder maxBody(long b) {
            maxBody = b;
            return this;
        }

        public RuleBuilder aggregate(dev.portico.snapshot.Aggregate a) {
            aggregate = a;
            return this;
        }

        public Rule build() {
            return new Rule(name, index, matches, backends, aggregate, rewrite, requestHeaders, responseHeaders,
                    timeoutMs, retries, lb, null, maxBody);
        }
    }
}
