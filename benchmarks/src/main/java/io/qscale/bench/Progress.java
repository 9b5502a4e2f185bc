package io.qscale.bench;

/**
 * One progress line on standard error: rewritten in place at most five times a second on a
 * terminal; elsewhere (CI logs, files) a new line at most every five seconds. Not thread-safe.
 */
final class Progress {

    private static final boolean TERMINAL = System.console() != null;

    private final String label;
    private long lastPrint;
    private int lastLength;

    Progress(String label) {
        this.label = label;
    }

    void update(String message) {
        long now = System.nanoTime();
        if (now - lastPrint < (TERMINAL ? 200_000_000L : 5_000_000_000L)) {
            return;
        }
        lastPrint = now;
        if (TERMINAL) {
            print(message);
        } else {
            System.err.println("[" + label + "] " + message);
        }
    }

    void done(String message) {
        if (TERMINAL) {
            print(message);
            System.err.println();
        } else {
            System.err.println("[" + label + "] " + message);
        }
    }

    private void print(String message) {
        String line = "[" + label + "] " + message;
        System.err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        System.err.flush();
        lastLength = line.length();
    }
}
