package dev.portico.operator.translate;

import dev.portico.operator.resolve.ObjectRef;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.ValueMatch;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which route owns each (gateway, host, match). Routes are offered oldest first, so the first claimant of
 * a host + match keeps it and a younger route's rule that claims it again is a {@code Conflict}.
 */
final class ClaimTable {

    /** The key of a route without hosts: it answers every host. */
    private static final String EVERY_HOST = "";

    private record Claim(String gateway, String host, RouteMatch match) {
    }

    /** What a younger rule collided with, for the Conflict message. */
    record Collision(ObjectRef owner, String host, RouteMatch match) {
        String describe() {
            return (host.equals(EVERY_HOST) ? "every host" : "host " + host) + " with match " + ClaimTable.describe(match)
                    + " is already served by older route " + owner;
        }
    }

    private final Map<Claim, ObjectRef> owners = new HashMap<>();

    /** The first claim of this rule that another route holds, or null when the rule is free to claim them all. */
    Collision collision(ObjectRef claimant, String gateway, List<String> hosts, List<RouteMatch> matches) {
        for (String host : hostKeys(hosts)) {
            for (RouteMatch match : matches) {
                ObjectRef owner = owners.get(new Claim(gateway, host, claimed(match)));
                if (owner != null && !owner.equals(claimant)) {
                    return new Collision(owner, host, match);
                }
            }
        }
        return null;
    }

    void claim(ObjectRef claimant, String gateway, List<String> hosts, List<RouteMatch> matches) {
        for (String host : hostKeys(hosts)) {
            for (RouteMatch match : matches) {
                owners.putIfAbsent(new Claim(gateway, host, claimed(match)), claimant);
            }
        }
    }

    /** Header names match case-insensitively, so {@code X-Version} and {@code x-version} claim the same thing. */
    private static RouteMatch claimed(RouteMatch match) {
        if (match.headers().isEmpty()) {
            return match;
        }
        List<ValueMatch> headers = match.headers().stream()
                .map(h -> new ValueMatch(h.name() == null ? null : h.name().toLowerCase(Locale.ROOT), h.type(), h.value()))
                .toList();
        return new RouteMatch(match.path(), match.method(), headers, match.queryParams());
    }

    private static List<String> hostKeys(List<String> hosts) {
        return hosts.isEmpty() ? List.of(EVERY_HOST) : hosts;
    }

    static String describe(RouteMatch match) {
        StringBuilder text = new StringBuilder(match.path().type() + " " + match.path().value());
        if (match.method() != null) {
            text.append(", method ").append(match.method());
        }
        if (!match.headers().isEmpty()) {
            text.append(", headers ").append(names(match.headers()));
        }
        if (!match.queryParams().isEmpty()) {
            text.append(", query ").append(names(match.queryParams()));
        }
        return text.toString();
    }

    private static String names(List<ValueMatch> values) {
        return values.stream().map(ValueMatch::name).collect(Collectors.joining(",", "[", "]"));
    }
}
