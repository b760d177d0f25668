package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.LimitKey;
import dev.portico.api.v1alpha1.LimitKeyType;
import dev.portico.api.v1alpha1.RateLimitPolicySpec;
import dev.portico.api.v1alpha1.RequestLimit;
import dev.portico.operator.resolve.ResolvedPolicy;
import dev.portico.snapshot.RateLimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The limits of one RateLimitPolicy → snapshot {@link RateLimit}s; an invalid limit is left out and reported. */
final class LimitCompiler {

    static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    static final Duration MAX_PERIOD = Duration.ofHours(24);

    record CompiledLimits(List<RateLimit> limits, List<SpecProblem> problems) {
    }

    private LimitCompiler() {
    }

    static CompiledLimits compile(ResolvedPolicy resolved) {
        RateLimitPolicySpec spec = resolved.policy().getSpec();
        List<SpecProblem> problems = new ArrayList<>();
        List<RateLimit> limits = new ArrayList<>();
        List<RequestLimit> specs = spec == null || spec.getLimits() == null ? List.of() : spec.getLimits();
        if (specs.isEmpty()) {
            problems.add(SpecProblem.invalid("spec.limits", "needs at least one limit"));
        }
        RateLimit.Scope scope = spec == null || spec.getScope() == null ? RateLimit.Scope.Local
                : RateLimit.Scope.valueOf(spec.getScope().name());
        RateLimit.FailureMode failureMode = spec == null || spec.getFailureMode() == null ? RateLimit.FailureMode.Open
                : RateLimit.FailureMode.valueOf(spec.getFailureMode().name());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String field = "spec.limits[" + i + "]";
            RequestLimit limit = specs.get(i);
            List<SpecProblem> own = new ArrayList<>();
            String name = limit.getName() == null ? "limit-" + i : limit.getName();
            if (!names.add(name)) {
                own.add(SpecProblem.invalid(field + ".name", "duplicate limit name " + name));
            }
            if (limit.getRequests() == null || limit.getRequests() < 1) {
                own.add(SpecProblem.invalid(field + ".requests", "must be at least 1"));
            }
            long burst = limit.getBurst() == null ? 0 : limit.getBurst();
            if (burst < 0) {
                own.add(SpecProblem.invalid(field + ".burst", "must be 0 or more"));
            }
            long periodMs = period(limit.getPeriod(), field + ".period", own);
            RateLimit.Key key = key(limit.getKey(), field + ".key", own);
            RateLimit.When when = null;
            if (limit.getWhen() != null) {
                List<String> methods = limit.getWhen().getMethods() == null ? List.of()
                        : limit.getWhen().getMethods().stream().map(Enum::name).distinct().toList();
                when = new RateLimit.When(methods, limit.getWhen().getPath() == null ? null
                        : MatchCompiler.path(limit.getWhen().getPath(), field + ".when.path", own));
            }
            if (own.isEmpty()) {
                limits.add(new RateLimit(resolved.ref().toString(), name, scope, failureMode, limit.getRequests(),
                        periodMs, burst, key, when));
            }
            problems.addAll(own);
        }
        return new CompiledLimits(List.copyOf(limits), List.copyOf(problems));
    }

    private static long period(String text, String field, List<SpecProblem> problems) {
        if (text == null) {
            problems.add(SpecProblem.invalid(field, "is required"));
            return 0;
        }
        try {
            Duration period = GoDuration.parse(text);
            if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
                problems.add(SpecProblem.invalid(field, "must be between 1s and 24h, not " + text));
            }
            return period.toMillis();
        } catch (IllegalArgumentException e) {
            problems.add(SpecProblem.invalid(field, e.getMessage()));
            return 0;
        }
    }

    private static RateLimit.Key key(LimitKey spec, String field, List<SpecProblem> problems) {
        if (spec == null || spec.getType() == null) {
            problems.add(SpecProblem.invalid(field + ".type", "is required"));
            return null;
        }
        boolean named = spec.getType() == LimitKeyType.Header || spec.getType() == LimitKeyType.JWTClaim;
        boolean hasName = spec.getName() != null && !spec.getName().isEmpty();
        if (named && !hasName) {
            problems.add(SpecProblem.invalid(field + ".name", "is required for key type " + spec.getType()));
        }
        return new RateLimit.Key(RateLimit.Key.Type.valueOf(spec.getType().name()), named ? spec.getName() : null);
    }
}
