package dev.portico.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Portico main class run as a real child process with the test JVM's class path, so tests can
 * SIGTERM or SIGKILL it like an orchestrator would. Output goes to a log file.
 */
public final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Path log;
    private final Process process;

    private ChildJvm(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Small-footprint JVM flags for tests: the machine is shared and the tests measure no speed. */
    public static final List<String> TEST_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1");

    public static ChildJvm start(String name, Path dir, String mainClass, List<String> args) {
        return start(name, dir, TEST_JVM_FLAGS, mainClass, args);
    }

    /** Starts {@code mainClass} with these JVM flags (an empty list: the JVM's defaults, as {@code ./portico} runs it). */
    public static ChildJvm start(String name, Path dir, List<String> jvmFlags, String mainClass, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ChildJvm(name, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The last lines of the log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Resident memory as the kernel counts it ({@code VmRSS} of {@code /proc/<pid>/status}), in KiB. */
    public long rssKib() {
        return procStatus("VmRSS:");
    }

    /** The most resident memory it ever had ({@code VmHWM}), in KiB. */
    public long peakRssKib() {
        return procStatus("VmHWM:");
    }

    private long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no " + field + " for " + name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of " + name, e);
        }
    }

    /** SIGKILL: no shutdown hook, no goodbye on any socket. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(10);
    }

    /** SIGTERM: the process drains and exits on its own. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; returns whether it did within the time. */
    public boolean awaitExit(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL if it lingers. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(15)) {
            kill();
        }
    }
}
