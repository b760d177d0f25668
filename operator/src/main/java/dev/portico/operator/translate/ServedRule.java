package dev.portico.operator.translate;

/** A rule of a route that made it into the snapshot; {@code name} is null for unnamed rules. */
public record ServedRule(int index, String name) {
}
