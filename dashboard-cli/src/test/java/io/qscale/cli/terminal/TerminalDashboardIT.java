package io.qscale.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.core.json.Json;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live screens in a real terminal: the real jar in tmux (120 x 40), as a user runs the story.
 * {@code dashboard --auto-scale} crashed before its first frame once (JLine was handed a list it
 * could not edit) while every headless test passed; this draws the panel, the recommendation and
 * the decisions, types the interactive keys, and requires an empty stderr and a clean exit.
 */
@ExtendWith(RedisServerExtension.class)
class TerminalDashboardIT {

    private static final Path JAR = Path.of("target", "qscale.jar").toAbsolutePath();
    private static final Duration SCREEN_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTmux() {
        boolean required = System.getenv("CI") != null || "1".equals(System.getenv("QSCALE_REQUIRE_DOCKER"));
        if (!Tmux.available()) {
            assertThat(required).as("tmux is required in CI (.ci/run installs it)").isFalse();
            Assumptions.abort("tmux is not installed: the live screens are not checked here (apt-get install tmux)");
        }
        assertThat(JAR).as("the package phase builds qscale.jar").exists();
    }

    /** The command line in the window: stderr and the exit code land in files the test reads. */
    private String command(String args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The shell traps Ctrl-C (a handler, not an ignore: java gets the default back) so that it
        // outlives java and writes its exit code; java and its workers get the signal as usual.
        return "sh -c 'trap \"true\" INT; " + java + " -jar " + JAR + " " + args + " 2>" + dir.resolve("err.txt")
                + "; echo $? >" + dir.resolve("exit.txt") + "; sleep 600'";
    }

    private String scaler(String queue) {
        return " --scaler-setting stateDir=" + dir.resolve("state-" + queue) + " --scaler-setting logDir=" + dir.resolve("state-" + queue);
    }

    private int exitCode() throws Exception {
        Path exit = dir.resolve("exit.txt");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(exit) && !Files.readString(exit).isBlank());
        return Integer.parseInt(Files.readString(exit).strip());
    }

    private String stderr() throws Exception {
        return Files.readString(dir.resolve("err.txt"));
    }

    private static void awaitScreen(Tmux tmux, String... texts) {
        await().atMost(SCREEN_WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(tmux.screen()).contains(texts));
    }

    @Test
    void theDashboardWithTheManagerInsideDrawsAndStopsCleanlyOnCtrlC(LocalRedisServer redis) throws Exception {
        String queue = "term-auto";
        try (Tmux tmux = Tmux.start(120, 40, dir, command("dashboard --auto-scale --no-http --redis " + redis.uri()
                + " --queue " + queue + scaler(queue)))) {
            awaitScreen(tmux, "qscale — queue " + queue, "Active workers: 3", ">> ", "Last decisions:", "scale up 0 → 3");
            enqueue(redis, queue, 25);
            awaitScreen(tmux, "scale up 3 → ");
            String screen = tmux.screen();
            System.out.println("TerminalDashboardIT: dashboard --auto-scale\n" + screen);
            assertThat(screen).contains("Queue length:", "ETA to drain:", "─".repeat(40)).doesNotContain("qqqq");

            tmux.send("C-c");

            assertThat(exitCode()).isZero();
            assertThat(stderr()).isEmpty();
            assertThat(tmux.screen()).as("the terminal is given back: the dashboard's screen is gone")
                    .doesNotContain("Last decisions:");
        }
    }

    @Test
    void theInteractiveKeysScaleStressAndQuit(LocalRedisServer redis) throws Exception {
        String queue = "term-keys";
        try (Tmux tmux = Tmux.start(120, 40, dir, command("dashboard --auto-scale --interactive --no-http --redis "
                + redis.uri() + " --queue " + queue + scaler(queue)))) {
            awaitScreen(tmux, "Active workers: 3", "+/- scale  s stress 25  a auto  q quit");

            tmux.send("+");
            awaitScreen(tmux, "mode manual:4");
            awaitScreen(tmux, "Active workers: 4");
            tmux.send("s");
            awaitScreen(tmux, "stress 25: 25 tasks enqueued");
            awaitScreen(tmux, "Completed:      1");
            System.out.println("TerminalDashboardIT: dashboard --auto-scale --interactive after + and s\n" + tmux.screen());
            tmux.send("q");

            assertThat(exitCode()).isZero();
            assertThat(stderr()).isEmpty();
        }
    }

    @Test
    void theDemoDrawsItsStoryLive(LocalRedisServer redis) throws Exception {
        String queue = "term-demo";
        try (Tmux tmux = Tmux.start(120, 40, dir, command("demo --redis " + redis.uri() + " --queue " + queue))) {
            awaitScreen(tmux, "qscale demo — queue " + queue, "Active workers: 3");
            awaitScreen(tmux, "scale up 3 → 5");
            String screen = tmux.screen();
            System.out.println("TerminalDashboardIT: demo\n" + screen);
            assertThat(screen).contains("Queue length:", ">> ", "Last decisions:");

            tmux.send("C-c");

            assertThat(exitCode()).as("an interrupted demo did not tell its story").isNotZero();
            assertThat(stderr()).isEmpty();
        }
    }

    private static void enqueue(LocalRedisServer redis, String queue, int count) {
        try (RedisSession session = RedisSession.connect(RedisEndpoint.parse("test", redis.uri()))) {
            TaskQueue tasks = new TaskQueue(session, new QueueKeys(queue), ProtocolSettings.defaults(), Clock.systemUTC());
            for (int i = 0; i < count; i++) {
                tasks.enqueue("sleep", Json.mapper().valueToTree(Map.of("ms", 3000)));
            }
        }
    }
}
