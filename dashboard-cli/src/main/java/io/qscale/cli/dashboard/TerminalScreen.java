package io.qscale.cli.dashboard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * The dashboard on a real terminal: the alternate screen, redrawn in place (JLine's Display
 * sends only what changed) at the terminal's current size, so resizes are followed. Not
 * thread-safe: one thread draws.
 */
public final class TerminalScreen implements AutoCloseable {

    static {
        // The view draws with Unicode (─ █ ▁ →) and so needs a UTF-8 terminal anyway. JLine would
        // turn the box-drawing characters into the terminal's alternate character set instead,
        // which tmux under a mismatched TERM shows as "qqqq"; plain UTF-8 draws the same everywhere.
        if (System.getProperty("org.jline.utils.disableAlternateCharset") == null) {
            System.setProperty("org.jline.utils.disableAlternateCharset", "true");
        }
    }

    private final Terminal terminal;
    private final Display display;
    private boolean closed;

    private TerminalScreen(Terminal terminal) {
        this.terminal = terminal;
        this.display = new Display(terminal, true);
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
    }

    /**
     * Opens the system terminal. Ctrl-C stops the JVM the usual way (its shutdown hooks run, so
     * the command cleans up and says how it ended): JLine's default would take the signal's
     * default action and end the process on the spot, workers and alternate screen left behind.
     */
    public static TerminalScreen open() throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        terminal.handle(Terminal.Signal.INT, signal -> new Thread(() -> System.exit(INTERRUPTED), "qscale-ctrl-c").start());
        return new TerminalScreen(terminal);
    }

    /** The exit code of a command stopped by Ctrl-C, unless its shutdown says otherwise (128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    /** Opens a given terminal (tests use a virtual one of a fixed size). */
    public static TerminalScreen on(Terminal terminal) {
        return new TerminalScreen(terminal);
    }

    public Terminal terminal() {
        return terminal;
    }

    /** Draws one frame at the terminal's size now. */
    public synchronized void draw(DashboardModel model) {
        if (closed) {
            return;
        }
        Size size = terminal.getSize();
        int width = Math.max(20, size.getColumns());
        int height = Math.max(8, size.getRows());
        display.resize(height, width);
        List<String> lines = DashboardView.render(model, width, height);
        // A mutable list: JLine's Display edits the list it is given (an immutable one throws).
        display.update(lines.stream().map(AttributedString::new).collect(Collectors.toCollection(ArrayList::new)), -1);
        terminal.writer().flush();
        terminal.flush();
    }

    /** Leaves the alternate screen and closes the terminal; idempotent (a stop signal may close it first). */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        terminal.puts(Capability.cursor_normal);
        terminal.puts(Capability.exit_ca_mode);
        terminal.flush();
        terminal.close();
    }
}
