package dev.portico.dataplane.http;

import io.netty.buffer.ByteBuf;

/**
 * The edge guard refused a request on a connection whose next stage answers requests in order: that
 * stage writes {@code answer} and closes once every request before the refused one is answered, so a
 * client that pipelined gets its earlier answers first and the refusal where the refused request's
 * answer belongs (written at once by the guard, it would overtake them and be taken for theirs).
 */
public record OrderedRefusal(ByteBuf answer) {
}
