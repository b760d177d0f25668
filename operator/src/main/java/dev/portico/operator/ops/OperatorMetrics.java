package dev.portico.operator.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.function.Supplier;

/** Control-loop meters: how long reconciles and whole-world translations take. */
public final class OperatorMetrics {
    private final MeterRegistry registry;
    private final Timer translate;
    private final Timer endpointRefresh;
    private final Timer changeToPublish;

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        translate = Timer.builder("portico_translate").description("Resolve and translate the whole world")
                .publishPercentiles(0.5, 0.99).register(registry);
        endpointRefresh = Timer.builder("portico_endpoint_refresh")
                .description("Endpoint-only refresh of published snapshots, without translation")
                .publishPercentiles(0.5, 0.99).register(registry);
        changeToPublish = Timer.builder("portico_change_to_publish")
                .description("From the first informer event of a burst to its snapshots being published")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public static OperatorMetrics discarding() {
        return new OperatorMetrics(new SimpleMeterRegistry());
    }

    public Timer translate() {
        return translate;
    }

    public Timer endpointRefresh() {
        return endpointRefresh;
    }

    public Timer changeToPublish() {
        return changeToPublish;
    }

    /** Partial translations found to differ from the whole world's (only counted while verifying). */
    public void divergences(Supplier<Number> count) {
        gauge("portico_partial_translation_divergences",
                "Partial translations that differed from a whole translation (verification mode)", count);
    }

    public void rehearsedChanges(Supplier<Number> count) {
        gauge("portico_startup_rehearsed_changes",
                "Made-up changes run through the change path at start-up, so real ones meet compiled code", count);
    }

    public void idlePasses(Supplier<Number> count) {
        gauge("portico_startup_idle_passes", "Unchanged routes run through the change path while idle after "
                + "start-up, so real changes meet compiled code", count);
    }

    /** 1 while this replica runs the controllers: it holds the Lease, or runs without leader election. */
    public void leader(Supplier<Number> leading) {
        gauge("portico_operator_leader", "1 on the replica that runs the controllers and the stream, 0 on a standby",
                leading);
    }

    /** 1 while the last read or write of the Lease succeeded (leader election only). */
    public void apiReachable(Supplier<Number> reachable) {
        gauge("portico_operator_api_reachable", "1 when this replica's last read or write of the Lease succeeded, "
                + "0 when the API did not answer or refused it: a standby at 0 cannot take over", reachable);
    }

    private void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** Status writes of one kind that put right what another client wrote, and those held back over the limit. */
    public record Corrections(Counter corrected, Counter heldBack) {
    }

    public Corrections statusCorrections(String kind) {
        return new Corrections(correctionCounter(kind, "corrected"), correctionCounter(kind, "held_back"));
    }

    private Counter correctionCounter(String kind, String result) {
        return Counter.builder("portico_status_corrections").tag("kind", kind).tag("result", result)
                .description("Statuses another client overwrote: put right, or left alone for a while after too many "
                        + "corrections (a second operator without leader election?)")
                .register(registry);
    }

    /** One timer per kind of primary resource. */
    public Timer reconcile(String kind) {
        return Timer.builder("portico_reconcile").tag("kind", kind).description("One reconcile of a primary resource")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
