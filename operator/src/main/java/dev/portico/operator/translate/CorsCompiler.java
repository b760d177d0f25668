package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.CorsPolicy;
import dev.portico.api.v1alpha1.HttpMethod;
import dev.portico.snapshot.Cors;

import java.time.Duration;
import java.util.List;

/**
 * {@code spec.cors} → snapshot {@link Cors}, refusing what the schema lets through but browsers would not honour.
 */
final class CorsCompiler {
    private static final String FIELD = "spec.cors";

    private CorsCompiler() {
    }

    /** @return null when the route has no CORS policy or it is invalid (then {@code problems} says why) */
    static Cors compile(CorsPolicy spec, List<SpecProblem> problems) {
        if (spec == null) {
            return null;
        }
        int before = problems.size();
        List<String> origins = spec.getAllowOrigins() == null ? List.of() : spec.getAllowOrigins();
        boolean credentials = Boolean.TRUE.equals(spec.getAllowCredentials());
        if (origins.isEmpty()) {
            problems.add(SpecProblem.invalid(FIELD + ".allowOrigins", "needs at least one origin"));
        }
        for (int i = 0; credentials && i < origins.size(); i++) {
            if (origins.get(i).equals("*")) {
                problems.add(SpecProblem.invalid(FIELD + ".allowOrigins[" + i + "]", Cors.ANY_ORIGIN_WITH_CREDENTIALS));
            }
        }
        long maxAgeSeconds = maxAgeSeconds(spec.getMaxAge(), problems);
        if (problems.size() > before) {
            return null;
        }
        List<String> methods = spec.getAllowMethods() == null ? List.of()
                : spec.getAllowMethods().stream().map(HttpMethod::name).distinct().toList();
        return new Cors(origins, methods, spec.getAllowHeaders(), spec.getExposeHeaders(), maxAgeSeconds, credentials);
    }

    private static long maxAgeSeconds(String text, List<SpecProblem> problems) {
        if (text == null) {
            return 0;
        }
        try {
            Duration maxAge = GoDuration.parse(text);
            if (maxAge.toSeconds() < 1) {
                problems.add(SpecProblem.invalid(FIELD + ".maxAge", "must be at least 1s (browsers count whole "
                        + "seconds), not " + text));
            }
            return maxAge.toSeconds();
        } catch (IllegalArgumentException e) {
            problems.add(SpecProblem.invalid(FIELD + ".maxAge", e.getMessage()));
            return 0;
        }
    }
}
