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
 */
public record RouteAge(ObjectRef route, String creationTimestamp) {

    public static final Comparator<RouteAge> OLDEST_FIRST = Comparator
            .comparing((RouteAge a) -> a.instant(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(RouteAge::route);

    Instant instant() {
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
