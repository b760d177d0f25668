package dev.portico.operator.watch;

import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.status.RejectionEvents;
import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.status.StatusFactory;
import dev.portico.operator.stream.NodeState;

import java.util.List;
import java.util.function.Function;

/**
 * What the reconcilers share: the caches they fill, the translation loop, the status facts, the data
 * planes' state, and the writers of status and events.
 */
public record WatchContext(WorldCache cache, WorldCompiler compiler, StatusBoard board, StatusTriggers triggers,
        Function<String, List<NodeState>> dataPlanes, StatusFactory statusFactory, RejectionEvents events,
        OperatorMetrics metrics) {
}
