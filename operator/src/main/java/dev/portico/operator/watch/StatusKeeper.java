package dev.portico.operator.watch;

import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.status.RejectionEvents;
import dev.portico.operator.status.StatusCorrections;
import dev.portico.operator.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What both reconcilers do with the status they compute: write it when the stored one differs, report
 * refusals as Events, and tell a status someone else wrote from the echo of their own.
 *
 * @param <S> the status type
 * @param <R> the resource type
 */
final class StatusKeeper<S, R extends CustomResource<?, S>> {
    private final Function<R, S> desired;
    private final Function<S, List<Condition>> conditions;
    private final StatusWriter<S, R> writer;
    private final RejectionEvents events;
    private final StatusCorrections corrections;

    /**
     * @param desired    the status the operator wants a resource to have; null until translation has seen its
     *                   generation (its translation calls back)
     */
    StatusKeeper(String kind, Function<R, S> desired, Function<S, List<Condition>> conditions,
            StatusWriter<S, R> writer, RejectionEvents events, Clock clock, OperatorMetrics metrics) {
        this.desired = desired;
        this.conditions = conditions;
        this.writer = writer;
        this.events = events;
        this.corrections = new StatusCorrections(kind, clock, metrics.statusCorrections(kind));
    }

    /**
     * The update filter of the primary informer: a new generation, a deletion, and a status someone else wrote
     * over the one the operator wants are worth a reconcile; the echo of the operator's own writes is not.
     */
    boolean worthReconciling(R fresh, R old) {
        if (!Objects.equals(fresh.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                || fresh.isMarkedForDeletion()) {
            return true;
        }
        return corrections.overwritten(ObjectRef.of(fresh), old.getStatus(), fresh.getStatus(),
                () -> desired.apply(fresh));
    }

    UpdateControl<R> reconcile(R resource, KubernetesClient client) {
        S before = resource.getStatus();
        S wanted = desired.apply(resource);
        if (wanted == null || wanted.equals(before)) {
            return UpdateControl.noUpdate();
        }
        ObjectRef ref = ObjectRef.of(resource);
        Duration wait = corrections.writeAllowedIn(ref);
        if (!wait.isZero()) {
            return UpdateControl.<R>noUpdate().rescheduleAfter(wait);
        }
        events.report(resource, before == null ? null : conditions.apply(before), conditions.apply(wanted));
        corrections.wrote(ref, wanted); // before the write: its echo may reach the informer before the call returns
        writer.write(client, resource, wanted);
        return UpdateControl.noUpdate();
    }
}
