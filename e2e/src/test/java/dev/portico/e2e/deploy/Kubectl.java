package dev.portico.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The machine's real kubectl, run as a process; a missing kubectl fails the check, never skips it. */
final class Kubectl {
    private Kubectl() {
    }

    /** Runs kubectl with the given environment additions and returns its standard output. */
    static String run(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(args));
        try {
            Path stdout = Files.createTempFile("kubectl-out", ".txt");
            Path stderr = Files.createTempFile("kubectl-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(Repo.path(".").toFile())
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 120 s");
                }
                String out = Files.readString(stdout, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl " + String.join(" ", args) + " exited with "
                            + process.exitValue() + ":\n" + Files.readString(stderr, StandardCharsets.UTF_8) + out);
                }
                return out;
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** {@code kubectl kustomize <dir>}: the dir is relative to the repository root. */
    static String kustomize(String dir) {
        return run(Map.of(), "kustomize", Repo.path(dir).toString());
    }

    static Path executable() {
        return dev.portico.e2e.support.KubectlSession.executable();
    }
}
