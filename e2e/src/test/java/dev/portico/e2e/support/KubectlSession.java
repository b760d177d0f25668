package dev.portico.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's real kubectl against one kubeconfig, with its own discovery cache so tests never
 * see each other's. A missing kubectl fails the test; it is never skipped.
 */
public final class KubectlSession {
    private static final Path PREFERRED = Path.of("/usr/bin/kubectl");

    /** What one kubectl call printed and how it ended. */
    public record Result(int exitCode, String out, String err) {
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl exited with " + exitCode + ":\n" + err + out);
            }
            return this;
        }
    }

    private final Path kubeconfig;
    private final Path cacheDir;

    public KubectlSession(Path kubeconfig, Path cacheDir) {
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    public Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs kubectl, writing {@code stdin} to it when not null (for {@code apply -f -}). */
    public Result runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(executable().toString(), "--kubeconfig",
                kubeconfig.toString(), "--cache-dir", cacheDir.toString(), "--request-timeout", "20s"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("kubectl-out", ".txt");
            Path err = Files.createTempFile("kubectl-err", ".txt");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).start();
                try (OutputStream in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running kubectl", e);
        }
    }

    public String apply(String yaml) {
        return runWithInput(yaml, "apply", "-f", "-").assertSuccess().out();
    }

    public static Path executable() {
        if (Files.isExecutable(PREFERRED)) {
            return PREFERRED;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("kubectl is not installed (looked at " + PREFERRED + " and on PATH): "
                + "these tests drive the real kubectl; .ci/run installs it");
    }
}
