package dev.portico.dataplane.auth;

/** Why a token was refused; the reason goes to the debug log only, never to the client. */
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
