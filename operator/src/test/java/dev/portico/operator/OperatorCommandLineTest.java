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
        assertThat(line.leaderElection()).isNull();
    }

    @Test
    void everyFlagIsReadInBothSpellings() {
        OperatorCommandLine line = OperatorCommandLine.parse(new String[] {"--kubeconfig", "k.yaml",
            "--stream-port=19000", "--metrics-port", "0", "--token-file=t", "--namespace", "shop",
            "--leader-election", "false"});
        assertThat(line.kubeconfig()).isEqualTo(Path.of("k.yaml"));
        assertThat(line.streamPort()).isEqualTo(19000);
        assertThat(line.metricsPort()).isZero();
        assertThat(line.namespace()).isEqualTo("shop");
        assertThat(line.leaderElection()).isFalse();
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

    @Test
    void anOperatorLeftWithoutLeaderElectionOutsideAPodSaysSo() {
        assertThat(OperatorMain.unelectedWarning(null, false)).contains("leader election is off",
                "--leader-election true");
        assertThat(OperatorMain.unelectedWarning(false, false)).isNull(); // chosen: the sandbox and tests do
        assertThat(OperatorMain.unelectedWarning(null, true)).isNull(); // in a pod it is on
    }
}
