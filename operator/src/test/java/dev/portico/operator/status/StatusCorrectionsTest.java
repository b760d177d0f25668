package dev.portico.operator.status;

import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.resolve.ObjectRef;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCorrectionsTest {
    private static final ObjectRef SHOP = new ObjectRef("shop", "users");

    private final MutableClock clock = new MutableClock();
    private final OperatorMetrics.Corrections counters = OperatorMetrics.discarding().statusCorrections("GatewayRoute");
    private final StatusCorrections corrections = new StatusCorrections("GatewayRoute", clock, counters);

    @Test
    void theEchoOfOwnWritesIsNoCorrectionEvenWhenItArrivesAfterANewerWrite() {
        corrections.wrote(SHOP, "programmed 1/2");
        corrections.wrote(SHOP, "programmed 2/2");

        assertThat(corrections.overwritten(SHOP, "programmed 0/2", "programmed 1/2", () -> "programmed 2/2"))
                .isFalse();
        assertThat(corrections.overwritten(SHOP, "programmed 1/2", "programmed 2/2", () -> "programmed 2/2"))
                .isFalse();
        assertThat(corrections.writeAllowedIn(SHOP)).isZero();
    }

    @Test
    void anotherClientsStatusIsACorrectionOnlyWhenItIsNotWhatTheOperatorWants() {
        corrections.wrote(SHOP, "programmed 1/1");

        assertThat(corrections.overwritten(SHOP, "programmed 1/1", "programmed 1/1 by hand",
                () -> "programmed 1/1 by hand"))
                .as("someone wrote what the operator would write").isFalse();
        assertThat(corrections.overwritten(SHOP, "programmed 1/1", "not programmed 0/0", () -> null))
                .as("the operator has nothing to say yet").isFalse();
        assertThat(corrections.overwritten(SHOP, "programmed 1/1", "not programmed 0/0", () -> "programmed 1/1"))
                .isTrue();
    }

    @Test
    void aFightIsGivenUpForTheRestOfTheWindowAfterFiveCorrections() {
        for (int i = 0; i < StatusCorrections.PER_WINDOW; i++) {
            assertThat(corrections.overwritten(SHOP, "ours", "theirs " + i, () -> "ours")).isTrue();
            assertThat(corrections.writeAllowedIn(SHOP)).as("correction %d", i + 1).isZero();
            corrections.wrote(SHOP, "ours");
            clock.advance(Duration.ofSeconds(1));
        }
        corrections.overwritten(SHOP, "ours", "theirs again", () -> "ours");

        assertThat(corrections.writeAllowedIn(SHOP)).isEqualTo(Duration.ofSeconds(55));
        assertThat(counters.corrected().count()).isEqualTo(StatusCorrections.PER_WINDOW);
        assertThat(counters.heldBack().count()).isEqualTo(1);
        assertThat(corrections.writeAllowedIn(new ObjectRef("shop", "orders"))).as("other objects").isZero();

        clock.advance(Duration.ofSeconds(55));
        assertThat(corrections.writeAllowedIn(SHOP)).as("a new window").isZero();
    }

    @Test
    void ordinaryWritesWithoutAnotherClientAreNeverHeldBack() {
        for (int i = 0; i < 50; i++) {
            corrections.wrote(SHOP, "version " + i);
            String next = "version " + (i + 1);
            assertThat(corrections.overwritten(SHOP, "version " + (i - 1), "version " + i, () -> next))
                    .as("the echo of write %d, the operator already wanting the next", i).isFalse();
            assertThat(corrections.writeAllowedIn(SHOP)).isZero();
        }
    }

    @Test
    void objectsNoLongerWrittenAreForgotten() {
        ObjectRef deleted = new ObjectRef("shop", "deleted-meanwhile");
        corrections.wrote(deleted, "ours");
        corrections.overwritten(deleted, "ours", "theirs", () -> "ours");
        assertThat(corrections.remembered()).isEqualTo(1);

        clock.advance(StatusCorrections.WINDOW.multipliedBy(2));
        corrections.wrote(SHOP, "a write to another object sweeps");

        assertThat(corrections.remembered()).as("only " + SHOP + " is left").isEqualTo(1);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-27T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
