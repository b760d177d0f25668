package dev.portico.dataplane.aggregate;

import dev.portico.snapshot.HeaderModifier;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which of the request's upstream headers every aggregate backend gets: {@code X-Request-Id},
 * {@code X-Forwarded-*}, the identity headers auth set ({@code Portico-*}, {@code claimsToHeaders}
 * targets), headers the rule itself sets or adds ({@code requestHeaders}), and {@code Authorization}
 * only when the route's JWT settings say {@code forwardToken}. No other client header is forwarded:
 * one client call fans out to services that did not ask for its cookies or credentials.
 */
final class ForwardedHeaders {
    private final Set<String> named;

    private ForwardedHeaders(Set<String> named) {
        this.named = Set.copyOf(named);
    }

    static ForwardedHeaders of(Route route, Rule rule) {
        Set<String> names = new HashSet<>();
        if (route.auth() != null && route.auth().jwt() != null) {
            route.auth().jwt().claimsToHeaders().forEach(c -> names.add(lower(c.header())));
            if (route.auth().jwt().forwardToken()) {
                names.add("authorization");
            }
        }
        HeaderModifier set = rule.requestHeaders();
        if (set != null) {
            set.set().forEach(h -> names.add(lower(h.name())));
            set.add().forEach(h -> names.add(lower(h.name())));
        }
        return new ForwardedHeaders(names);
    }

    /** The headers for one backend call, chosen from the request's cleaned upstream headers. */
    MultiMap select(MultiMap upstream) {
        MultiMap out = HttpHeaders.headers();
        for (Map.Entry<String, String> e : upstream) {
            String lower = lower(e.getKey());
            if (lower.equals("x-request-id") || lower.startsWith("x-forwarded-") || lower.startsWith("portico-")
                    || named.contains(lower)) {
                out.add(e.getKey(), e.getValue());
            }
        }
        if (!out.contains("accept")) {
            out.set("accept", "application/json");
        }
        return out;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
