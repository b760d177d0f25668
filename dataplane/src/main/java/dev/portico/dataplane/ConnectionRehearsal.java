package dev.portico.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens and closes loopback connections to the gateway's own listener at start-up, before the data plane reports
 * ready: no request, only the client's end of input (or, one in ten, a reset), so the server runs its whole
 * connection path (accept, the pipeline Vert.x and the edge guard set up, the close) and nothing else — no route,
 * metric of requests or log.
 *
 * <p>Why: the data plane's JVM compiles with C2 only (see {@code dataplane-jvm.options}), which compiles a method
 * after about 10,000 calls and interprets it until then. The request path gets there in a fraction of a second
 * of traffic; the connection path only after 10,000 connections, so without this the first clients' connections
 * are set up by the interpreter: 50 fresh connections took 7-11 ms to be answered against nginx's 2 ms, and a
 * burst of them stalls the requests of every other connection while it lasts (bench/results/connection-burst.md).
 */
final class ConnectionRehearsal {
    /**
     * Past the compile threshold of every method a connection runs: 6,000 left the path half compiled, and at 12,000
     * Vert.x's connection initializers were queued for C2 only at the 12,160th connection (counts also decay with
     * time), so they compiled later, under the first clients' load.
     */
    static final int DEFAULT_CONNECTIONS = 16_000;
    /** Connected before the first is closed, as a burst of clients would: the accept loop takes several per turn. */
    private static final int AT_ONCE = 50;
    private static final int TIMEOUT_MS = 5_000;
    /** One connection in this many is reset instead of closed, as some clients do (see {@link #reset}). */
    private static final int RESET_EVERY = 10;

    private ConnectionRehearsal() {
    }

    /**
     * Blocks until {@code connections} connections to {@code address} were opened and closed by the server, or
     * one failed.
     *
     * @return how many went through
     * @throws IOException the first failure, with how many had gone through
     */
    static int run(InetSocketAddress address, int connections) throws IOException {
        int done = 0;
        List<Socket> open = new ArrayList<>(AT_ONCE);
        try {
            while (done < connections) {
                int batch = Math.min(AT_ONCE, connections - done);
                for (int i = 0; i < batch; i++) {
                    Socket s = new Socket();
                    open.add(s);
                    s.connect(address, TIMEOUT_MS);
                    s.setSoTimeout(TIMEOUT_MS);
                }
                for (Socket s : open) {
                    if (done % RESET_EVERY == 0) {
                        reset(s);
                    } else {
                        closedByServer(s);
                    }
                    done++;
                }
                open.clear();
            }
            return done;
        } catch (IOException e) {
            throw new IOException("connection " + (done + 1) + " of the start-up rehearsal: " + e.getMessage(), e);
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    /**
     * Ends the connection with a reset. The server's next read fails ({@code ECONNRESET}): without one during the
     * rehearsal, the read loop is compiled with that error path never run, and the first client that resets
     * later throws the compiled loop away ("unloaded" trap in Netty's {@code Socket.recvAddress}), so every read
     * runs interpreted until it is compiled again.
     */
    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    /** Says it has nothing to send and waits for the server to close; then drops the socket without TIME_WAIT. */
    private static void closedByServer(Socket s) throws IOException {
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        byte[] sink = new byte[256];
        while (in.read(sink) >= 0) {
            // a gateway sends nothing to a client that sent nothing; read to the end either way
        }
        s.setSoLinger(true, 0);
        s.close();
    }
}
