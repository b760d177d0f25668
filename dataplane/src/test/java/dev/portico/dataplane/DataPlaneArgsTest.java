package dev.portico.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.dataplane.http.GuardLimits;
import dev.portico.dataplane.http.TransportChoice;
import dev.portico.dataplane.tls.TlsFiles;
import dev.portico.dataplane.tls.TlsListener;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataPlaneArgsTest {
    private static DataPlaneArgs parse(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "--snapshot-file";
        args[1] = "snapshot.json";
        System.arraycopy(extra, 0, args, 2, extra.length);
        return DataPlaneArgs.parse(args);
    }

    @Test
    void edgeLimitsDefaultToHardeningMd() {
        assertThat(parse().edge()).isEqualTo(GuardLimits.DEFAULTS);
        assertThat(GuardLimits.DEFAULTS).isEqualTo(new GuardLimits(60 * 1024, 100, 10_000, 300_000));
    }

    @Test
    void edgeLimitsAreSetByTheirFlagsInEitherForm() {
        DataPlaneArgs a = parse("--max-header-bytes", "8192", "--max-headers=20",
                "--request-headers-timeout-ms", "2500", "--idle-timeout-ms=0");
        assertThat(a.edge()).isEqualTo(new GuardLimits(8192, 20, 2500, 0));
    }

    @Test
    void anEdgeLimitOutOfRangeNamesItsFlag() {
        assertThatThrownBy(() -> parse("--max-headers", "0"))
                .hasMessage("--max-headers must be between 1 and 10000, got 0");
        assertThatThrownBy(() -> parse("--request-headers-timeout-ms", "-1"))
                .hasMessageStartingWith("--request-headers-timeout-ms must be between 0 and");
        assertThatThrownBy(() -> parse("--max-header-bytes", "lots"))
                .hasMessage("--max-header-bytes must be a number, got 'lots'");
    }

    @Test
    void theConnectionRehearsalIsOnByDefaultAndCanBeTurnedOff() {
        assertThat(parse().warmupConnections()).isEqualTo(16_000);
        assertThat(parse("--warmup-connections", "0").warmupConnections()).isZero();
        assertThatThrownBy(() -> parse("--warmup-connections", "-5"))
                .hasMessage("--warmup-connections must be between 0 and 1000000, got -5");
    }

    @Test
    void theAdminPortMustNotBeTheTrafficPort() {
        assertThatThrownBy(() -> parse("--port", "18080", "--admin-port", "18080"))
                .hasMessage("--port and --admin-port must differ, both are 18080");
        assertThat(parse("--port", "0", "--admin-port", "0").adminPort()).isZero();
    }

    @Test
    void aTlsListenerNeedsBothFilesAndAPortOfItsOwn() {
        assertThat(parse().tls()).isNull();
        assertThat(parse("--tls-port", "0", "--tls-cert-file", "tls.crt", "--tls-key-file", "tls.key").tls()).isNull();
        assertThat(parse("--tls-port", "8443", "--tls-cert-file", "tls.crt", "--tls-key-file=tls.key").tls())
                .isEqualTo(new TlsListener(8443, new TlsFiles(Path.of("tls.crt"), Path.of("tls.key"))));
        assertThatThrownBy(() -> parse("--tls-port", "8443", "--tls-cert-file", "tls.crt"))
                .hasMessage("--tls-key-file is required with --tls-port");
        assertThatThrownBy(() -> parse("--tls-port", "8443", "--tls-key-file", "tls.key"))
                .hasMessage("--tls-cert-file is required with --tls-port");
        assertThatThrownBy(() -> parse("--tls-port", "8080", "--tls-cert-file", "tls.crt", "--tls-key-file", "tls.key"))
                .hasMessage("--tls-port must differ from --port and --admin-port, got 8080");
    }

    @Test
    void theAccessLogIsOffUnlessAskedFor() {
        assertThat(parse().accessLog()).isNull();
        assertThat(parse("--access-log", "off").accessLog()).isNull();
        assertThat(parse("--access-log", "stdout").accessLog()).isEqualTo("stdout");
        assertThat(parse("--access-log=/var/log/portico/access.log").accessLog()).isEqualTo("/var/log/portico/access.log");
    }

    @Test
    void theAccessLogSampleIsAShareOfSuccessfulRequests() {
        assertThat(parse().accessLogSample()).isEqualTo(1.0);
        assertThat(parse("--access-log-sample", "0.05").accessLogSample()).isEqualTo(0.05);
        assertThat(parse("--access-log-sample=5%").accessLogSample()).isEqualTo(0.05);
        assertThat(parse("--access-log-sample", "0").accessLogSample()).isZero();
        assertThatThrownBy(() -> parse("--access-log-sample", "1.5"))
                .hasMessage("--access-log-sample must be from 0 to 1 (or 0% to 100%), got 1.5");
        assertThatThrownBy(() -> parse("--access-log-sample", "NaN"))
                .hasMessage("--access-log-sample must be from 0 to 1 (or 0% to 100%), got NaN");
        assertThatThrownBy(() -> parse("--access-log-sample", "some"))
                .hasMessage("--access-log-sample must be a share from 0 to 1 (or 0% to 100%), got 'some'");
    }

    @Test
    void theTransportIsAutoUnlessNamed() {
        assertThat(parse().transport()).isEqualTo(TransportChoice.AUTO);
        assertThat(parse("--transport", "epoll").transport()).isEqualTo(TransportChoice.EPOLL);
        assertThat(parse("--transport=io_uring").transport()).isEqualTo(TransportChoice.IO_URING);
        assertThatThrownBy(() -> parse("--transport", "kqueue"))
                .hasMessage("--transport must be one of auto, io_uring, epoll, nio, got 'kqueue'");
    }

    @Test
    void moreCertificatesComeAsMorePairsInOrder() {
        assertThat(parse("--tls-port", "8443", "--tls-cert-file", "shop/tls.crt", "--tls-key-file", "shop/tls.key",
                "--tls-cert-file", "api/tls.crt", "--tls-key-file", "api/tls.key").tls().certificates())
                .containsExactly(new TlsFiles(Path.of("shop/tls.crt"), Path.of("shop/tls.key")),
                        new TlsFiles(Path.of("api/tls.crt"), Path.of("api/tls.key")));
        assertThatThrownBy(() -> parse("--tls-port", "8443", "--tls-cert-file", "shop/tls.crt", "--tls-key-file",
                "shop/tls.key", "--tls-cert-file", "api/tls.crt"))
                .hasMessage("--tls-cert-file and --tls-key-file come in pairs, got 2 and 1");
    }
}
