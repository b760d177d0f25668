package dev.portico.snapshot.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortProbeTest {

    @Test
    void aPortAnotherListenerHoldsIsNamedWithTheFlagThatChoseIt() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            // the data plane listens on every address by default: a loopback listener on the port is in the way too
            assertThatThrownBy(() -> PortProbe.requireFree("0.0.0.0", port, "--port"))
                    .hasMessage("port " + port + " (--port) is in use by another process: stop it, or choose another "
                            + "port with --port N");
            assertThatThrownBy(() -> PortProbe.requireFree("0.0.0.0", port, "--gateway-port + 1", "--gateway-port"))
                    .hasMessage("port " + port + " (--gateway-port + 1) is in use by another process: stop it, or "
                            + "choose another port with --gateway-port N");
        }
    }

    @Test
    void aFreePortAndPortZeroPass() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int free = port;
        assertThatCode(() -> PortProbe.requireFree("127.0.0.1", free, "--admin-port")).doesNotThrowAnyException();
        assertThatCode(() -> PortProbe.requireFree("127.0.0.1", 0, "--admin-port")).doesNotThrowAnyException();
    }
}
