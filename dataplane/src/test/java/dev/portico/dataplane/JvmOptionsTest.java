package dev.portico.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmOptionsTest {
    @Test
    void unsafeMemoryAccessIsAllowedOnlyWhereTheFlagExists() {
        assertThat(JvmOptions.forJdk(Runtime.Version.parse("17.0.15"))).isEmpty();
        assertThat(JvmOptions.forJdk(Runtime.Version.parse("21.0.1"))).isEmpty();
        assertThat(JvmOptions.forJdk(Runtime.Version.parse("24"))).containsExactly("--sun-misc-unsafe-memory-access=allow");
        assertThat(JvmOptions.forJdk(Runtime.Version.parse("25.0.3"))).containsExactly("--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void theFlagsForThisJdkAreAcceptedByIt() throws Exception {
        var command = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.dataPlane());
        command.addAll(JvmOptions.forJdk(Runtime.version()));
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertThat(java.waitFor()).as(output).isZero();
        assertThat(output).doesNotContain("WARNING");
    }
}
