package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.api.v1alpha1.RateLimitPolicySpec;
import dev.portico.api.v1alpha1.RateLimitPolicyStatus;
import dev.portico.api.v1alpha1.RateLimitScope;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.status.Programmed;
import dev.portico.operator.status.ProgrammedJudge;
import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.status.StatusWriter;
import dev.portico.operator.stream.NodeState;
import dev.portico.operator.translate.PolicyFacts;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Thin, like {@link GatewayRouteReconciler}: a policy is programmed when every data plane of each target
 * route's group serves the version that first carried the targets' current content (limits included).
 */
@ControllerConfiguration(name = "ratelimitpolicy", generationAwareEventProcessing = false)
public final class RateLimitPolicyReconciler implements Reconciler<RateLimitPolicy> {
    private final WatchContext watch;
    private final ReferenceIndex index;
    private final Timer timer;
    private final StatusKeeper<RateLimitPolicyStatus, RateLimitPolicy> status;

    public RateLimitPolicyReconciler(WatchContext watch) {
        this.watch = watch;
        this.status = new StatusKeeper<>("RateLimitPolicy", this::desired, RateLimitPolicyStatus::getConditions,
                new StatusWriter<>(RateLimitPolicy.class, RateLimitPolicy::new, "lastAccepted"), watch.events(),
                watch.statusFactory().clock(), watch.metrics());
        this.index = new ReferenceIndex(() -> watch.cache().routes(), () -> watch.cache().policies());
        this.timer = watch.metrics().reconcile("RateLimitPolicy");
    }

    @Override
    public List<EventSource<?, RateLimitPolicy>> prepareEventSources(EventSourceContext<RateLimitPolicy> context) {
        var routes = new WorldEventSource<>(InformerEventSourceConfiguration
                .from(GatewayRoute.class, RateLimitPolicy.class).withNamespacesInheritedFromController()
                .withOnUpdateFilter((fresh, old) -> !Objects.equals(fresh.getMetadata().getGeneration(),
                        old.getMetadata().getGeneration()))
                .withSecondaryToPrimaryMapper(index::policiesTargeting).build(), context, true,
                watch.compiler()::changed, watch.compiler()::touched);
        watch.cache().routes(routes);
        return List.of(routes, watch.triggers().policyEvents);
    }

    @Override
    public UpdateControl<RateLimitPolicy> reconcile(RateLimitPolicy policy, Context<RateLimitPolicy> context) {
        return timer.record(() -> status.reconcile(policy, context.getClient()));
    }

    /** The primary informer's update filter: see {@link StatusKeeper#worthReconciling}. */
    public boolean worthReconciling(RateLimitPolicy fresh, RateLimitPolicy old) {
        return status.worthReconciling(fresh, old);
    }

    /** The status this operator wants the policy to have; null until translation has seen its generation. */
    private RateLimitPolicyStatus desired(RateLimitPolicy policy) {
        long generation = policy.getMetadata().getGeneration() == null ? 0 : policy.getMetadata().getGeneration();
        PolicyFacts facts = watch.board().policy(ObjectRef.of(policy));
        if (facts == null || facts.generation() != generation) {
            // the informer that feeds translation saw this generation too: its translation will call back
            return null;
        }
        return watch.statusFactory().policy(policy.getStatus(), facts, programmed(policy, facts, generation));
    }

    private Programmed programmed(RateLimitPolicy policy, PolicyFacts facts, long generation) {
        long served = facts.servedGeneration();
        RateLimitPolicySpec servedSpec = served == generation ? policy.getSpec() : facts.lastAcceptedSpec();
        boolean global = servedSpec != null && servedSpec.getScope() == RateLimitScope.Global;
        List<Programmed> perGroup = new ArrayList<>();
        int total = 0;
        for (String gateway : facts.gateways()) {
            long since = -1;
            for (ObjectRef target : facts.targetRoutes()) {
                StatusBoard.RouteEntry route = watch.board().route(target);
                if (route != null && gateway.equals(route.facts().gateway())) {
                    since = Math.max(since, route.since());
                }
            }
            var nodes = watch.dataPlanes().apply(gateway);
            total += nodes.size();
            perGroup.add(since < 0
                    ? ProgrammedJudge.targetNotServed("no target route of gateway " + gateway + " is served: "
                            + facts.targetRoutes() + " (see their status)", nodes.size())
                    : counted(global, gateway, ProgrammedJudge.judge(gateway, ProgrammedJudge.what(generation, served),
                            since, nodes), nodes));
        }
        Programmed programmed = ProgrammedJudge.combine(perGroup);
        return served == generation ? programmed : ProgrammedJudge.notAccepted(generation, served, programmed, total);
    }

    private static Programmed counted(boolean global, String gateway, Programmed served, List<NodeState> nodes) {
        return global ? ProgrammedJudge.countersReachable(gateway, ProgrammedJudge.sharedCounters(gateway, served,
                nodes), nodes) : served;
    }
}
