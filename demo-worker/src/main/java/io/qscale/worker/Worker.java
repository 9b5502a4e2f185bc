package io.qscale.worker;

import io.qscale.core.protocol.ClaimedTask;
import io.qscale.core.protocol.FailOutcome;
import io.qscale.core.protocol.HeartbeatReply;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisSession;
import io.qscale.rules.validation.Require;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue worker: claims tasks one at a time into its own processing list, hands them to a
 * {@link TaskHandler}, acks or fails them, heartbeats, recovers dead peers' tasks, and drains on
 * request (stop claiming, finish the task, deregister). {@link #run()} blocks until drained;
 * {@link #stop()} (for SIGTERM) may be called from any thread. Thread-safe.
 */
public final class Worker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

    private final RedisSession redis;
    private final TaskQueue queue;
    private final WorkerRegistry registry;
    private final WorkerIdentity identity;
    private final TaskHandler handler;
    private final WorkerSettings settings;
    private final ScheduledExecutorService heartbeats;
    private final AtomicReference<ClaimedTask> current = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean draining;
    private volatile boolean drainOnItsOwn;
    private volatile boolean forced;
    private volatile Thread runner;
    /** Whether the processing list may hold something this worker does not know of (main thread only). */
    private boolean leftoversPossible = true;
    private long beats; // touched only by the heartbeat thread
    private final ProcessLoad load = new ProcessLoad(1);

    public Worker(RedisSession redis, QueueKeys keys, WorkerIdentity identity, TaskHandler handler,
            WorkerSettings settings, Clock clock) {
        this.redis = Require.nonNull("redis", redis);
        this.identity = Require.nonNull("identity", identity);
        this.handler = Require.nonNull("handler", handler);
        this.settings = Require.nonNull("settings", settings);
        this.queue = new TaskQueue(redis, keys, settings.protocol(), clock);
        this.registry = new WorkerRegistry(redis, keys, settings.protocol());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "qscale-heartbeat-" + identity.id());
            thread.setDaemon(true);
            return thread;
        });
    }

    public WorkerIdentity identity() {
        return identity;
    }

    /** Registers, then claims and handles tasks until drained; deregisters before returning. */
    @Override
    public void run() {
        runner = Thread.currentThread();
        try {
            registry.heartbeat(identity, false);
            LOG.info("worker {} ready on queue {} ({})", identity.id(), queue.keys().queueName(), redis.endpoint());
            long period = settings.protocol().heartbeatInterval().toMillis();
            heartbeats.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
            while (!draining) {
                step();
            }
            // No heartbeat may land after deregistering: it would put the worker back in the registry.
            stopHeartbeats();
            long returned = registry.deregister(identity.id());
            LOG.info("worker {} drained and deregistered{}", identity.id(),
                    returned > 0 ? " (" + returned + " unfinished task(s) given back)" : "");
        } finally {
            heartbeats.shutdownNow();
            finished.countDown();
        }
    }

    private void step() {
        if (leftoversPossible) {
            giveBackLeftovers();
        }
        Optional<ClaimedTask> claimed;
        try {
            claimed = queue.claim(identity.id(), settings.claimTimeout());
        } catch (RuntimeException e) {
            // The server may have moved a task into our list and the reply never came: look before the next claim.
            leftoversPossible = true;
            if (!draining) {
                LOG.warn("worker {} cannot claim: {}; retrying in {} s", identity.id(), e.getMessage(),
                        ERROR_BACKOFF.toSeconds());
                pause(ERROR_BACKOFF);
            }
            return;
        }
        // An idle wait is the moment to look again: nothing may sit in a live worker's list unnoticed.
        leftoversPossible = claimed.isEmpty();
        claimed.ifPresent(this::process);
    }

    /**
     * A live worker owns its processing list: whatever is there while it holds no task goes back
     * to the front of the queue (docs/protocol.md, "A worker's own list").
     */
    private void giveBackLeftovers() {
        try {
            long returned = queue.returnLeftovers(identity.id());
            if (returned > 0) {
                LOG.warn("worker {} gave back {} task(s) found in its own processing list (a claim whose reply was lost)",
                        identity.id(), returned);
            }
            leftoversPossible = false;
        } catch (RuntimeException e) {
            LOG.debug("worker {}: leftovers not checked: {}", identity.id(), e.toString());
        }
    }

    private void process(ClaimedTask task) {
        current.set(task);
        long started = System.nanoTime();
        try {
            handler.handle(task.envelope());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (!untilRedisAnswers(() -> queue.ack(identity.id(), task, took))) {
                LOG.warn("task {} was recovered by another worker while this one ran it; its result stands twice",
                        task.envelope().id());
            }
        } catch (InterruptedException e) {
            if (forced) {
                queue.release(identity.id(), task);
                LOG.info("task {} given back to the queue: shutdown grace time ran out", task.envelope().id());
            } else {
                fail(task, started, "interrupted", false);
            }
        } catch (PermanentTaskFailure e) {
            fail(task, started, e.getMessage(), true);
        } catch (Exception e) {
            fail(task, started, reason(e), false);
        } finally {
            current.set(null);
            Thread.interrupted();
        }
    }

    private void fail(ClaimedTask task, long started, String reason, boolean permanent) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        FailOutcome outcome = untilRedisAnswers(() -> permanent
                ? queue.failPermanently(identity.id(), task, reason, took)
                : queue.fail(identity.id(), task, reason, took));
        LOG.info("task {} (attempt {}) failed: {} -> {}", task.envelope().id(), task.envelope().attempts(),
                reason, outcome);
    }

    /**
     * Records a finished task's result, retrying every second while Redis is unreachable: the
     * task stays in the processing list meanwhile, so a long outage at worst runs it again
     * elsewhere (recovery), never loses it.
     */
    private <T> T untilRedisAnswers(java.util.function.Supplier<T> step) {
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (forced) {
                    throw e;
                }
                LOG.warn("worker {} cannot record a result: {}; retrying in {} s", identity.id(), e.getMessage(),
                        ERROR_BACKOFF.toSeconds());
                pause(ERROR_BACKOFF);
            }
        }
    }

    /** A failure reason for people: the exception's type and message, never a stack trace. */
    static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }

    private void beat() {
        try {
            HeartbeatReply reply = registry.heartbeat(identity, drainOnItsOwn, load.sample());
            if (reply.drainRequested() && !draining) {
                LOG.info("worker {} asked to drain: no new claims; finishing its current task, if any", identity.id());
                draining = true;
            }
            if (++beats % recoveryEvery() == 0) {
                var report = registry.recoverDeadWorkers();
                if (!report.isEmpty()) {
                    LOG.info("recovered {} dead worker(s): {} task(s) requeued, {} dead-lettered",
                            report.deadWorkers(), report.requeued(), report.deadLettered());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("worker {} heartbeat failed: {}", identity.id(), e.getMessage());
        }
    }

    /** Recovery runs about once per dead-after period from each worker. */
    private long recoveryEvery() {
        return Math.max(1, settings.protocol().deadAfter().toMillis() / settings.protocol().heartbeatInterval().toMillis());
    }

    /**
     * Stops as on SIGTERM: stop claiming and finish the current task within the shutdown grace
     * time; past it, interrupt the handler and give the task back to the queue. Returns when the
     * worker has deregistered (or after a bounded wait): true when it drained within the grace
     * time, false when it had to give its task back.
     */
    public boolean stop() {
        drainOnItsOwn = true;
        draining = true;
        if (awaitFinished(settings.shutdownGrace().plus(settings.claimTimeout()))) {
            return true;
        }
        forced = true;
        Thread thread = runner;
        if (thread != null) {
            thread.interrupt();
        }
        if (!awaitFinished(Duration.ofSeconds(5))) {
            // The handler ignores interruption: give its task back and leave without it.
            ClaimedTask task = current.get();
            if (task != null && queue.release(identity.id(), task)) {
                LOG.warn("task {} given back to the queue: its handler did not stop", task.envelope().id());
            }
            stopHeartbeats();
            registry.deregister(identity.id());
        }
        return false;
    }

    private void stopHeartbeats() {
        heartbeats.shutdownNow();
        try {
            if (!heartbeats.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("worker {}: a heartbeat did not finish within 5 s", identity.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the worker has stopped claiming. */
    public boolean isDraining() {
        return draining;
    }

    private boolean awaitFinished(Duration timeout) {
        try {
            return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
