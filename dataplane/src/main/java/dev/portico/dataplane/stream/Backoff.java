package dev.portico.dataplane.stream;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the n-th delay is uniform in [0, min(max, initial * 2^n)],
 * so a fleet of data planes that lost the operator at the same moment does not reconnect in step.
 * Not thread-safe; one per client, used on its context.
 */
final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;
    private int failures;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more consecutive failure. */
    long nextDelayMs() {
        long ceiling = ceilingMs(failures);
        failures++;
        // At least 1 ms: a timer of 0 would make a refusing operator a busy loop.
        return Math.max(1, (long) (random.getAsDouble() * (ceiling + 1)));
    }

    /** The upper bound of the delay after {@code failures} consecutive failures. */
    long ceilingMs(int failures) {
        int shift = Math.min(failures, 30);
        long ceiling = initialMs << shift;
        return ceiling <= 0 || ceiling > maxMs ? maxMs : ceiling;
    }

    /** A healthy stream: the next failure starts again from the initial delay. */
    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
