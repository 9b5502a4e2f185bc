package io.qscale.commandline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A clean stop for a long-running command: when the process is asked to stop (SIGTERM from
 * {@code docker stop}, Kubernetes or systemd; SIGINT from Ctrl-C) it runs the command's clean-up
 * once and then ends the process with exit code 0, as each command's {@code --help} promises.
 * Without it the JVM reports the signal (143 or 130) although nothing went wrong. Halting is
 * right here because the clean-up has already done what the remaining shutdown would do.
 * Thread-safe.
 */
public final class CleanStop implements AutoCloseable {

    private final Runnable cleanUp;
    private final Thread hook;
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private CleanStop(String name, Runnable cleanUp) {
        this.cleanUp = cleanUp;
        this.hook = new Thread(this::onSignal, name);
    }

    /** Installs the hook: from now on a stop signal runs {@code cleanUp} and exits 0. */
    public static CleanStop install(String name, Runnable cleanUp) {
        CleanStop stop = new CleanStop(name, cleanUp);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    private void onSignal() {
        cleanUpOnce();
        stopped.countDown();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }

    private void cleanUpOnce() {
        if (cleaned.compareAndSet(false, true)) {
            cleanUp.run();
        }
    }

    /** Blocks until a stop signal has been handled (the process ends right after). */
    public void await() throws InterruptedException {
        stopped.await();
    }

    /**
     * The command ends by itself (a key, an error): the hook goes and the clean-up runs here, so
     * the command's own exit code stands.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal arrived meanwhile: the hook cleans up and exits 0
            return;
        }
        cleanUpOnce();
    }
}
