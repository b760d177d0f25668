package dev.portico.operator;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorCommandLineTest {

    @Test
    void defaultsFollowTheCommandLineContract() {
        OperatorCommandLine line = OperatorCommandLine.parse(new String[] {"--token-file", "/run/token"});
        assertThat(line.streamPort()).isEqualTo(18000);
        assertThat(line.metricsPort()).isEqualTo(8081);
        assertThat(line.tokenFile()).isEqualTo(Path.of("/run/token"));
        assertThat(line.kubeconfig()).isNull();
        assertThat(line.leaderElection()).as("on everywhere: an operator run by hand must not fight the installed one")
                .isTrue();
        assertThat(line.leaseNamespace()).isNull();
    }

    @Test
    void everyFlagIsReadInBothSpellings() {
        OperatorCommandLine line = OperatorCommandLine.parse(new String[] {"--kubeconfig", "k.yaml",
            "--stream-port=19000", "--metrics-port", "0", "--token-file=t", "--namespace", "shop",
            "--leader-election", "false", "--lease-namespace=ops"});
        assertThat(line.kubeconfig()).isEqualTo(Path.of("k.yaml"));
        assertThat(line.streamPort()).isEqualTo(19000);
        assertThat(line.metricsPort()).isZero();
        assertThat(line.namespace()).isEqualTo("shop");
        assertThat(line.leaderElection()).isFalse();
        assertThat(line.leaseNamespace()).isEqualTo("ops");
    }

    @Test
    void mistakesNameTheFlag() {
        assertThatThrownBy(() -> OperatorCommandLine.parse(new String[] {})).hasMessageContaining("--token-file");
        assertThatThrownBy(() -> OperatorCommandLine.parse(new String[] {"--token-file", "t", "--stream-port", "x"}))
                .hasMessageContaining("--stream-port");
        assertThatThrownBy(() -> OperatorCommandLine.parse(new String[] {"--token-file", "t", "--leader-election",
            "maybe"})).hasMessageContaining("--leader-election");
        assertThatThrownBy(() -> OperatorCommandLine.parse(new String[] {"--token-file", "t", "--bogus", "1"}))
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> OperatorCommandLine.parse(new String[] {"--token-file"}))
                .hasMessageContaining("--token-file needs a value");
        assertThatThrownBy(() -> OperatorCommandLine.parse(new String[] {"--token-file", "t", "--stream-port", "9000",
                "--metrics-port", "9000"})).hasMessage("--stream-port and --metrics-port must differ, both are 9000");
    }

}
