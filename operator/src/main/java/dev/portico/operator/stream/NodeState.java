package dev.portico.operator.stream;

import java.time.Instant;

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
 */
public record NodeState(String connection, String node, String gateway, Instant connectedSince,
        PublishedSnapshot serving, long servingLabel, long rejectedVersion, String rejectedError,
        boolean connected, boolean globalRateLimits) {

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
