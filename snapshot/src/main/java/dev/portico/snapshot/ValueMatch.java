package dev.portico.snapshot;

/** A header or query-parameter condition. {@code value} is ignored for {@code Present}. */
public record ValueMatch(String name, Type type, String value) {

    public enum Type { Exact, RegularExpression, Present }

    public ValueMatch {
        if (type == null) {
            type = Type.Exact;
        }
    }
}
