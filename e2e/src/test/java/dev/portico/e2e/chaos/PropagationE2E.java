package dev.portico.e2e.chaos;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Propagation with 10 routes installed: 50 new routes, each applied with the real kubectl, each timed
 * from kubectl's return to its first 200 through the gateway. The 5,000-route figures come from
 * {@code bench/propagation/run.sh} ({@link PropagationBench}), not from this suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PropagationE2E {
    static final int INSTALLED = 10;
    static final int TRIALS = 50;
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(1);

    @TempDir
    static Path dir;

    private ChaosBed bed;

    @BeforeAll
    void start() throws Exception {
        bed = ChaosBed.start(dir, 1, List.of());
        bed.service("prop", bed.backend("prop-1"));
        PropagationTrials.installBackground(bed, INSTALLED);
        bed.awaitProgrammed("bg-" + (INSTALLED - 1), ChaosBed.STARTUP);
    }

    @AfterAll
    void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void everyNewRouteServesWithinASecondOfKubectlApplyReturning() {
        ChangeClock clock = PropagationTrials.run(bed, bed.gatewayUrls(), "prop", TRIALS, PropagationTrials.Via.KUBECTL);

        System.out.printf("propagation with %d routes installed, kubectl apply → first 200: %s%n", INSTALLED,
                clock.summary());
        assertThat(clock.samples()).hasSize(TRIALS).doesNotContain(-1L);
        assertThat(clock.max()).as("slowest new route to serve (ms): %s", clock.summary())
                .isLessThanOrEqualTo(VISIBLE_WITHIN.toMillis());
    }
}
