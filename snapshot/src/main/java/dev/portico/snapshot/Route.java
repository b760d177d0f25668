package dev.portico.snapshot;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One accepted GatewayRoute, reduced to what a data plane serves.
 *
 * @param creationTimestamp RFC 3339 UTC, second precision, as Kubernetes writes it: orders equal matches
 * @param generation        metadata.generation of the object this was built from
 * @param hosts             lower-case names or {@code *.suffix} wildcards; empty means every host
 * @param auth              null when the route needs no credentials
 * @param cors              null when the route takes no part in CORS (an {@code OPTIONS} goes upstream as it is)
 * @param rules             only the valid rules, in the route's order
 */
public record Route(String namespace, String name, long generation, String creationTimestamp, List<String> hosts,
        Auth auth, Cors cors, List<Rule> rules) {

    public Route {
        Objects.requireNonNull(namespace, "namespace is required");
        Objects.requireNonNull(name, "name is required");
        creationTimestamp = creationTimestamp == null ? "" : creationTimestamp;
        hosts = Canonical.sortedStrings(hosts == null ? null
                : hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).distinct().toList());
        rules = Canonical.list(rules);
    }

    /** A route without CORS. */
    public Route(String namespace, String name, long generation, String creationTimestamp, List<String> hosts,
            Auth auth, List<Rule> rules) {
        this(namespace, name, generation, creationTimestamp, hosts, auth, null, rules);
    }

    /** Orders routes as their {@link #id()}s order, without building the strings (sorting thousands is hot). */
    public static final Comparator<Route> BY_ID = Route::compareIds;

    /** {@code namespace/name}: unique within a snapshot. */
    public String id() {
        return namespace + "/" + name;
    }

    private static int compareIds(Route a, Route b) {
        int lengthA = a.namespace.length() + 1 + a.name.length();
        int lengthB = b.namespace.length() + 1 + b.name.length();
        for (int i = 0, n = Math.min(lengthA, lengthB); i < n; i++) {
            char x = idChar(a, i);
            char y = idChar(b, i);
            if (x != y) {
                return x - y;
            }
        }
        return lengthA - lengthB;
    }

    private static char idChar(Route route, int i) {
        int split = route.namespace.length();
        return i < split ? route.namespace.charAt(i) : i == split ? '/' : route.name.charAt(i - split - 1);
    }
}
