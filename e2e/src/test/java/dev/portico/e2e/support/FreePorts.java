package dev.portico.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports that were free on 127.0.0.1 a moment ago: for processes that must be told their port. Never the same one
 * twice in a test run: the kernel may hand a just-closed port out again at once, and a process told to put two
 * listeners on one port can end up with both on it (Vert.x shares one socket between servers of the same port).
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no loopback port not handed out before in 100 tries");
    }

    /** The first of {@code n} consecutive free ports, for a sandbox whose data planes count their ports up. */
    public static int run(int n) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = next();
            if (first + n - 1 <= 65535 && restFree(first, n)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + n + " consecutive free loopback ports in 100 tries");
    }

    private static boolean restFree(int first, int n) {
        for (int port = first + 1; port < first + n; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                if (!HANDED_OUT.add(port)) {
                    return false;
                }
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
