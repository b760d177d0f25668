package dev.portico.operator.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

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
    public void divergences(java.util.function.Supplier<Number> count) {
        io.micrometer.core.instrument.Gauge.builder("portico_partial_translation_divergences", count)
                .description("Partial translations that differed from a whole translation (verification mode)")
                .register(registry);
    }

    public void rehearsedChanges(java.util.function.Supplier<Number> count) {
        io.micrometer.core.instrument.Gauge.builder("portico_startup_rehearsed_changes", count)
                .description("Made-up changes run through the change path at start-up, so real ones meet compiled code")
                .register(registry);
    }

    public void idlePasses(java.util.function.Supplier<Number> count) {
        io.micrometer.core.instrument.Gauge.builder("portico_startup_idle_passes", count)
                .description("Unchanged routes run through the change path while idle after start-up, so real "
                        + "changes meet compiled code")
                .register(registry);
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
