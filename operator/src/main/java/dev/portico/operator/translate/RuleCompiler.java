package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.AggregateBackend;
import dev.portico.api.v1alpha1.Aggregation;
import dev.portico.api.v1alpha1.HeaderFilter;
import dev.portico.api.v1alpha1.HeaderValue;
import dev.portico.api.v1alpha1.LoadBalancing;
import dev.portico.api.v1alpha1.PathRewriteType;
import dev.portico.api.v1alpha1.Retries;
import dev.portico.api.v1alpha1.RouteRule;
import dev.portico.api.v1alpha1.UrlRewrite;
import dev.portico.api.v1alpha1.WeightedBackend;
import dev.portico.snapshot.Aggregate;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.HeaderModifier;
import dev.portico.snapshot.LoadBalancer;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RetryPolicy;
import dev.portico.snapshot.Rewrite;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One rule of a GatewayRoute → one snapshot {@link Rule}, or the reasons it cannot be served. */
final class RuleCompiler {

    /** A compiled rule ({@code rule} null when {@code problems} is not empty); rate limits come later. */
    record CompiledRule(int index, Rule rule, List<SpecProblem> problems, List<String> clusters) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    private RuleCompiler() {
    }

    static CompiledRule compile(String namespace, int index, RouteRule spec) {
        String at = "spec.rules[" + index + "]";
        List<SpecProblem> problems = new ArrayList<>();
        List<RouteMatch> matches = MatchCompiler.compile(spec.getMatches(), at, problems);
        boolean matchesSpecified = spec.getMatches() != null && !spec.getMatches().isEmpty();
        List<String> clusters = new ArrayList<>();

        boolean hasBackends = spec.getBackends() != null && !spec.getBackends().isEmpty();
        if (hasBackends == (spec.getAggregate() != null)) {
            problems.add(SpecProblem.invalid(at, hasBackends
                    ? "has both backends and aggregate, but exactly one is allowed"
                    : "needs exactly one of backends or aggregate"));
        }
        List<BackendRef> backends = hasBackends ? backends(namespace, spec.getBackends(), at, problems, clusters) : List.of();
        Aggregate aggregate = spec.getAggregate() == null ? null
                : aggregate(namespace, spec.getAggregate(), at, matches, matchesSpecified, problems, clusters);
        Rewrite rewrite = rewrite(spec.getRewrite(), at, matches, matchesSpecified, spec.getAggregate() != null, problems);
        long timeoutMs = positiveMillis(spec.getTimeout(), at + ".timeout", Rule.DEFAULT_TIMEOUT_MS, problems);
        RetryPolicy retries = retries(spec.getRetries(), at + ".retries", problems);
        LoadBalancer loadBalancer = loadBalancer(spec.getLoadBalancer(), at + ".loadBalancer", problems);
        HeaderModifier requestHeaders = headers(spec.getRequestHeaders(), at + ".requestHeaders", problems);
        HeaderModifier responseHeaders = headers(spec.getResponseHeaders(), at + ".responseHeaders", problems);

        if (!problems.isEmpty()) {
            return new CompiledRule(index, null, List.copyOf(problems), List.copyOf(clusters));
        }
        Rule rule = new Rule(spec.getName(), index, matches, backends, aggregate, rewrite, requestHeaders,
                responseHeaders, timeoutMs, retries, loadBalancer, List.of(), 0);
        return new CompiledRule(index, rule, List.of(), List.copyOf(clusters));
    }

