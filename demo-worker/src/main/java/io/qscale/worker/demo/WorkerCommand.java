package io.qscale.worker.demo;

import io.qscale.commandline.LogFormat;
import io.qscale.commandline.LogFormatOption;
import io.qscale.commandline.RedisOptions;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.core.redis.RedisUnavailableException;
import io.qscale.worker.Worker;
import io.qscale.worker.WorkerSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code qscale worker}: runs one demo worker until it is drained (exit 0) or stopped by SIGTERM
 * (it finishes its task within the grace time first). Every option can also come from the
 * environment, as scalers pass them. Not thread-safe (picocli fills it once).
 */
@Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = WorkerCommand.Version.class,
        description = "Runs a demo worker: claims tasks, heartbeats, drains on request or SIGTERM.",
        footer = {"", "Task types: sleep {ms}, cpu {ms}, fail {ms, failRate}, noop, raw (foreign items), and record {ms}",
                "(appends each completed id to a file in $QSCALE_RECORD_DIR; the chaos suite counts them).",
                "--after-drain wait is for platforms that restart a container that exits (a Kubernetes Deployment):",
                "the drained worker stays, deregistered and idle, until the platform removes it with SIGTERM.",
                "Exit codes: 0 drained (on request or on SIGTERM), 1 Redis unreachable, 2 bad option,",
                "3 stopped by SIGTERM past the shutdown grace time (its task went back to the queue)."})
