package dev.portico.sandbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** {@code ./portico sandbox}: starts everything, prints where it is, runs until Ctrl-C. */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(args);
            if (!options.help()) {
                options.checkPortsFree();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("portico sandbox: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(SandboxOptions.USAGE);
            return;
        }
        long begin = System.nanoTime();
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(options);
        } catch (Exception e) {
            System.err.println("portico sandbox: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nportico sandbox: stopping ...");
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));

        boolean ready = sandbox.awaitReady(Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        System.out.print(Banner.render(sandbox, ready, took));
        System.out.flush();
        stopped.await();
    }
}