    private static List<BackendRef> backends(String namespace, List<WeightedBackend> specs, String at,
            List<SpecProblem> problems, List<String> clusters) {
        List<BackendRef> refs = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            WeightedBackend b = specs.get(i);
            String field = at + ".backends[" + i + "]";
            if (b.getService() == null || b.getPort() == null) {
                problems.add(SpecProblem.invalid(field, "service and port are required"));
                continue;
            }
            int weight = b.getWeight() == null ? 1 : b.getWeight();
            if (weight < 0) {
                problems.add(SpecProblem.invalid(field + ".weight", "must be 0 or more"));
            }
            String cluster = Cluster.nameOf(namespace, b.getService(), b.getPort());
            clusters.add(cluster);
            refs.add(new BackendRef(cluster, weight));
        }
        return refs;
    }

    private static Aggregate aggregate(String namespace, Aggregation spec, String at, List<RouteMatch> matches,
            boolean matchesSpecified, List<SpecProblem> problems, List<String> clusters) {
        String field = at + ".aggregate";
        long timeoutMs = positiveMillis(spec.getTimeout(), field + ".timeout", Aggregate.DEFAULT_TIMEOUT_MS, problems);
        List<AggregateBackend> specs = spec.getBackends() == null ? List.of() : spec.getBackends();
        if (specs.isEmpty()) {
            problems.add(SpecProblem.invalid(field + ".backends", "needs at least one backend"));
        }
        Set<String> names = new HashSet<>();
        List<Aggregate.Backend> backends = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            AggregateBackend b = specs.get(i);
            String bf = field + ".backends[" + i + "]";
            if (b.getName() == null || b.getService() == null || b.getPort() == null || b.getPath() == null) {
                problems.add(SpecProblem.invalid(bf, "name, service, port and path are required"));
                continue;
            }
            if (!names.add(b.getName())) {
                problems.add(SpecProblem.invalid(bf + ".name", "duplicate member name " + b.getName()));
            }
            problems.addAll(TemplateVariables.check(b.getPath(), bf + ".path", at, matches, matchesSpecified));
            long backendTimeout = b.getTimeout() == null ? 0 : positiveMillis(b.getTimeout(), bf + ".timeout", 0, problems);
            String cluster = Cluster.nameOf(namespace, b.getService(), b.getPort());
            clusters.add(cluster);
            backends.add(new Aggregate.Backend(b.getName(), cluster, b.getPath(),
                    b.getRequired() == null || b.getRequired(), backendTimeout));
        }
        return new Aggregate(timeoutMs, backends);
    }

    private static Rewrite rewrite(UrlRewrite spec, String at, List<RouteMatch> matches, boolean matchesSpecified,
            boolean aggregate, List<SpecProblem> problems) {
        if (spec == null || (spec.getPath() == null && spec.getHost() == null)) {
            return null;
        }
        String field = at + ".rewrite";
        if (aggregate) {
            problems.add(new SpecProblem(field, SpecProblem.UNSUPPORTED_VALUE,
                    "rewrite is not supported with aggregate (set each aggregate backend's path instead)"));
            return null;
        }
        Rewrite.PathRewrite path = null;
        if (spec.getPath() != null) {
            PathRewriteType type = spec.getPath().getType() == null ? PathRewriteType.ReplaceFullPath : spec.getPath().getType();
            String value = spec.getPath().getValue();
            if (value == null || !value.startsWith("/")) {
                problems.add(SpecProblem.invalid(field + ".path.value", "must start with /"));
            }
            if (type == PathRewriteType.ReplacePrefixMatch) {
                for (int j = 0; j < matches.size(); j++) {
                    PathMatch.Type matchType = matches.get(j).path().type();
                    if (matchType != PathMatch.Type.PathPrefix) {
                        problems.add(SpecProblem.invalid(field + ".path.type", "ReplacePrefixMatch needs PathPrefix "
                                + "matches, but " + at + ".matches[" + j + "].path.type is " + matchType));
                        break;
                    }
                }
            }
            problems.addAll(TemplateVariables.check(value, field + ".path.value", at, matches, matchesSpecified));
            path = new Rewrite.PathRewrite(Rewrite.PathRewrite.Type.valueOf(type.name()), value);
        }
        problems.addAll(TemplateVariables.check(spec.getHost(), field + ".host", at, matches, matchesSpecified));
        return new Rewrite(path, spec.getHost());
    }

    private static RetryPolicy retries(Retries spec, String field, List<SpecProblem> problems) {
        if (spec == null) {
            return null;
        }
        int attempts = spec.getAttempts() == null ? 0 : spec.getAttempts();
        if (attempts < 0) {
            problems.add(SpecProblem.invalid(field + ".attempts", "must be 0 or more"));
        }
        long perTry = spec.getPerTryTimeout() == null ? 0
                : positiveMillis(spec.getPerTryTimeout(), field + ".perTryTimeout", 0, problems);
        List<RetryPolicy.Condition> on = spec.getOn() == null ? List.of()
                : spec.getOn().stream().map(c -> RetryPolicy.Condition.valueOf(c.name())).distinct().toList();
        List<Integer> codes = spec.getStatusCodes() == null ? List.of() : spec.getStatusCodes().stream().distinct().toList();
        return new RetryPolicy(attempts, perTry, on, codes);
    }

    private static LoadBalancer loadBalancer(LoadBalancing spec, String field, List<SpecProblem> problems) {
        if (spec == null) {
            return LoadBalancer.ROUND_ROBIN;
        }
        LoadBalancer.Type type = spec.getType() == null ? LoadBalancer.Type.RoundRobin
                : LoadBalancer.Type.valueOf(spec.getType().name());
        if (type != LoadBalancer.Type.ConsistentHash) {
            if (spec.getHash() != null) {
                problems.add(SpecProblem.invalid(field + ".hash", "is only used with type ConsistentHash"));
            }
            return new LoadBalancer(type, null);
        }
        var hash = spec.getHash();
        int set = hash == null ? 0 : (hash.getHeader() != null ? 1 : 0) + (hash.getCookie() != null ? 1 : 0)
                + (Boolean.TRUE.equals(hash.getClientIP()) ? 1 : 0);
        if (set != 1) {
            problems.add(SpecProblem.invalid(field + ".hash", "ConsistentHash needs exactly one of header, cookie or clientIP"));
            return new LoadBalancer(type, null);
        }
        return new LoadBalancer(type, new LoadBalancer.HashOn(hash.getHeader(), hash.getCookie(),
                Boolean.TRUE.equals(hash.getClientIP())));
    }

    private static HeaderModifier headers(HeaderFilter spec, String field, List<SpecProblem> problems) {
        if (spec == null) {
            return null;
        }
        HeaderModifier modifier = new HeaderModifier(values(spec.getSet(), field + ".set", problems),
                values(spec.getAdd(), field + ".add", problems), spec.getRemove());
        return modifier.isEmpty() ? null : modifier;
    }

    private static List<HeaderModifier.Header> values(List<HeaderValue> specs, String field, List<SpecProblem> problems) {
        List<HeaderModifier.Header> headers = new ArrayList<>();
        for (int i = 0; specs != null && i < specs.size(); i++) {
            HeaderValue h = specs.get(i);
            if (h.getName() == null || h.getName().isEmpty() || h.getValue() == null) {
                problems.add(SpecProblem.invalid(field + "[" + i + "]", "name and value are required"));
                continue;
            }
            headers.add(new HeaderModifier.Header(h.getName(), h.getValue()));
        }
        return headers;
    }

    /** A duration field in milliseconds: {@code fallback} when absent, a problem when unreadable or zero. */
    static long positiveMillis(String text, String field, long fallback, List<SpecProblem> problems) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            long ms = GoDuration.parseMillis(text);
            if (ms <= 0) {
                problems.add(SpecProblem.invalid(field, "must be longer than 0"));
            }
            return ms;
        } catch (IllegalArgumentException e) {
            problems.add(SpecProblem.invalid(field, e.getMessage()));
            return fallback;
        }
    }
}
