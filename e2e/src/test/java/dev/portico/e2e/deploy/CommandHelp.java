package dev.portico.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The usage text a component's main class prints for {@code --help}, from a real JVM on the test class path. */
final class CommandHelp {
    private CommandHelp() {
    }

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    static String of(String mainClass) {
        return CACHE.computeIfAbsent(mainClass, CommandHelp::run);
    }

    private static String run(String mainClass) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-cp", classPath, mainClass, "--help");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(mainClass + " --help did not finish in 60 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            // a command that does not know --help still prints its usage on refusing it: that text is enough here
            if (process.exitValue() != 0 && !text.toLowerCase(Locale.ROOT).contains("usage")) {
                throw new AssertionError(mainClass + " --help exited with " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + mainClass + " --help", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
