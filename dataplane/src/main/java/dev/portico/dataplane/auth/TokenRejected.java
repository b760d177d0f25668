package dev.portico.dataplane.auth;

/**
 * Why a token was refused, in words for the client's 401: which check failed, never a secret or the token, and any
 * value of the token only as {@link TokenEcho} shows it (bounded, without control characters).
 */
final class TokenRejected extends Exception {
    private final boolean unknownKey;

    TokenRejected(String reason, boolean unknownKey) {
        super(reason, null, false, false);
        this.unknownKey = unknownKey;
    }

    TokenRejected(String reason) {
        this(reason, false);
    }

    /** No configured key could even be tried: a JWKS refresh may help. */
    boolean unknownKey() {
        return unknownKey;
    }
}
