package io.qscale.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The HTTP code reads a pool through worker-manager's API packages only, never its internals. */
class HttpLayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/io/qscale/cli/http");
    private static final List<String> MANAGER_API = List.of("io.qscale.manager.runtime.", "io.qscale.manager.config.");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.qscale\\.manager\\.[\\w.]+);", Pattern.MULTILINE);

    @Test
    void httpClassesImportNothingFromWorkerManagerButItsRuntimeAndConfig() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(SOURCES)) {
            files = listed.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(files).as("the http sources").hasSizeGreaterThan(5);
        for (Path file : files) {
            Matcher imports = IMPORT.matcher(Files.readString(file));
            while (imports.find()) {
                String imported = imports.group(1);
                assertThat(MANAGER_API).as("%s imports %s", file.getFileName(), imported)
                        .anyMatch(imported::startsWith);
            }
        }
    }
}
