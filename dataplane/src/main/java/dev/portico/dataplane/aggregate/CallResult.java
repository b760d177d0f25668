package dev.portico.dataplane.aggregate;

import io.vertx.core.buffer.Buffer;

/**
 * How one backend call of a fan-out ended.
 *
 * @param json    the member value (UTF-8 JSON text) when {@code outcome} is OK, else null
 * @param status  the backend's HTTP status, 0 when none arrived
 * @param message for failures: what happened, naming the backend and its service
 */
record CallResult(Outcome outcome, Buffer json, int status, String message) {

    /** The ways a call ends; {@link #code} appears in {@code _errors} and in the metrics' outcome tag. */
    enum Outcome {
        OK("ok"),
        TIMEOUT("timeout"),
        CONNECT_FAILURE("connect_failure"),
        RESET("reset"),
        BAD_STATUS("bad_status"),
        BODY_TOO_LARGE("body_too_large"),
        NO_HEALTHY_UPSTREAM("no_healthy_upstream"),
        BACKEND_NOT_FOUND("backend_not_found"),
        CANCELLED("cancelled");

        final String code;

        Outcome(String code) {
            this.code = code;
        }
    }

    static CallResult ok(Buffer json, int status) {
        return new CallResult(Outcome.OK, json, status, null);
    }

    static CallResult failed(Outcome outcome, int status, String message) {
        return new CallResult(outcome, null, status, message);
    }

    boolean succeeded() {
        return outcome == Outcome.OK;
    }
}
