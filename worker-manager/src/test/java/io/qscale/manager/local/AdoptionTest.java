package io.qscale.manager.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AdoptionTest {

    private static final Adoption.Recorded RECORDED = new Adoption.Recorded(4242, 1_700_000_000_000L);

    @Test
    void aLiveProcessWithTheRecordedStartTimeIsAdopted() {
        assertThat(Adoption.decide(RECORDED, true, OptionalLong.of(1_700_000_000_000L), Optional.of("/usr/bin/java")))
                .isEqualTo(new Adoption(true, "same pid and start time"));
    }

    @Test
    void aReusedPidIsForgotten() {
        Adoption adoption = Adoption.decide(RECORDED, true, OptionalLong.of(1_700_000_999_000L), Optional.of("/usr/bin/java"));

        assertThat(adoption.adopt()).isFalse();
        assertThat(adoption.reason()).isEqualTo("pid 4242 was reused by another process");
    }

    @Test
    void aDeadProcessIsForgotten() {
        assertThat(Adoption.decide(RECORDED, false, OptionalLong.empty(), Optional.empty()).adopt()).isFalse();
    }

    @Test
    void withoutStartTimesTheFallbackIsTheJavaExecutableAndItSaysSo() {
        Adoption.Recorded unknown = new Adoption.Recorded(4242, -1);

        Adoption java = Adoption.decide(unknown, true, OptionalLong.empty(), Optional.of("C:\\\\jdk\\\\bin\\\\java.exe"));
        Adoption other = Adoption.decide(unknown, true, OptionalLong.empty(), Optional.of("/usr/sbin/sshd"));
        Adoption nothingKnown = Adoption.decide(RECORDED, true, OptionalLong.empty(), Optional.empty());

        assertThat(java).isEqualTo(new Adoption(true,
                "start time unknown on this platform: adopted by pid and a java executable only"));
        assertThat(other.adopt()).isFalse();
        assertThat(other.reason()).isEqualTo("start time unknown on this platform and pid 4242 is not a java process (/usr/sbin/sshd)");
        assertThat(nothingKnown.adopt()).as("no start time and no command: nothing to go on").isFalse();
        assertThat(Adoption.decide(RECORDED, true, OptionalLong.empty(), Optional.of("/opt/jdk/bin/java")).adopt())
                .as("start unknown now: the executable decides").isTrue();
    }

    @Test
    void aPidFileWithoutAStartTimeIsNotTrustedWhereThePlatformKnowsStartTimes() {
        Adoption adoption = Adoption.decide(new Adoption.Recorded(4242, -2), true, OptionalLong.of(5L),
                Optional.of("/opt/jdk/bin/java"));

        assertThat(adoption).isEqualTo(new Adoption(false, "the pid file of pid 4242 has no start time to compare"));
    }
}
