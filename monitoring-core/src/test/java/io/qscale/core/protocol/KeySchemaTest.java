package io.qscale.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The key schema is stated once ({@link QueueKeys#SCHEMA}) and everything else agrees with it:
 * every key method of QueueKeys, every key name a Lua script builds, every KEYS[i] a script uses
 * (declared at its top, as BullMQ's scripts do), and docs/protocol.md's key table.
 */
class KeySchemaTest {

    private static final Path LUA = Path.of("src", "main", "resources", "io", "qscale", "core", "lua");
    private static final Path PROTOCOL_DOC = Path.of("..", "docs", "protocol.md");
    private static final QueueKeys KEYS = new QueueKeys("q");

    /** What follows the prefix, with the id of a family key cut off ("worker:w1" -> "worker:"). */
    private static String suffix(String key) {
        String rest = key.substring(KEYS.prefix().length());
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon + 1);
    }

    @Test
    void everyKeyMethodOfQueueKeysIsInTheSchemaAndEverySchemaKeyHasOne() throws Exception {
        Set<String> named = new TreeSet<>();
        for (Method method : QueueKeys.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers())
                    || method.getReturnType() != String.class || method.getName().equals("queueName")
                    || method.getName().equals("prefix") || method.getName().equals("toString")) {
                continue;
            }
            Object[] args = method.getParameterCount() == 0 ? new Object[0]
                    : new Object[] {method.getParameterTypes()[0] == long.class ? (Object) 1764489600L : "w1"};
            named.add(suffix((String) method.invoke(KEYS, args)));
        }

        assertThat(named).containsExactlyInAnyOrderElementsOf(QueueKeys.SCHEMA);
    }

    @Test
    void everyKeyAScriptBuildsIsInTheSchemaAndEveryKeysItUsesIsDeclaredAtItsTop() throws IOException {
        Pattern built = Pattern.compile("\\.\\.\\s*'([a-z]+:?)'");
        Pattern used = Pattern.compile("KEYS\\[(\\d+)]");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> scripts = Files.list(LUA)) {
            for (Path script : scripts.filter(file -> file.toString().endsWith(".lua")).sorted().toList()) {
                String text = Files.readString(script);
                Matcher names = built.matcher(text);
                while (names.find()) {
                    if (!QueueKeys.SCHEMA.contains(names.group(1))) {
                        problems.add(script.getFileName() + " builds a key '" + names.group(1) + "' that QueueKeys does not declare");
                    }
                }
                String header = text.lines().takeWhile(line -> line.startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
                Matcher keys = used.matcher(text);
                while (keys.find()) {
                    if (!header.contains("KEYS[" + keys.group(1) + "]")) {
                        problems.add(script.getFileName() + " uses KEYS[" + keys.group(1) + "] without declaring it at its top");
                    }
                }
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void theProtocolDocumentsKeyTableListsExactlyTheSchema() throws IOException {
        Pattern row = Pattern.compile("^\\| `qscale:\\{Q}:([a-z]+:?)[^`]*` \\|", Pattern.MULTILINE);
        Set<String> documented = new TreeSet<>();
        Matcher rows = row.matcher(Files.readString(PROTOCOL_DOC));
        while (rows.find()) {
            documented.add(rows.group(1));
        }

        assertThat(documented).containsExactlyInAnyOrderElementsOf(QueueKeys.SCHEMA);
    }
}
