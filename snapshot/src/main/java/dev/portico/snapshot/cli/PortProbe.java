package dev.portico.snapshot.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether another process already listens on a port a listener is about to take, asked before anything starts so
 * the answer can name the flag that chose the port (a failed bind deep in start-up says only "Address already in
 * use"). A probe, not a reservation: the port is free again when this returns.
 */
public final class PortProbe {
    private PortProbe() {
    }

    /**
     * @param flag the command-line flag that chose {@code port}, for the message
     * @throws IllegalArgumentException when {@code host:port} cannot be bound
     */
    public static void requireFree(String host, int port, String flag) {
        requireFree(host, port, flag, flag);
    }

    /** As {@link #requireFree(String, int, String)}, for a port derived from a flag's ({@code --gateway-port + 1}). */
    public static void requireFree(String host, int port, String derivedFrom, String flag) {
        if (port == 0) {
            return; // a free one, picked when it binds
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalArgumentException("port " + port + " (" + derivedFrom + ") is in use by another process: "
                    + "stop it, or choose another port with " + flag + " N");
        }
    }
}
