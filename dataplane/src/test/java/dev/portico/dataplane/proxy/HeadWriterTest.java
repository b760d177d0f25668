package dev.portico.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadWriterTest {
    private static String written(HeadWriter w) {
        ByteBuf buf = w.toBuffer(UnpooledByteBufAllocator.DEFAULT, 0);
        try {
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    @Test
    void numbersAreWrittenAsDecimalDigitsInPlace() {
        HeadWriter w = new HeadWriter();
        for (int v : new int[] {0, 7, 10, 99, 100, 204, 8080, 65535, Integer.MAX_VALUE, -1}) {
            assertThat(written(w.reset().text("n=").number(v).ch(';'))).isEqualTo("n=" + v + ";");
        }
    }

    @Test
    void aHeadLargerThanTheInitialArrayGrowsIt() {
        HeadWriter w = new HeadWriter().reset();
        for (int i = 0; i < 1000; i++) {
            w.number(i).ch(',');
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            expected.append(i).append(',');
        }
        assertThat(written(w)).isEqualTo(expected.toString());
    }

    @Test
    void textFromAStringAndFromOtherCharSequencesIsTheSameLatin1Bytes() {
        String latin1 = "x-t\u00e9st: caf\u00e9 \u00ff\t1";
        HeadWriter w = new HeadWriter();
        String viaString = written(w.reset().text(latin1).crlf());
        String viaBuilder = written(w.reset().text(new StringBuilder(latin1)).crlf());
        assertThat(viaString).isEqualTo(viaBuilder).isEqualTo(latin1 + "\r\n");
        // a char above Latin-1 keeps its low 8 bits either way (values are checked for that earlier, at the edge)
        assertThat(written(w.reset().text("\u0141"))).isEqualTo(written(w.reset().text(new StringBuilder("\u0141"))))
                .isEqualTo("A");
    }
}
