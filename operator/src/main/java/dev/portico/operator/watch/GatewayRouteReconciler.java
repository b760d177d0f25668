package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.GatewayRouteStatus;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ServiceEndpoints;
import dev.portico.operator.status.Programmed;
import dev.portico.operator.status.ProgrammedJudge;
import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Objects;

/**
 * Thin: the snapshot is built by {@link WorldCompiler} from the caches this reconciler's event sources
 * fill; a reconcile only compares the route's status with what the facts and the data planes' ACKs say,
 * and patches it when they differ.
 */
@ControllerConfiguration(name = "gatewayroute", generationAwareEventProcessing = false)
public final class GatewayRouteReconciler implements Reconciler<GatewayRoute> {
    private final WatchContext watch;
    private final ReferenceIndex index;
    private final Timer timer;
    private final StatusKeeper<GatewayRouteStatus, GatewayRoute> status;

    public GatewayRouteReconciler(WatchContext watch) {
        this.watch = watch;
        this.status = new StatusKeeper<>("GatewayRoute", this::desired, GatewayRouteStatus::getConditions,
                new StatusWriter<>(GatewayRoute.class, GatewayRoute::new, "lastAccepted"), watch.events(),
                watch.statusFactory().clock(), watch.metrics());
        this.index = new ReferenceIndex(() -> watch.cache().routes(), () -> watch.cache().policies());
        this.timer = watch.metrics().reconcile("GatewayRoute");
    }

    @Override
    public List<EventSource<?, GatewayRoute>> prepareEventSources(EventSourceContext<GatewayRoute> context) {
        var services = new WorldEventSource<>(InformerEventSourceConfiguration.from(Service.class, GatewayRoute.class)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(index::routesNamingService).build(), context, false,
                watch.compiler()::changed);
        var slices = new WorldEventSource<>(InformerEventSourceConfiguration
                .from(EndpointSlice.class, GatewayRoute.class).withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(index::routesNamingSliceService).build(), context, false,
                slice -> watch.compiler().endpointsChanged(ServiceEndpoints.serviceOf(slice)));
        var secrets = new WorldEventSource<>(InformerEventSourceConfiguration.from(Secret.class, GatewayRoute.class)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(index::routesNamingSecret).build(), context, false,
                watch.compiler()::changed);
        var policies = new WorldEventSource<>(InformerEventSourceConfiguration
                .from(RateLimitPolicy.class, GatewayRoute.class).withNamespacesInheritedFromController()
                .withOnUpdateFilter((fresh, old) -> !java.util.Objects.equals(fresh.getMetadata().getGeneration(),
                        old.getMetadata().getGeneration()))
                .withSecondaryToPrimaryMapper(index::routesTargetedBy).build(), context, true,
                watch.compiler()::changed);
        watch.cache().services(services);
        watch.cache().endpointSlices(slices);
        watch.cache().secrets(secrets);
        watch.cache().policies(policies);
        return List.of(services, slices, secrets, policies, watch.triggers().routeEvents);
    }

    @Override
    public UpdateControl<GatewayRoute> reconcile(GatewayRoute route, Context<GatewayRoute> context) {
        return timer.record(() -> status.reconcile(route, context.getClient()));
    }

    /** The primary informer's update filter: see {@link StatusKeeper#worthReconciling}. */
    public boolean worthReconciling(GatewayRoute fresh, GatewayRoute old) {
        return status.worthReconciling(fresh, old);
    }

    /** The status this operator wants the route to have; null until translation has seen its generation. */
    private GatewayRouteStatus desired(GatewayRoute route) {
        long generation = route.getMetadata().getGeneration() == null ? 0 : route.getMetadata().getGeneration();
        StatusBoard.RouteEntry entry = watch.board().route(ObjectRef.of(route));
        if (entry == null || entry.facts().generation() != generation) {
            // the informer that feeds translation saw this generation too: its translation will call back
            return null;
        }
        String gateway = entry.facts().gateway();
        long served = entry.facts().servedGeneration();
        var nodes = watch.dataPlanes().apply(gateway);
        Programmed programmed = ProgrammedJudge.judge(gateway, ProgrammedJudge.what(generation, served), entry.since(),
                nodes);
        programmed = ProgrammedJudge.keysFetched(gateway, programmed, jwksUri(entry.content()), nodes);
        if (served != generation) {
            programmed = ProgrammedJudge.notAccepted(generation, served, programmed, nodes.size());
        }
        return watch.statusFactory().route(route.getStatus(), entry.facts(), programmed);
    }

    /** The JWKS URI of the route's served content, or null. */
    private static String jwksUri(dev.portico.snapshot.Route content) {
        return content == null || content.auth() == null || content.auth().jwt() == null ? null
                : content.auth().jwt().jwksUri();
    }
}
