package dev.portico.dataplane.stream;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void ceilingDoublesFromTheInitialDelayUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 1.0);

        assertThat(java.util.stream.IntStream.range(0, 9).mapToLong(i -> backoff.nextDelayMs()).toArray())
                .containsExactly(101, 201, 401, 801, 1601, 3201, 5001, 5001, 5001);
    }

    @Test
    void fullJitterDrawsAnywhereBelowTheCeilingButNeverZero() {
        Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.0);
        Backoff half = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.5);

        assertThat(low.nextDelayMs()).isEqualTo(1);
        half.nextDelayMs();
        assertThat(half.nextDelayMs()).isEqualTo(100);
    }

    @Test
    void resetStartsAgainFromTheInitialCeiling() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 1.0);
        for (int i = 0; i < 40; i++) {
            backoff.nextDelayMs();
        }

        backoff.reset();

        assertThat(backoff.nextDelayMs()).isEqualTo(101);
    }
}
