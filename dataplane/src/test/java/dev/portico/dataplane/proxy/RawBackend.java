package dev.portico.dataplane.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream written against the socket, for answers a well-behaved server never gives: one
 * thread per connection, each request handed to {@link Answer}. Counts the connections it accepted.
 */
final class RawBackend implements AutoCloseable {
    /** Answers one request (head read, body not yet); returns false to close the connection after it. */
    interface Answer {
        boolean answer(RawHttp.Message request, InputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger connections = new AtomicInteger();

    RawBackend(Answer answer) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    threads.execute(() -> serve(s, answer));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    private static void serve(Socket s, Answer answer) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (RawHttp.Message req = RawHttp.head(in); req != null; req = RawHttp.head(in)) {
                if (!answer.answer(req, in, out)) {
                    return;
                }
                out.flush();
            }
        } catch (IOException e) {
            // the gateway went away: nothing to answer
        }
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
