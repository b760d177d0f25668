package dev.portico.apiserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The machine's real kubectl, run against one kubeconfig with its own HOME and discovery cache. */
final class Kubectl {

  static final Path BINARY = Path.of("/usr/bin/kubectl");
  private static final long TIMEOUT_SECONDS = 30;

  record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  private final Path kubeconfig;
  private final Path home;

  Kubectl(Path kubeconfig, Path home) {
    assertThat(BINARY).as("kubectl is required for these tests (install it, e.g. via .ci/run)").isExecutable();
    this.kubeconfig = kubeconfig;
    this.home = home;
  }

  Result run(String... args) {
    try {
      Process process = start(args);
      process.getOutputStream().close();
      Path out = Files.createTempFile(home, "out", ".txt");
      Path err = Files.createTempFile(home, "err", ".txt");
      Thread outCopy = copy(process.getInputStream(), out);
      Thread errCopy = copy(process.getErrorStream(), err);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      outCopy.join(5000);
      errCopy.join(5000);
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new AssertionError("kubectl could not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Applies a manifest given as text through stdin. */
  Result applyText(String manifest, String... extraArgs) {
    try {
      Path file = Files.createTempFile(home, "manifest", ".yaml");
      Files.writeString(file, manifest);
      List<String> args = new ArrayList<>(List.of("apply", "-f", file.toString()));
      args.addAll(List.of(extraArgs));
      return run(args.toArray(String[]::new));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Starts a long-running kubectl (such as {@code get -w}); the caller destroys it. */
  Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", home.resolve("cache").toString(), "--request-timeout", "20s"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("KUBECONFIG");
    return builder.start();
  }

  private static Thread copy(java.io.InputStream in, Path file) {
    Thread thread = new Thread(() -> {
      try (in) {
        Files.write(file, in.readAllBytes());
      } catch (IOException ignored) {
        // the process died; whatever was read is what there is
      }
    });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
