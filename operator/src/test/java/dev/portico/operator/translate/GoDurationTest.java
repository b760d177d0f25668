package dev.portico.operator.translate;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoDurationTest {

    @Test
    void readsEverySingleUnit() {
        assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(GoDuration.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(GoDuration.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(GoDuration.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(GoDuration.parse("300us")).isEqualTo(Duration.ofNanos(300_000));
        assertThat(GoDuration.parse("300µs")).isEqualTo(Duration.ofNanos(300_000));
        assertThat(GoDuration.parse("7ns")).isEqualTo(Duration.ofNanos(7));
    }

    @Test
    void addsUpCompoundDurations() {
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("2m3s4ms")).isEqualTo(Duration.ofMillis(123_004));
        assertThat(GoDuration.parse("1s1s")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void acceptsFractionsLikeGo() {
        assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse(".5h")).isEqualTo(Duration.ofMinutes(30));
        assertThat(GoDuration.parse("2.s")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void bareZeroIsZeroButOtherBareNumbersNeedAUnit() {
        assertThat(GoDuration.parse("0")).isZero();
        assertThat(GoDuration.parse("0s")).isZero();
        assertThatThrownBy(() -> GoDuration.parse("15")).hasMessageContaining("missing unit");
    }

    @Test
    void refusesWhatGoRefuses() {
        assertThatThrownBy(() -> GoDuration.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> GoDuration.parse("s")).hasMessageContaining("invalid duration \"s\"");
        assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessageContaining("unknown unit \"d\"");
        assertThatThrownBy(() -> GoDuration.parse("1 s")).hasMessageContaining("unknown unit \" s\"");
        assertThatThrownBy(() -> GoDuration.parse("1..2s")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> GoDuration.parse("ten seconds")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> GoDuration.parse("-5s")).hasMessageContaining("negative");
        assertThatThrownBy(() -> GoDuration.parse("9999999999h")).hasMessageContaining("too long");
    }

    @Test
    void millisecondsRoundSubMillisecondRemaindersUp() {
        assertThat(GoDuration.parseMillis("1500us")).isEqualTo(2);
        assertThat(GoDuration.parseMillis("2ms")).isEqualTo(2);
        assertThat(GoDuration.parseMillis("1h30m")).isEqualTo(5_400_000);
    }
}
