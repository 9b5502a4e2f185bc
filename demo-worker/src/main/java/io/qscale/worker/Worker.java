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
import io.qscale.core.protocol.WorkerActivity;
import io.qscale.core.protocol.WorkerLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A queue worker: runs up to {@link WorkerSettings#concurrency()} tasks at once (one thread per
 * slot), each claimed into the worker's own processing list, handed to a {@link TaskHandler},
 * acked or failed; heartbeats, recovers dead peers' tasks, and drains on request (stop claiming,
 * finish the tasks, deregister). A busy slot acks its task and claims the next in one script
 * call; an idle one waits with {@code BLMOVE} (one slot at a time, on the session's blocking
 * connection). {@link #run()} blocks until drained; {@link #stop()} (for SIGTERM) may be called
 * from any thread. Thread-safe.
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
    /** The tasks the slots run now (a task is in here from its claim's answer to its ack's). */
    private final Set<ClaimedTask> current = ConcurrentHashMap.newKeySet();
    /** One idle slot at a time waits on the blocking connection; the others queue here. */
    private final ReentrantLock idleWait = new ReentrantLock();
    /**
     * Claims and acks (which may put a task into the processing list) hold it shared; giving back
     * leftovers holds it exclusively, so it never races a claim whose answer is on its way.
     */
    private final ReentrantReadWriteLock listGuard = new ReentrantReadWriteLock();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean draining;
    private volatile boolean drainOnItsOwn;
    private volatile boolean forced;
    private final List<Thread> slotThreads = new CopyOnWriteArrayList<>();
    /** Whether the processing list may hold something this worker does not know of. */
    private volatile boolean leftoversPossible = true;
    private long beats; // touched only by the heartbeat thread
    private final ProcessLoad load;

    public Worker(RedisSession redis, QueueKeys keys, WorkerIdentity identity, TaskHandler handler,
            WorkerSettings settings, Clock clock) {
        this.redis = Require.nonNull("redis", redis);
        this.identity = Require.nonNull("identity", identity);
        this.handler = Require.nonNull("handler", handler);
        this.settings = Require.nonNull("settings", settings);
        this.queue = new TaskQueue(redis, keys, settings.protocol(), clock);
        this.registry = new WorkerRegistry(redis, keys, settings.protocol());
        this.load = new ProcessLoad(settings.concurrency());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(withLogFields(runnable), "qscale-heartbeat-" + identity.id());
            thread.setDaemon(true);
            return thread;
        });
    }

    public WorkerIdentity identity() {
        return identity;
    }

    /** Runs {@code task} with the queue and the worker id in the logging MDC (JSON logs carry them). */
    private Runnable withLogFields(Runnable task) {
        return () -> {
            MDC.put("queue", queue.keys().queueName());
            MDC.put("worker", identity.id());
            task.run();
        };
    }

    /** Registers, then runs the slots until drained; deregisters before returning. */
    @Override
    public void run() {
        try {
            registry.heartbeat(identity, false, WorkerLoad.UNKNOWN, activity());
            LOG.info("worker {} ready on queue {} with {} slot(s) ({})", identity.id(), queue.keys().queueName(),
                    settings.concurrency(), redis.endpoint());
            long period = settings.protocol().heartbeatInterval().toMillis();
            heartbeats.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
            runSlots();
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

    /** Runs slot 0 on the calling thread and the others on their own; returns when all have stopped. */
    private void runSlots() {
        List<Thread> others = new ArrayList<>();
        for (int slot = 1; slot < settings.concurrency(); slot++) {
            Thread thread = new Thread(withLogFields(this::slotLoop), "qscale-slot-" + slot);
            thread.setDaemon(true);
            others.add(thread);
        }
        slotThreads.add(Thread.currentThread());
        slotThreads.addAll(others);
        others.forEach(Thread::start);
        slotLoop();
        for (Thread thread : others) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                // stop() interrupts slots when the grace time runs out; wait for them all the same.
                Thread.currentThread().interrupt();
                joinUninterruptibly(thread);
            }
        }
        Thread.interrupted();
    }

    private static void joinUninterruptibly(Thread thread) {
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException ignored) {
                // keep waiting: the slot gives its task back and ends
            }
        }
    }

    /** One slot: claim, run, ack-and-claim-next while the queue has work; wait when it has none. */
    private void slotLoop() {
        ClaimedTask next = null;
        while (!draining) {
            ClaimedTask task = next != null ? next : acquire();
            next = null;
            if (task != null) {
                next = process(task);
            }
        }
        if (next != null) {
            // Claimed in the same call as the last ack, just as the drain began: run it too.
            ClaimedTask last = next;
            while (last != null) {
                last = process(last);
            }
        }
    }

    /** A task for an idle slot: at once if the queue has one, else after a wait; null if none came. */
    private ClaimedTask acquire() {
        try {
            Optional<ClaimedTask> now = guarded(() -> queue.claimNow(identity.id()));
            if (now.isPresent()) {
                return now.get();
            }
            if (!idleWait.tryLock(settings.claimTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
            try {
                if (draining) {
                    return null;
                }
                if (leftoversPossible) {
                    giveBackLeftovers();
                }
                Optional<ClaimedTask> claimed = guarded(() -> queue.claim(identity.id(), settings.claimTimeout()));
                // An idle wait is the moment to look again: nothing may sit in a live worker's list unnoticed.
                leftoversPossible |= claimed.isEmpty();
                return claimed.orElse(null);
            } finally {
                idleWait.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            // The server may have moved a task into our list and the reply never came: look before the next wait.
            leftoversPossible = true;
            if (!draining) {
                LOG.warn("worker {} cannot claim: {}; retrying in {} s", identity.id(), e.getMessage(),
                        ERROR_BACKOFF.toSeconds());
                pause(ERROR_BACKOFF);
            }
            return null;
        }
    }

    /**
     * Runs a Redis call that may put a task into the processing list, shared with the other
     * slots' and exclusive of {@link #giveBackLeftovers()}; the task it returns is {@link #current}
     * before the guard is let go.
     */
    private Optional<ClaimedTask> guarded(Supplier<Optional<ClaimedTask>> call) {
        listGuard.readLock().lock();
        try {
            Optional<ClaimedTask> task = call.get();
            task.ifPresent(current::add);
            return task;
        } finally {
            listGuard.readLock().unlock();
        }
    }

    /**
     * A live worker owns its processing list: whatever is there while it holds no task goes back
     * to the front of the queue (docs/protocol.md, "A worker's own list"). Only when no slot
     * holds a task or has a claim on its way.
     */
    private void giveBackLeftovers() {
        if (!listGuard.writeLock().tryLock()) {
            return;
        }
        try {
            if (!current.isEmpty()) {
                return;
            }
            long returned = queue.returnLeftovers(identity.id());
            if (returned > 0) {
                LOG.warn("worker {} gave back {} task(s) found in its own processing list (a claim whose reply was lost)",
                        identity.id(), returned);
            }
            leftoversPossible = false;
        } catch (RuntimeException e) {
            LOG.debug("worker {}: leftovers not checked: {}", identity.id(), e.toString());
        } finally {
            listGuard.writeLock().unlock();
        }
    }

    /** Runs a task and records its result; returns the next task when the ack claimed one. */
    private ClaimedTask process(ClaimedTask task) {
        long started = System.nanoTime();
        try {
            handler.handle(task.envelope());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            boolean claimNext = !draining;
            TaskQueue.Acked acked = untilRedisAnswers(() -> {
                listGuard.readLock().lock();
                try {
                    TaskQueue.Acked answer = queue.ack(identity.id(), task, took, claimNext);
                    answer.next().ifPresent(current::add);
                    return answer;
                } catch (RuntimeException e) {
                    // Its answer may be lost after the server claimed a next task into our list.
                    leftoversPossible = true;
                    throw e;
                } finally {
                    listGuard.readLock().unlock();
                }
            });
            if (!acked.done()) {
                LOG.warn("task {} was recovered by another worker while this one ran it; its result stands twice",
                        task.envelope().id());
            }
            return acked.next().orElse(null);
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
            current.remove(task);
            Thread.interrupted();
        }
        return null;
    }

    /** What the heartbeat says of the slots. */
    private WorkerActivity activity() {
        StringBuilder ids = new StringBuilder();
        for (ClaimedTask task : current) {
            if (ids.length() > 0) {
                ids.append(',');
            }
            ids.append(task.envelope().id());
            if (ids.length() > 200) {
                break;
            }
        }
        return new WorkerActivity(settings.concurrency(), ids.toString());
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
    private <T> T untilRedisAnswers(Supplier<T> step) {
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
            HeartbeatReply reply = registry.heartbeat(identity, drainOnItsOwn, load.sample(), activity());
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
        slotThreads.forEach(Thread::interrupt);
        if (!awaitFinished(Duration.ofSeconds(5))) {
            // A handler ignores interruption: give its task back and leave without it.
            for (ClaimedTask task : current) {
                if (queue.release(identity.id(), task)) {
                    LOG.warn("task {} given back to the queue: its handler did not stop", task.envelope().id());
                }
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

    /** Whether {@link #stop()} was called (SIGTERM), as opposed to a drain the manager requested. */
    public boolean isStopping() {
        return drainOnItsOwn;
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
