package dev.portico.operator.watch;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run is slow by its own phases; the deliberate start-up work after the first world is shown apart. */
class SlowRunReportTest {
    // the sandbox's start-up: 456 ms in all, 435 of them the change rehearsal
    private static final List<RunClock.Phase> STARTUP = List.of(own("whole translation", 11.2), own("publish", 7.6),
            own("status board", 0.4), startup("startup self-check", 0.7), startup("change rehearsal", 435.1));

    @Test
    void aStartupWhoseRehearsalOutlastsTheThresholdIsNotSlow() {
        assertThat(SlowRunReport.slow(STARTUP, 100)).isFalse();
        assertThat(SlowRunReport.slow(STARTUP, 0)).isTrue(); // -Dportico.slowTranslationMillis=0: every run
    }

    @Test
    void aRunIsSlowByTheSumOfItsOwnPhases() {
        assertThat(SlowRunReport.slow(List.of(own("read caches", 40), own("splice", 45), own("publish", 15)), 100))
                .isTrue();
        assertThat(SlowRunReport.slow(List.of(own("whole translation", 130), startup("change rehearsal", 400)), 100))
                .isTrue();
        assertThat(SlowRunReport.slow(List.of(own("read caches", 40), own("splice", 45)), 100)).isFalse();
    }

    @Test
    void theStartupWorkIsDescribedAfterTheRunsOwnPhases() {
        assertThat(RunClock.describe(STARTUP)).startsWith("whole translation 11.2 ms")
                .contains(", publish 7.6 ms", ", status board 0.4 ms",
                        "; then start-up work, not counted: startup self-check 0.7 ms", ", change rehearsal 435.1 ms");
    }

    private static RunClock.Phase own(String name, double millis) {
        return new RunClock.Phase(name, (long) (millis * 1e6), 0, false);
    }

    private static RunClock.Phase startup(String name, double millis) {
        return new RunClock.Phase(name, (long) (millis * 1e6), 0, true);
    }
}
