package dev.portico.snapshot.stream;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.portico.snapshot.Delta;
import dev.portico.snapshot.Snapshot;
import java.util.List;

/**
 * What travels in the snapshot stream, one message per frame, as JSON with a {@code type} member.
 * Operator → data plane: snapshot, delta, heartbeat. Data plane → operator: hello, ack, nack, jwks, redis.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StreamMessage.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = StreamMessage.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = StreamMessage.Nack.class, name = "nack"),
    @JsonSubTypes.Type(value = StreamMessage.SnapshotMessage.class, name = "snapshot"),
    @JsonSubTypes.Type(value = StreamMessage.DeltaMessage.class, name = "delta"),
    @JsonSubTypes.Type(value = StreamMessage.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = StreamMessage.JwksHealth.class, name = "jwks"),
    @JsonSubTypes.Type(value = StreamMessage.RedisHealth.class, name = "redis")
})
public sealed interface StreamMessage {

    /**
     * First message of a data plane; {@code lastVersion}/{@code lastHash} let the operator skip a full resend.
     *
     * @param globalRateLimits the data plane shares {@code scope: Global} counters with its group (it was started
     *                         with {@code --redis}); without it each data plane counts such limits alone, which the
     *                         operator reports in the policy's status. Absent (older data planes) reads as false.
     */
    record Hello(String node, String gateway, long lastVersion, String lastHash, boolean globalRateLimits)
            implements StreamMessage {
    }

    /** The data plane applied {@code version} (whose content hash is {@code hash}). */
    record Ack(long version, String hash) implements StreamMessage {
    }

    /** The data plane refused {@code version} and keeps serving its previous one. */
    record Nack(long version, String error) implements StreamMessage {
    }

    /** Full state. {@code hash} is the snapshot's content hash. */
    record SnapshotMessage(Snapshot snapshot, String hash) implements StreamMessage {
        public static SnapshotMessage of(Snapshot snapshot) {
            return new SnapshotMessage(snapshot, snapshot.contentHash());
        }
    }

    /** Changes against the version the data plane last acknowledged. */
    record DeltaMessage(Delta delta) implements StreamMessage {
    }

    /**
     * The JWKS URIs ({@code auth.jwt.jwks.uri}) whose last fetch failed on this data plane, whole each time the list
     * changes and after every hello (an empty list: all fetched). The operator reports them in the status of the
     * routes that name them.
     */
    record JwksHealth(List<JwksFailure> failing) implements StreamMessage {
        public JwksHealth {
            failing = failing == null ? List.of() : List.copyOf(failing);
        }
    }

    /**
     * @param keys  usable keys the data plane still holds for the URI (from an earlier fetch): 0 means every token on
     *              its routes is refused
     * @param error why the last fetch failed ("Connection refused", "answered 503", "holds no usable key")
     */
    record JwksFailure(String uri, int keys, String error) {
    }

    /**
     * Whether the Redis that holds this data plane's {@code scope: Global} counters answers: sent when an outage
     * begins ({@code error} says how the decision failed) and when it ends ({@code error} null), and after every hello
     * during one. The operator reports it in the status of the Global policies the data plane serves.
     */
    record RedisHealth(String error) implements StreamMessage {
    }

    /**
     * A message of a type this build does not know, only ever decoded (a newer peer's): the receiver ignores it
     * instead of ending the stream, so either side may be upgraded first.
     */
    record Unrecognized(String type) implements StreamMessage {
    }

    /** Liveness in both directions' absence of news; {@code intervalMs} tells the peer what to expect. */
    record Heartbeat(long sentAtMillis, long intervalMs) implements StreamMessage {
    }
}
