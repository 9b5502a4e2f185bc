package io.qscale.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class TraceTest {

    private static Trace parse(String csv) {
        return Trace.parse("t.csv", new BufferedReader(new StringReader(csv)), 700);
    }

    @Test
    void rowsWithoutAServiceTimeTakeTheDefaultAndTheFileRoundTrips() {
        Trace trace = parse("second,arrivals,serviceMs\n0,3,250\n1,0,\n2,5,1000\n");

        assertThat(trace.seconds()).containsExactly(new Trace.Second(3, 250), new Trace.Second(0, 700), new Trace.Second(5, 1000));
        assertThat(trace.tasks()).isEqualTo(8);
        assertThat(parse(trace.toCsv()).seconds()).isEqualTo(trace.seconds());
        assertThat(parse("second,arrivals\n0,2\n").seconds()).containsExactly(new Trace.Second(2, 700));
    }

    @Test
    void aBadFileFailsNamingTheLineTheFieldAndTheValue() {
        assertThatThrownBy(() -> parse("time,count\n0,1\n"))
                .hasMessage("t.csv line 1: the header must be 'second,arrivals' or 'second,arrivals,serviceMs', but was 'time,count'");
        assertThatThrownBy(() -> parse("second,arrivals\n0,1\n2,1\n"))
                .hasMessage("t.csv line 3: second must be 1 (one row per second from 0, in order), but was 2");
        assertThatThrownBy(() -> parse("second,arrivals\n0,lots\n"))
                .hasMessage("t.csv line 2: arrivals must be a whole number, but was 'lots'");
        assertThatThrownBy(() -> parse("second,arrivals,serviceMs\n0,1,0\n"))
                .hasMessage("t.csv line 2: serviceMs must be from 1 to 86400000, but was 0");
        assertThatThrownBy(() -> parse("second,arrivals\n0,1,5\n"))
                .hasMessage("t.csv line 2: expected 2 comma-separated fields, but was '0,1,5'");
        assertThatThrownBy(() -> parse("second,arrivals\n")).hasMessage("t.csv: no rows after the header");
        assertThatThrownBy(() -> parse("")).hasMessageStartingWith("t.csv: empty");
    }

    @Test
    void scenariosAreGeneratedTheSameEveryTimeAndUnknownOnesListTheKnown() {
        assertThat(Scenarios.named("seed-burst").tasks()).isEqualTo(25);
        assertThat(Scenarios.named("seed-burst").seconds().get(10)).isEqualTo(new Trace.Second(25, 3000));
        assertThat(Scenarios.named("step").tasks()).isEqualTo(60 + 900 + 90);
        assertThat(Scenarios.named("on-off").tasks()).isEqualTo(600);
        for (String name : Scenarios.all().keySet()) {
            assertThat(Scenarios.named(name).toCsv()).isEqualTo(Scenarios.named(name).toCsv());
        }
        assertThatThrownBy(() -> Scenarios.named("tsunami")).hasMessage("unknown scenario 'tsunami'; the scenarios are "
                + "diurnal, flash-crowd, on-off, seed-burst, slow-tasks, step");
    }
}
