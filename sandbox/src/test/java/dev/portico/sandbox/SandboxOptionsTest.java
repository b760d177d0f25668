package dev.portico.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void flagsSetTheirPortsInEitherForm() {
        SandboxOptions o = SandboxOptions.parse("--gateway-port", "18080", "--admin-port=19901", "--dataplanes", "2");
        assertThat(o.gatewayPort()).isEqualTo(18080);
        assertThat(o.adminPort()).isEqualTo(19901);
        assertThat(o.dataplanes()).isEqualTo(2);
    }

    @Test
    void twoListenersOnOnePortAreRefusedNamingBothFlags() {
        assertThatThrownBy(() -> SandboxOptions.parse("--admin-port", "8080"))
                .hasMessage("--admin-port and --gateway-port are both port 8080; give each listener its own");
        // the second data plane's traffic port (8081) would be the first one's admin port
        assertThatThrownBy(() -> SandboxOptions.parse("--admin-port", "8081", "--dataplanes", "2"))
                .hasMessage("--gateway-port + 1 and --admin-port are both port 8081; give each listener its own");
        assertThatThrownBy(() -> SandboxOptions.parse("--api-port", "18000"))
                .hasMessage("--stream-port and --api-port are both port 18000; give each listener its own");
    }

    @Test
    void freePortsNeverCollide() {
        assertThat(SandboxOptions.parse("--gateway-port", "0", "--admin-port", "0", "--stream-port", "0").adminPort())
                .isZero();
    }

    @Test
    void aPortAnotherProcessListensOnIsNamedWithItsFlag() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            SandboxOptions o = SandboxOptions.parse("--gateway-port", String.valueOf(port), "--api-port", "0",
                    "--admin-port", "0", "--stream-port", "0");
            assertThatThrownBy(o::checkPortsFree).hasMessage("port " + port + " (--gateway-port) is in use by another "
                    + "process: stop it, or choose another port with --gateway-port N");
        }
    }

    @Test
    void onlyTheListenersThatWillRunAreChecked() {
        assertThat(SandboxOptions.parse("--no-operator", "--no-dataplane").listeners())
                .extracting(SandboxOptions.Listener::flag).containsExactly("--api-port");
        assertThat(SandboxOptions.parse("--dataplanes", "2").listeners()).extracting(SandboxOptions.Listener::port)
                .containsExactly(6443, 18000, 8080, 9901, 8443, 8081, 9902, 8444);
        // the second data plane's ports are named after the flags they count up from
        assertThat(SandboxOptions.parse("--dataplanes", "2").listeners()).extracting(SandboxOptions.Listener::flag)
                .containsExactly("--api-port", "--stream-port", "--gateway-port", "--admin-port", "--https-port",
                        "--gateway-port + 1", "--admin-port + 1", "--https-port + 1");
        assertThat(SandboxOptions.parse("--https-port", "0").listeners()).extracting(SandboxOptions.Listener::flag)
                .containsExactly("--api-port", "--stream-port", "--gateway-port", "--admin-port");
    }

    @Test
    void theDataPlanesListenOnLoopbackUnlessAskedForMore() {
        assertThat(SandboxOptions.parse("--https-port", "0").listeners())
                .extracting(SandboxOptions.Listener::flag, SandboxOptions.Listener::host)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("--api-port", "127.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("--stream-port", "127.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("--gateway-port", "127.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("--admin-port", "127.0.0.1"));
        assertThat(SandboxOptions.parse("--host", "0.0.0.0").listeners()).filteredOn(l -> !l.setBy().equals("--api-port")
                && !l.setBy().equals("--stream-port")).extracting(SandboxOptions.Listener::host).containsOnly("0.0.0.0");
        assertThatThrownBy(() -> SandboxOptions.parse("--host", "every interface"))
                .hasMessage("--host needs an address like 127.0.0.1 or 0.0.0.0, not 'every interface'");
    }

    @Test
    void redisIsPassedOnOnlyAsAUrl() {
        assertThat(SandboxOptions.parse().redis()).isNull();
        assertThat(SandboxOptions.parse("--redis", "redis://127.0.0.1:6379").redis()).isEqualTo("redis://127.0.0.1:6379");
        assertThatThrownBy(() -> SandboxOptions.parse("--redis", "127.0.0.1:6379"))
                .hasMessage("--redis needs a URL like redis://127.0.0.1:6379, not '127.0.0.1:6379'");
    }
}
