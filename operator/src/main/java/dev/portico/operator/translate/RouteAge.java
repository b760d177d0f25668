package dev.portico.operator.translate;

import dev.portico.operator.resolve.ObjectRef;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * Who owns a host + match two routes both claim: the older route (creationTimestamp), then
 * {@code namespace/name} alphabetically, as api-v1alpha1.md orders them.
 *
 * @param creationTimestamp RFC 3339 as Kubernetes writes it; empty or unreadable sorts last (not yet created)
 * @param createdAt         the timestamp parsed once (sorting thousands of routes compares it often), or null
 */
public record RouteAge(ObjectRef route, String creationTimestamp, Instant createdAt) {

    public static final Comparator<RouteAge> OLDEST_FIRST = Comparator
            .comparing(RouteAge::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(RouteAge::route);

    public RouteAge(ObjectRef route, String creationTimestamp) {
        this(route, creationTimestamp, parse(creationTimestamp));
    }

    private static Instant parse(String creationTimestamp) {
        if (creationTimestamp == null || creationTimestamp.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(creationTimestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
