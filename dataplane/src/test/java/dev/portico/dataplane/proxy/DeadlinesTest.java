package dev.portico.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
    private Vertx vertx;
    private Context loop;
    private Deadlines deadlines;

    /** Records when it fired, relative to when it was armed. */
    private static final class Probe extends Deadlines.Entry {
        final List<Long> firedAfterMs = new CopyOnWriteArrayList<>();
        volatile long armedAt;

        @Override
        protected void expired() {
            firedAfterMs.add((System.nanoTime() - armedAt) / 1_000_000);
        }
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
        onLoop(() -> deadlines = new Deadlines(vertx, 1));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private void onLoop(Runnable action) {
        AtomicInteger done = new AtomicInteger();
        loop.runOnContext(v -> {
            action.run();
            done.incrementAndGet();
        });
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> done.get() == 1);
    }

    private void arm(Probe p, long inMs) {
        onLoop(() -> armNow(p, inMs));
    }

    /** Only on the event loop. */
    private void armNow(Probe p, long inMs) {
        p.armedAt = System.nanoTime();
        deadlines.arm(p, p.armedAt + inMs * 1_000_000L);
    }

    @Test
    void aDeadlineFiresOnceAndNeverBeforeItsTime() {
        Probe p = new Probe();
        arm(p, 50);
        await().atMost(Duration.ofSeconds(5)).until(() -> !p.firedAfterMs.isEmpty());
        assertThat(p.firedAfterMs.get(0)).isGreaterThanOrEqualTo(50);
        onLoop(() -> assertThat(p.armed()).isFalse());
        assertThat(p.firedAfterMs).hasSize(1);
    }

    @Test
    void aCancelledDeadlineNeverFires() {
        Probe cancelled = new Probe();
        Probe witness = new Probe();
        onLoop(() -> {
            armNow(cancelled, 20);
            armNow(witness, 60);
            deadlines.cancel(cancelled);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> !witness.firedAfterMs.isEmpty());
        assertThat(cancelled.firedAfterMs).isEmpty();
    }

    @Test
    void reArmingMovesTheDeadlineInsteadOfAddingOne() {
        Probe p = new Probe();
        onLoop(() -> {
            armNow(p, 20);
            armNow(p, 120);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> !p.firedAfterMs.isEmpty());
        assertThat(p.firedAfterMs.get(0)).isGreaterThanOrEqualTo(120);
        Probe witness = new Probe();
        arm(witness, 60);
        await().atMost(Duration.ofSeconds(5)).until(() -> !witness.firedAfterMs.isEmpty());
        assertThat(p.firedAfterMs).hasSize(1);
    }

    @Test
    void deadlinesBeyondOneTurnOfTheWheelWaitForTheirTurn() {
        Probe far = new Probe(); // 512 slots of 1 ms: 700 ms is past the first turn
        Probe near = new Probe();
        onLoop(() -> {
            armNow(far, 700);
            armNow(near, 700 - 512);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> !far.firedAfterMs.isEmpty());
        assertThat(far.firedAfterMs.get(0)).isGreaterThanOrEqualTo(700);
        assertThat(near.firedAfterMs).hasSize(1);
        assertThat(near.firedAfterMs.get(0)).isGreaterThanOrEqualTo(700 - 512);
    }
}
