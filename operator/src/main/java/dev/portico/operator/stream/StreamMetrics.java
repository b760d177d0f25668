package dev.portico.operator.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stream meters: connected data planes, streams refused (by reason: a wrong token shows here), bytes pushed per
 * message kind, and push-to-ACK latency.
 */
public final class StreamMetrics {
    /** The reasons {@link SnapshotStreamServer} refuses a stream request for. */
    static final List<String> REFUSALS = List.of("unauthorized", "not_found", "method_not_allowed");
    private final AtomicInteger connected = new AtomicInteger();
    private final MeterRegistry registry;
    private final DistributionSummary fullBytes;
    private final DistributionSummary deltaBytes;
    private final Timer pushToAck;

    public StreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("portico_stream_connected_dataplanes", connected, AtomicInteger::get)
                .description("Data planes with an open snapshot stream").register(registry);
        for (String reason : REFUSALS) { // present from the start, so increase() sees the first refusal
            refusedCounter(reason);
        }
        fullBytes = DistributionSummary.builder("portico_snapshot_bytes").baseUnit("bytes").tag("kind", "snapshot")
                .description("Bytes of each snapshot frame pushed to a data plane").register(registry);
        deltaBytes = DistributionSummary.builder("portico_snapshot_bytes").baseUnit("bytes").tag("kind", "delta")
                .description("Bytes of each delta frame pushed to a data plane").register(registry);
        pushToAck = Timer.builder("portico_stream_push_to_ack").description("From a push to the data plane's ACK")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** Meters that go nowhere, for tests and embedders that do not scrape. */
    public static StreamMetrics discarding() {
        return new StreamMetrics(new SimpleMeterRegistry());
    }

    /** A stream request turned away before it was a stream: {@code unauthorized}, {@code not_found}, ... */
    void refused(String reason) {
        refusedCounter(reason).increment();
    }

    private Counter refusedCounter(String reason) {
        return Counter.builder("portico_stream_refused")
                .description("Stream requests turned away before they were a stream, by reason (unauthorized: a"
                        + " wrong or missing token)")
                .tag("reason", reason).register(registry);
    }

    void connectedDelta(int change) {
        connected.addAndGet(change);
    }

    void pushed(boolean full, int bytes) {
        (full ? fullBytes : deltaBytes).record(bytes);
    }

    void acked(long nanos) {
        pushToAck.record(nanos, TimeUnit.NANOSECONDS);
    }

    public int connected() {
        return connected.get();
    }
}
