package dev.portico.operator.translate;

/**
 * Something wrong with a spec that the schema could not catch, in the words of the {@code Accepted} condition.
 *
 * @param field  the field path, e.g. {@code spec.rules[1].matches[0].path.value}
 * @param reason {@link #INVALID}, {@link #CONFLICT} or {@link #UNSUPPORTED_VALUE}
 */
public record SpecProblem(String field, String reason, String message) {

    public static final String INVALID = "Invalid";
    public static final String CONFLICT = "Conflict";
    public static final String UNSUPPORTED_VALUE = "UnsupportedValue";

    static SpecProblem invalid(String field, String message) {
        return new SpecProblem(field, INVALID, message);
    }

    /** What a status message says: the field, then what is wrong with it. */
    public String describe() {
        return field + ": " + message;
    }
}
