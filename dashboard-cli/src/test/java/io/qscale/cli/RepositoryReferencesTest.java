package io.qscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository is complete on its own: code and docs cite its own design (docs/architecture.md),
 * never a document a user of the repository does not have, and every docs/ link in the README
 * and the docs resolves.
 */
class RepositoryReferencesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", ".mvn");
    private static final Set<String> TEXT = Set.of("java", "md", "yml", "yaml", "xml", "lua", "py", "js", "sh", "html", "css",
            "properties", "txt");

    private static List<Path> textFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> ROOT.relativize(file).toString().split("/").length > 0)
                    .filter(file -> {
                        for (Path part : ROOT.relativize(file)) {
                            if (SKIPPED.contains(part.toString())) {
                                return false;
                            }
                        }
                        String name = file.getFileName().toString();
                        return TEXT.contains(name.substring(name.lastIndexOf('.') + 1));
                    }).toList();
        }
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (MalformedInputException binary) {
            return "";
        }
    }

    @Test
    void nothingCitesADesignDocumentOutsideTheRepository() throws IOException {
        List<String> citing = new ArrayList<>();
        for (Path file : textFiles()) {
            if (read(file).contains("DESIGN" + ".md")) {
                citing.add(ROOT.relativize(file).toString());
            }
        }

        assertThat(citing).as("files citing a design document outside the repository (cite docs/architecture.md)").isEmpty();
        assertThat(ROOT.resolve("docs/architecture.md")).exists();
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsResolves() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).forEach(documents::add);
        }
        for (Path document : documents) {
            Matcher matcher = link.matcher(Files.readString(document));
            while (matcher.find()) {
                String target = matcher.group(1);
                if (!target.contains("://") && !target.startsWith("mailto:")
                        && !Files.exists(document.getParent().resolve(target).normalize())) {
                    broken.add(ROOT.relativize(document) + " -> " + target);
                }
            }
        }

        assertThat(broken).isEmpty();
    }
}
