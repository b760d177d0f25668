package dev.portico.e2e.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./portico operator} with a cluster it cannot use: one line naming the problem and a non-zero exit, at once. */
class OperatorRefusalsTest {
    @TempDir
    Path dir;

    private record Outcome(int exit, String output) {
    }

    @Test
    void aKubeconfigThatCannotBeReadIsNamed() throws Exception {
        Outcome outcome = operator("--kubeconfig", dir.resolve("missing.yaml").toString());
        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.output()).contains("portico operator: --kubeconfig " + dir.resolve("missing.yaml")
                + " cannot be read").doesNotContain("Exception");
    }

    @Test
    void aMalformedKubeconfigIsNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "garbage: [\n");
        Outcome outcome = operator("--kubeconfig", bad.toString());
        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.output()).contains("portico operator: --kubeconfig " + bad + " is not a usable kubeconfig: ")
                .doesNotContain("Exception");
    }

    @Test
    void anApiNobodyAnswersIsNamedInsteadOfWaitingForTheLeaseInSilence() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(closed));
        Outcome outcome = operator("--kubeconfig", kubeconfig.toString());
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.output()).contains("portico operator: cannot reach the Kubernetes API at http://127.0.0.1:"
                + closed);
    }

    private Outcome operator(String... args) throws IOException, InterruptedException {
        Path token = Files.writeString(dir.resolve("token"), "refusals-token");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classPath, "dev.portico.operator.OperatorMain", "--token-file", token.toString(),
                "--stream-port", "0", "--metrics-port", "0"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the operator did not exit within 60 s:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new Outcome(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
