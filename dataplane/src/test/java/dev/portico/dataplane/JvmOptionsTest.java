package dev.portico.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {
    /**
     * Unsafe memory access is allowed in the shipped flags, by the system property every JDK accepts (JDK 17 refuses
     * the {@code --sun-misc-unsafe-memory-access} flag; JDK 24+ needs one or the other, or Netty goes without Unsafe).
     */
    @Test
    void unsafeMemoryAccessIsAllowedByAPropertyEveryJdkAccepts() {
        assertThat(JvmOptions.dataPlane()).contains("-Dsun.misc.unsafe.memory.access=allow")
                .doesNotContain("--sun-misc-unsafe-memory-access=allow");
    }

    /** This JDK (the build runs on 17 and 25) starts with the shipped flags, warns of nothing, and Netty has Unsafe. */
    @Test
    void theFlagsForThisJdkAreAcceptedByIt() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.dataPlane());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NettyUnsafeProbe.class.getName()));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertThat(java.waitFor()).as(output).isZero();
        assertThat(output).doesNotContain("WARNING").contains("netty unsafe: true");
    }
}
