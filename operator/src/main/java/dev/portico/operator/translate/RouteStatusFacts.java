package dev.portico.operator.translate;

import dev.portico.operator.resolve.RefProblem;
import dev.portico.operator.resolve.ResolvedRoute;
import dev.portico.snapshot.Cluster;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Turns what translation found into {@code Accepted} / {@code ResolvedRefs} facts and backend counts. */
final class RouteStatusFacts {

    private RouteStatusFacts() {
    }

    static RouteFacts of(ResolvedRoute resolved, String gateway, List<SpecProblem> problems, List<ServedRule> served,
            boolean inSnapshot, long servedGeneration, ResolvedRoute servedFrom) {
        List<BackendStatus> backends = resolved.clusters().values().stream()
                .map(RouteStatusFacts::backendStatus)
                .sorted(Comparator.comparing(BackendStatus::service).thenComparingInt(BackendStatus::port))
                .toList();
        return new RouteFacts(resolved.ref(), gateway, resolved.generation(), accepted(problems),
                resolvedRefs(resolved.problems()), backends, served, inSnapshot, servedGeneration,
                servedFrom != null && servedGeneration != resolved.generation() ? servedFrom.route().getSpec() : null);
    }

    static BackendStatus backendStatus(Cluster cluster) {
        return new BackendStatus(cluster.service(), cluster.port(), cluster.endpoints().size());
    }

    /** Whether one of {@code problems} is the spec's own (not a Conflict with another route): its generation is refused. */
    static boolean refused(List<SpecProblem> problems) {
        return problems.stream().anyMatch(p -> !SpecProblem.CONFLICT.equals(p.reason()));
    }

    /** True when nothing is wrong; else the first problem's reason and every problem in the message. */
    static ConditionFact accepted(List<SpecProblem> problems) {
        if (problems.isEmpty()) {
            return ConditionFact.holds(ConditionFact.ACCEPTED, "Accepted", "");
        }
        return ConditionFact.fails(ConditionFact.ACCEPTED, problems.get(0).reason(),
                problems.stream().map(SpecProblem::describe).collect(Collectors.joining("; ")));
    }

    static ConditionFact resolvedRefs(List<RefProblem> problems) {
        if (problems.isEmpty()) {
            return ConditionFact.holds(ConditionFact.RESOLVED_REFS, "ResolvedRefs", "");
        }
        return ConditionFact.fails(ConditionFact.RESOLVED_REFS, problems.get(0).reason(),
                problems.stream().map(RefProblem::message).collect(Collectors.joining("; ")));
    }
}
