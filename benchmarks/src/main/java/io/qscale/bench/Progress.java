package io.qscale.bench;

/** One progress line on standard error, rewritten in place at most five times a second. Not thread-safe. */
final class Progress {

    private final String label;
    private long lastPrint;
    private int lastLength;

    Progress(String label) {
        this.label = label;
    }

    void update(String message) {
        long now = System.nanoTime();
        if (now - lastPrint < 200_000_000L) {
            return;
        }
        lastPrint = now;
        print(message);
    }

    void done(String message) {
        print(message);
        System.err.println();
    }

    private void print(String message) {
        String line = "[" + label + "] " + message;
        System.err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        System.err.flush();
        lastLength = line.length();
    }
}
