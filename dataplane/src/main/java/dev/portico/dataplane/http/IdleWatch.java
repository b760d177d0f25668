package dev.portico.dataplane.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection's idle timeout, kept by {@link Http1RequestGuard} instead of Netty's
 * IdleStateHandler: reads and writes only note the time (no extra pipeline stage, no promise and
 * listener per write); one timer per connection fires at the earliest moment it could be idle and
 * re-arms for the rest. When the connection has been silent both ways for the whole timeout, the
 * same all-idle event IdleStateHandler would send goes up the pipeline, and Vert.x closes the
 * connection as it does for its own idle timeout.
 */
final class IdleWatch {
    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private long lastActivityNanos;

    IdleWatch(long timeoutMs) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    void start(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (timeoutNanos > 0) {
            lastActivityNanos = System.nanoTime();
            schedule(timeoutNanos);
        }
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void schedule(long nanos) {
        timer = ctx.executor().schedule(this::fired, nanos, TimeUnit.NANOSECONDS);
    }

    private void fired() {
        timer = null;
        if (!ctx.channel().isOpen()) {
            return;
        }
        long left = timeoutNanos - (System.nanoTime() - lastActivityNanos);
        if (left > 0) {
            schedule(left);
        } else {
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        }
    }
}
