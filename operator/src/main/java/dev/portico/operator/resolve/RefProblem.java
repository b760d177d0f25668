package dev.portico.operator.resolve;

/**
 * A reference that could not be resolved, in the words of the {@code ResolvedRefs} condition.
 *
 * @param reason  {@link #BACKEND_NOT_FOUND}, {@link #SECRET_NOT_FOUND}, {@link #INVALID_SECRET} or
 *                {@link #TARGET_NOT_FOUND}
 * @param message names the object (and field) at fault
 */
public record RefProblem(String reason, String message) {

    public static final String BACKEND_NOT_FOUND = "BackendNotFound";
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    public static final String INVALID_SECRET = "InvalidSecret";
    public static final String TARGET_NOT_FOUND = "TargetNotFound";
}
