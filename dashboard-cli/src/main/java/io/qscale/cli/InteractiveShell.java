package io.qscale.cli;

import io.qscale.cli.actions.PoolActions;
import io.qscale.cli.actions.QueueContext;
import io.qscale.cli.actions.StressRequest;

import io.qscale.cli.output.SnapshotText;
import io.qscale.core.control.ManagerMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * The {@code qscale interactive} prompt: commands typed one per line, with history and
 * completion, acting on Redis through {@link PoolActions}. Not thread-safe: one reader.
 */
final class InteractiveShell {

    static final String HELP = String.join(System.lineSeparator(),
            "commands:",
            "  stress N              enqueue N demo tasks (3 s each)",
            "  scale N               hold exactly N workers (manual mode)",
            "  auto on|off           automatic scaling on, or hold the current size",
            "  mode auto|dry-run|manual N",
            "  metrics               one snapshot",
            "  workers               the registered workers",
            "  decisions [K]         the last K decisions (default 10)",
            "  status                mode, manager, workers, queue",
            "  help                  this list",
            "  quit                  leave (Ctrl-D too)");

    private final QueueContext pool;
    private final PoolActions actions;

    InteractiveShell(QueueContext pool) {
        this.pool = pool;
        this.actions = new PoolActions(pool);
    }

    /** Reads commands until quit or end of input; returns the exit code (0). */
    int run(Terminal terminal, Path historyFile) {
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).completer(completer());
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        LineReader reader = builder.build();
        PrintWriter out = terminal.writer();
        out.println("qscale interactive on queue " + pool.keys().queueName() + " at " + pool.endpoint() + " (type help)");
        out.flush();
        while (true) {
            String line;
            try {
                line = reader.readLine("qscale> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return 0;
            }
            if (!execute(line.trim(), out)) {
                return 0;
            }
            out.flush();
        }
    }

    /**
     * The same commands read line by line from a stream that is not a terminal (a pipe or a
     * file: {@code printf 'stress 25\nquit\n' | qscale interactive}). Returns 0.
     */
    int run(BufferedReader in, PrintWriter out) throws IOException {
        out.println("qscale interactive on queue " + pool.keys().queueName() + " at " + pool.endpoint() + " (reading commands)");
        String line;
        while ((line = in.readLine()) != null) {
            out.println("qscale> " + line);
            boolean more = execute(line.trim(), out);
            out.flush();
            if (!more) {
                break;
            }
        }
        out.flush();
        return 0;
    }

    private static AggregateCompleter completer() {
        return new AggregateCompleter(
                new ArgumentCompleter(new StringsCompleter("stress", "scale", "metrics", "workers", "decisions", "status",
                        "help", "quit"), NullCompleter.INSTANCE),
                new ArgumentCompleter(new StringsCompleter("auto"), new StringsCompleter("on", "off"), NullCompleter.INSTANCE),
                new ArgumentCompleter(new StringsCompleter("mode"), new StringsCompleter("auto", "dry-run", "manual"),
                        NullCompleter.INSTANCE));
    }

    /** Runs one command line; false when it asks to quit. */
    boolean execute(String line, PrintWriter out) {
        if (line.isEmpty()) {
            return true;
        }
        List<String> words = List.of(line.split("\\s+"));
        String command = words.get(0);
        try {
            switch (command) {
                case "quit", "exit" -> {
                    out.println("bye");
                    return false;
                }
                case "help" -> out.println(HELP);
                case "stress" -> actions.stress(StressRequest.sleeps(number(words, 1,
                        "stress needs a number of tasks, for example: stress 25")), out, false);
                case "scale" -> out.println(actions.scale(number(words, 1, "scale needs a number of workers, for example: scale 4")));
                case "auto" -> out.println(auto(words));
                case "mode" -> out.println(mode(words));
                case "metrics" -> out.println(SnapshotText.human(pool.snapshot(), pool.endpoint().toString()));
                case "workers" -> out.println(actions.workers());
                case "decisions" -> out.println(actions.decisions(words.size() > 1
                        ? number(words, 1, "decisions takes a number, for example: decisions 5") : 10));
                case "status" -> out.println(actions.status());
                default -> out.println("unknown command '" + command + "'" + System.lineSeparator() + HELP);
            }
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
        } catch (RuntimeException e) {
            out.println("failed: " + e.getMessage());
        }
        return true;
    }

    private String auto(List<String> words) {
        if (words.size() == 2 && words.get(1).equals("on")) {
            return actions.setMode(ManagerMode.AUTO);
        }
        if (words.size() == 2 && words.get(1).equals("off")) {
            return actions.setMode(ManagerMode.manual(pool.snapshot().activeWorkers()));
        }
        throw new IllegalArgumentException("auto takes on or off, for example: auto off");
    }

    private String mode(List<String> words) {
        if (words.size() < 2 || words.size() > 3) {
            throw new IllegalArgumentException("mode takes auto, dry-run or manual [N], for example: mode dry-run");
        }
        OptionalInt workers = words.size() > 2
                ? OptionalInt.of(number(words, 2, "mode manual takes a number of workers, for example: mode manual 4"))
                : OptionalInt.empty();
        return actions.setMode(actions.parseMode(words.get(1), workers));
    }

    private static int number(List<String> words, int index, String usage) {
        if (words.size() <= index) {
            throw new IllegalArgumentException(usage);
        }
        try {
            return Integer.parseInt(words.get(index));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(usage);
        }
    }
}
