package dev.portico.operator.stream;

import dev.portico.snapshot.stream.StreamMessage.JwksFailure;

import java.time.Instant;
import java.util.List;

/**
 * What the operator knows about one connected data plane. Immutable: a new value after every hello,
 * ACK, NACK or disconnect.
 *
 * @param connection     unique per stream, so a node that reconnects is a new entry
 * @param serving        the published version whose content the node serves (acknowledged, or resumed
 *                       with an equal content hash); null before it has any
 * @param servingLabel   the version number the node itself reports for that content
 * @param rejectedVersion the last version the node refused, -1 when its last answer was an ACK
 * @param rejectedError  the node's error for that refusal
 * @param globalRateLimits the node said in hello that it shares {@code scope: Global} counters (has Redis)
 * @param jwksFailures   the JWKS URIs whose last fetch failed on the node, as it last reported them
 * @param redisError     how the node's Redis of Global counters last failed while it does not answer; null otherwise
 */
public record NodeState(String connection, String node, String gateway, Instant connectedSince,
        PublishedSnapshot serving, long servingLabel, long rejectedVersion, String rejectedError,
        boolean connected, boolean globalRateLimits, List<JwksFailure> jwksFailures, String redisError) {

    public NodeState {
        jwksFailures = jwksFailures == null ? List.of() : List.copyOf(jwksFailures);
    }

    /** The node's failure for {@code uri}, or null when its last fetch of it gave keys (or it never needed it). */
    public JwksFailure jwksFailure(String uri) {
        return jwksFailures.stream().filter(f -> f.uri().equals(uri)).findFirst().orElse(null);
    }

    public long servingVersion() {
        return serving == null ? -1 : serving.version();
    }

    public String servingHash() {
        return serving == null ? null : serving.hash();
    }

    public boolean rejecting() {
        return rejectedError != null;
    }
}
