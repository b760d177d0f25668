package dev.portico.snapshot.stream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDecoderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void headerIsFlagThenBigEndianLength() {
        byte[] framed = FrameCodec.frame(bytes("hello"));
        assertThat(Arrays.copyOf(framed, 5)).containsExactly(0, 0, 0, 0, 5);
    }

    @Test
    void aFrameSplitAcrossChunksIsReassembled() {
        byte[] framed = FrameCodec.frame(bytes("{\"type\":\"ack\",\"version\":7}"));
        FrameDecoder decoder = new FrameDecoder();
        for (int i = 0; i < framed.length - 1; i++) {
            assertThat(decoder.feed(new byte[] {framed[i]})).isEmpty();
        }
        List<byte[]> frames = decoder.feed(new byte[] {framed[framed.length - 1]});
        assertThat(frames).hasSize(1);
        assertThat(FrameCodec.decode(frames.get(0))).isEqualTo(new StreamMessage.Ack(7, null));
        assertThat(decoder.buffered()).isZero();
    }

    @Test
    void severalFramesInOneChunkComeOutInOrder() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(FrameCodec.encode(new StreamMessage.Ack(1, "h1")));
        out.writeBytes(FrameCodec.encode(new StreamMessage.Nack(2, "bad regex")));
        byte[] third = FrameCodec.encode(new StreamMessage.Heartbeat(5, 1000));
        out.write(third, 0, 3);
        FrameDecoder decoder = new FrameDecoder();

        List<byte[]> frames = decoder.feed(out.toByteArray());

        assertThat(frames).extracting(FrameCodec::decode)
                .containsExactly(new StreamMessage.Ack(1, "h1"), new StreamMessage.Nack(2, "bad regex"));
        assertThat(decoder.buffered()).isEqualTo(3);
        assertThat(decoder.feed(Arrays.copyOfRange(third, 3, third.length))).extracting(FrameCodec::decode)
                .containsExactly(new StreamMessage.Heartbeat(5, 1000));
    }

    @Test
    void anOversizeFrameIsRefusedBeforeItsBodyArrives() {
        FrameDecoder decoder = new FrameDecoder(1024);
        byte[] header = {0, 0, 0, 4, 1};
        assertThatThrownBy(() -> decoder.feed(header)).isInstanceOf(FrameDecoder.FrameException.class)
                .hasMessageContaining("1025 bytes exceeds the limit of 1024");
    }

    @Test
    void compressedFramesAreRefused() {
        assertThatThrownBy(() -> new FrameDecoder().feed(new byte[] {1, 0, 0, 0, 0}))
                .isInstanceOf(FrameDecoder.FrameException.class).hasMessageContaining("flag 1");
    }

    @Test
    void everyMessageTypeRoundTrips() {
        List<StreamMessage> messages = List.of(
                new StreamMessage.Hello("node-a", "default", 57, "abc", true),
                new StreamMessage.Ack(57, "abc"),
                new StreamMessage.Nack(58, "regex does not compile"),
                StreamMessage.SnapshotMessage.of(dev.portico.snapshot.Snapshot.empty("default")),
                new StreamMessage.DeltaMessage(new dev.portico.snapshot.Delta(1, 2, "h", null, List.of("a/b"), null,
                        null)),
                new StreamMessage.Heartbeat(123, 5000),
                new StreamMessage.JwksHealth(List.of(new StreamMessage.JwksFailure("https://id.example/jwks.json", 0,
                        "Connection refused"))),
                new StreamMessage.JwksHealth(List.of()),
                new StreamMessage.RedisHealth("Connection refused"),
                new StreamMessage.RedisHealth(null));
        FrameDecoder decoder = new FrameDecoder();
        for (StreamMessage message : messages) {
            List<byte[]> frames = decoder.feed(FrameCodec.encode(message));
            assertThat(frames).hasSize(1);
            assertThat(FrameCodec.decode(frames.get(0))).isEqualTo(message);
        }
    }

    @Test
    void aMessageOfATypeThisBuildDoesNotKnowIsUnrecognizedAndOneWithoutATypeIsRefused() {
        assertThat(FrameCodec.decode("{\"type\":\"from-the-future\",\"x\":[1,2]}".getBytes()))
                .isEqualTo(new StreamMessage.Unrecognized("from-the-future"));
        assertThatThrownBy(() -> FrameCodec.decode("{\"version\":3}".getBytes()))
                .isInstanceOf(dev.portico.snapshot.codec.SnapshotDecodingException.class);
    }

    @Test
    void aHelloFromADataPlaneThatPredatesGlobalRateLimitsReadsAsWithout() {
        byte[] json = "{\"type\":\"hello\",\"node\":\"n\",\"gateway\":\"g\",\"lastVersion\":3,\"lastHash\":\"h\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(FrameCodec.decode(json)).isEqualTo(new StreamMessage.Hello("n", "g", 3, "h", false));
    }
}
