package dev.portico.operator.status;

import dev.portico.operator.stream.NodeState;
import dev.portico.operator.translate.ConditionFact;

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
        if (since < 0) {
            return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.PENDING,
                    "nothing of " + what + " can be programmed until it is accepted"), 0, total, 0);
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

    /** Several groups (a policy whose targets span gateways): the first that is not programmed speaks. */
    public static Programmed combine(List<Programmed> perGroup) {
        if (perGroup.isEmpty()) {
            return new Programmed(ConditionFact.fails(Programmed.TYPE, Programmed.PENDING,
                    "no target route is served"), 0, 0, 0);
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
