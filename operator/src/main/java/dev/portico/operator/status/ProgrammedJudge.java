package dev.portico.operator.status;

import dev.portico.operator.stream.NodeState;
import dev.portico.operator.translate.ConditionFact;
import dev.portico.snapshot.stream.StreamMessage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides {@code Programmed} from the data planes' ACKs: an object is programmed when every connected data
 * plane of its gateway group serves a version at or after {@code since}, the first version that carried the
 * object's current content (versions only grow, and a data plane applies them in order).
 */
public final class ProgrammedJudge {

    private ProgrammedJudge() {
    }

    /**
     * @param what       "generation 4" or similar, for the message
     * @param since      first published version holding the current content; -1 when it is in no snapshot
     * @param nodes      the connected data planes of the group
     */
    public static Programmed judge(String gateway, String what, long since, List<NodeState> nodes) {
        int total = nodes.size();
        if (since < 0) { // every rule lost to an older route's (Accepted says Conflict)
            return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.NOT_ACCEPTED,
                    "nothing of " + what + " is served (see Accepted)"), 0, total, 0);
        }
        if (total == 0) {
            return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.NO_DATA_PLANES,
                    "no data plane of gateway " + gateway + " is connected"), 0, 0, since);
        }
        List<NodeState> behind = nodes.stream().filter(n -> n.servingVersion() < since)
                .sorted(Comparator.comparing(NodeState::node)).toList();
        int ready = total - behind.size();
        if (behind.isEmpty()) {
            return new Programmed(ConditionFact.holds(Programmed.TYPE, Programmed.PROGRAMMED,
                    ready + "/" + total + " data planes serve " + what + " (snapshot " + since + ")"),
                    ready, total, since);
        }
        for (NodeState node : behind) {
            if (node.rejecting()) {
                return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.REJECTED,
                        "data plane " + node.node() + " rejected snapshot " + node.rejectedVersion() + ": "
                                + node.rejectedError()), ready, total, since);
            }
        }
        return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.PENDING,
                ready + "/" + total + " data planes serve " + what + "; waiting for "
                        + behind.stream().map(NodeState::node).toList() + " to acknowledge snapshot " + since),
                ready, total, since);
    }

    /**
     * An object whose current generation is not accepted: never Programmed, whatever the data planes serve.
     *
     * @param servedGeneration its last accepted generation, served instead; -1 when none is known
     * @param served           the verdict on that generation's content ({@link #judge}); ignored without one
     */
    public static Programmed notAccepted(long generation, long servedGeneration, Programmed served, int total) {
        String refused = "generation " + generation + " is not accepted (see Accepted); ";
        if (servedGeneration < 0) {
            return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.NOT_ACCEPTED,
                    refused + "nothing of it is served"), 0, total, 0);
        }
        String message = Programmed.NOT_ACCEPTED.equals(served.condition().reason())
                ? "nothing of generation " + servedGeneration + ", the last accepted, is served either (see Accepted)"
                : served.condition().message();
        return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.NOT_ACCEPTED, refused + message),
                served.ready(), served.total(), served.snapshotVersion(),
                served.summary() + " (gen " + servedGeneration + ")");
    }

    /** What {@link #judge} calls a generation: {@code generation 4}, or for one served in place of a refused one its own. */
    public static String what(long generation, long servedGeneration) {
        return servedGeneration == generation ? "generation " + generation
                : "generation " + servedGeneration + ", the last accepted";
    }

    /**
     * A {@code scope: Global} policy's verdict in one group: served everywhere is not enough, every data plane
     * must also share the counters (started with {@code --redis}); one that does not lets through its own full
     * quota. A group of one counts exactly either way (the message says so). Any other verdict (pending, rejected,
     * no data planes) speaks first.
     */
    public static Programmed sharedCounters(String gateway, Programmed served, List<NodeState> nodes) {
        if (!"True".equals(served.condition().status())) {
            return served;
        }
        List<String> alone = nodes.stream().filter(n -> !n.globalRateLimits()).map(NodeState::node).sorted().toList();
        if (alone.isEmpty()) {
            return served;
        }
        int total = nodes.size();
        if (total == 1) {
            return new Programmed(ConditionFact.holds(Programmed.TYPE, Programmed.PROGRAMMED,
                    served.condition().message() + "; " + alone.get(0) + " has no --redis and counts the limits alone,"
                            + " exact while it is the only data plane of gateway " + gateway),
                    served.ready(), total, served.snapshotVersion(), served.summary());
        }
        return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.COUNTERS_NOT_SHARED,
                "scope Global needs data planes started with --redis, but " + alone.size() + "/" + total
                        + " of gateway " + gateway + " run without: " + alone + " count the limits each alone, so the"
                        + " group lets through up to " + total + "x a limit"),
                total - alone.size(), total, served.snapshotVersion());
    }

    /**
     * A {@code scope: Global} policy's verdict once its counters are shared: the Redis holding them must also answer.
     * Data planes whose Redis does not answer decide each limit by its failureMode (Open lets every request through,
     * Closed answers 503) until it does. Any other verdict speaks first.
     */
    public static Programmed countersReachable(String gateway, Programmed served, List<NodeState> nodes) {
        if (!"True".equals(served.condition().status())) {
            return served;
        }
        List<String> cut = nodes.stream().filter(n -> n.redisError() != null)
                .sorted(Comparator.comparing(NodeState::node)).map(n -> n.node() + ": " + n.redisError()).toList();
        if (cut.isEmpty()) {
            return served;
        }
        int total = nodes.size();
        return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.COUNTERS_UNAVAILABLE,
                "Redis does not answer " + cut.size() + "/" + total + " data planes of gateway " + gateway + " "
                        + cut + ": until it does, each limit's failureMode decides there (Open lets every request"
                        + " through, Closed answers 503)"), total - cut.size(), total, served.snapshotVersion());
    }

    /**
     * A route with {@code auth.jwt.jwks.uri}: served is not enough, its data planes must also hold keys from that
     * URI, or they refuse every token with 401. A data plane that could not refresh it but keeps keys fetched before
     * still verifies tokens: the message says so, the route stays programmed. Any other verdict speaks first.
     *
     * @param uri the route's served JWKS URI; null for a route without one
     */
    public static Programmed keysFetched(String gateway, Programmed served, String uri, List<NodeState> nodes) {
        if (uri == null || !"True".equals(served.condition().status())) {
            return served;
        }
        List<String> keyless = failures(nodes, uri, true);
        int total = nodes.size();
        if (!keyless.isEmpty()) {
            return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.JWKS_UNAVAILABLE,
                    "auth.jwt.jwks.uri \"" + uri + "\" gives no usable key to " + keyless.size() + "/" + total
                            + " data planes of gateway " + gateway + ", which refuse every token on this route with"
                            + " 401: " + keyless), total - keyless.size(), total, served.snapshotVersion());
        }
        List<String> stale = failures(nodes, uri, false);
        if (stale.isEmpty()) {
            return served;
        }
        return new Programmed(ConditionFact.holds(Programmed.TYPE, Programmed.PROGRAMMED,
                served.condition().message() + "; " + stale.size() + "/" + total
                        + " could not refresh auth.jwt.jwks.uri and verify with the keys fetched before: " + stale),
                served.ready(), total, served.snapshotVersion(), served.summary());
    }

    /** "node: error" for each node whose last fetch of {@code uri} failed, holding no key ({@code keyless}) or some. */
    private static List<String> failures(List<NodeState> nodes, String uri, boolean keyless) {
        List<String> found = new ArrayList<>();
        for (NodeState n : nodes.stream().sorted(Comparator.comparing(NodeState::node)).toList()) {
            StreamMessage.JwksFailure failure = n.jwksFailure(uri);
            if (failure != null && (failure.keys() == 0) == keyless) {
                found.add(n.node() + ": " + failure.error());
            }
        }
        return found;
    }

    /** A policy none of whose target routes (in {@code gateway}, if named) is served. */
    public static Programmed targetNotServed(String why, int total) {
        return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.TARGET_NOT_SERVED, why), 0, total, 0);
    }

    /** Several groups (a policy whose targets span gateways): the first that is not programmed speaks. */
    public static Programmed combine(List<Programmed> perGroup) {
        if (perGroup.isEmpty()) {
            return targetNotServed("no target of the policy resolves to a route or rule (see ResolvedRefs)", 0);
        }
        int ready = perGroup.stream().mapToInt(Programmed::ready).sum();
        int total = perGroup.stream().mapToInt(Programmed::total).sum();
        long since = perGroup.stream().mapToLong(Programmed::snapshotVersion).max().orElse(0);
        Programmed failing = perGroup.stream().filter(p -> !"True".equals(p.condition().status())).findFirst().orElse(null);
        ConditionFact condition = failing != null ? failing.condition()
                : perGroup.size() == 1 ? perGroup.get(0).condition()
                : ConditionFact.holds(Programmed.TYPE, Programmed.PROGRAMMED,
                        ready + "/" + total + " data planes serve it (snapshot " + since + ")");
        return new Programmed(condition, ready, total, since);
    }
}
