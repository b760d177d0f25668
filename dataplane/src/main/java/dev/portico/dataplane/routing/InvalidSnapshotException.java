package dev.portico.dataplane.routing;

/** A snapshot the data plane refuses; the message names the route, rule and field. */
public class InvalidSnapshotException extends IllegalArgumentException {
    public InvalidSnapshotException(String message) {
        super(message);
    }

    public InvalidSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