public final class WorkerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private RedisOptions connection;

    @Mixin
    private LogFormatOption logFormat;

    @Option(names = "--id", defaultValue = "${env:QSCALE_WORKER_ID}",
            description = "Worker id (env QSCALE_WORKER_ID). Default: host-pid-random")
    private String workerId;

    @Option(names = "--heartbeat-ms", defaultValue = "${env:QSCALE_HEARTBEAT_MS:-1000}",
            description = "Heartbeat interval (env QSCALE_HEARTBEAT_MS). Default: ${DEFAULT-VALUE}")
    private long heartbeatMs;

    @Option(names = "--dead-after-ms", defaultValue = "${env:QSCALE_DEAD_AFTER_MS:-5000}",
            description = "A worker silent this long is dead (env QSCALE_DEAD_AFTER_MS). Default: ${DEFAULT-VALUE}")
    private long deadAfterMs;

    @Option(names = "--max-attempts", defaultValue = "${env:QSCALE_MAX_ATTEMPTS:-3}",
            description = "Claims before a task is dead-lettered (env QSCALE_MAX_ATTEMPTS). Default: ${DEFAULT-VALUE}")
    private int maxAttempts;

    @Option(names = "--shutdown-grace-ms", defaultValue = "${env:QSCALE_SHUTDOWN_GRACE_MS:-30000}",
            description = "Time to finish the task on SIGTERM (env QSCALE_SHUTDOWN_GRACE_MS). Default: ${DEFAULT-VALUE}")
    private long shutdownGraceMs;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "${env:QSCALE_CONCURRENCY:-1}",
            description = "Task slots: tasks run at once in this process (env QSCALE_CONCURRENCY). Default: ${DEFAULT-VALUE}")
    private int concurrency;

    @Option(names = "--task-ms", defaultValue = "${env:QSCALE_TASK_MS:-3000}",
            description = "Duration of a task whose payload names none (env QSCALE_TASK_MS). Default: ${DEFAULT-VALUE}")
    private long taskMs;

    @Option(names = "--after-drain", defaultValue = "${env:QSCALE_AFTER_DRAIN:-exit}",
            description = "After a requested drain: exit (0), or wait, deregistered, for SIGTERM"
                    + " (env QSCALE_AFTER_DRAIN). One of: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
    private AfterDrain afterDrain;

    /** What a worker does once a requested drain is done. */
    enum AfterDrain {
        /** Exit 0: local processes, Docker containers, Swarm tasks with restart on failure. */
        exit,
        /**
         * Stay, deregistered and idle, until SIGTERM: a Kubernetes Deployment's pod would otherwise
         * be restarted by the kubelet, and the scaler removes exactly this pod.
         */
        wait
    }

    @Option(names = "--cds-training", hidden = true,
            description = "Loads what a worker run loads, without Redis, then exits (the build's class-data-sharing archive)")
    private boolean cdsTraining;

    @Override
    public Integer call() {
        if (cdsTraining) {
            CdsTraining.run(spec.commandLine().getOut());
            return 0;
        }
        WorkerSettings settings;
        RedisEndpoint endpoint;
        QueueKeys keys;
        try {
            settings = new WorkerSettings(ProtocolSettings.defaults()
                    .withHeartbeat(positive("--heartbeat-ms", heartbeatMs), positive("--dead-after-ms", deadAfterMs))
                    .withMaxAttempts(maxAttempts), WorkerSettings.DEFAULT_CLAIM_TIMEOUT,
                    positive("--shutdown-grace-ms", shutdownGraceMs), concurrency(concurrency));
            if (taskMs < 0) {
                throw new IllegalArgumentException("--task-ms must be >= 0, but was " + taskMs);
            }
            endpoint = connection.endpoint(Optional.empty());
            keys = connection.keys(Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        MDC.put("queue", keys.queueName());
        WorkerIdentity identity = WorkerIdentity.ofThisProcess(
                workerId == null ? Map.of() : Map.of(WorkerIdentity.ID_ENV, workerId),
                Clock.systemUTC().instant(), Version.VERSION);
        MDC.put("worker", identity.id());
        RedisSession redis;
        try {
            redis = RedisSession.connect(endpoint);
        } catch (RedisUnavailableException e) {
            spec.commandLine().getErr().println("qscale worker: " + e.getMessage());
            return 1;
        }
        Worker worker = new Worker(redis, keys, identity,
                new DemoTaskHandler(Duration.ofMillis(taskMs), new Random(),
                Optional.ofNullable(System.getenv(DemoTaskHandler.RECORD_DIR_ENV)).filter(dir -> !dir.isBlank()).map(Path::of)), settings, Clock.systemUTC());
        PrintWriter err = spec.commandLine().getErr();
        Thread hook = new Thread(() -> {
            // SIGTERM (docker stop, Kubernetes, the local scaler): drain, then leave with an exit
            // code that says how. halt, not exit: the JVM would otherwise report 143 for the signal.
            boolean drained = worker.stop();
            redis.close();
            if (!drained) {
                err.println("qscale worker: stopped past the shutdown grace time (" + shutdownGraceMs
                        + " ms); its task went back to the queue");
                err.flush();
            }
            System.out.flush();
            Runtime.getRuntime().halt(drained ? 0 : STOPPED_PAST_GRACE);
        }, "qscale-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        worker.run();
        if (afterDrain == AfterDrain.wait && !worker.isStopping()) {
            LogFormat.announce(spec.commandLine().getOut(), LOG, "qscale worker " + identity.id()
                    + ": drained; waiting for SIGTERM (--after-drain wait)");
            awaitSigterm();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return 0; // drained by SIGTERM: the hook decides the exit code
        }
        redis.close();
        return 0;
    }

    /** Blocks until the JVM shuts down: the shutdown hook then halts with exit code 0. */
    private static void awaitSigterm() {
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // Only the shutdown hook ends this process.
            }
        }
    }

    /** The exit code when SIGTERM's grace time ran out and the task was given back (docs/operations.md). */
    public static final int STOPPED_PAST_GRACE = 3;

    private static int concurrency(int slots) {
        if (slots < 1 || slots > WorkerSettings.MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency must be between 1 and " + WorkerSettings.MAX_CONCURRENCY
                    + ", but was " + slots);
        }
        return slots;
    }

    private static Duration positive(String option, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException(option + " must be > 0, but was " + millis);
        }
        return Duration.ofMillis(millis);
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    public static final class Version implements picocli.CommandLine.IVersionProvider {
        static final String VERSION = WorkerCommand.class.getPackage().getImplementationVersion() == null
                ? "dev" : WorkerCommand.class.getPackage().getImplementationVersion();

        @Override
        public String[] getVersion() {
            return new String[] {"qscale worker " + VERSION};
        }
    }
}
