package dev.portico.e2e.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real redis-server on 127.0.0.1 and a free port, without persistence. Fails loudly when redis-server is not
 * installed ({@code .ci/run} installs it).
 */
public final class RedisProcess implements AutoCloseable {
    private final int port;
    private final Process process;

    private RedisProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static RedisProcess start(Path dir) throws IOException {
        int port = FreePorts.next();
        Files.createDirectories(dir);
        Process process;
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is required (apt-get install redis-server; .ci/run "
                    + "installs it): " + e.getMessage(), e);
        }
        RedisProcess redis = new RedisProcess(port, process);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(redis::listens);
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private boolean listens() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
