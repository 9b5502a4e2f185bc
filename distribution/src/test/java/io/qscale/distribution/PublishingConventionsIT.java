package io.qscale.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Maven Central conventions, after the reactor has packaged every module: each library module has
 * a sources and a javadoc jar beside its jar, a name and a description, and the BOM manages it;
 * the parent names the URL, licence, SCM and developers every module inherits.
 */
class PublishingConventionsIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Runnables and tooling: not libraries anyone depends on. */
    private static final Set<String> RUNNABLES = Set.of("dashboard-cli", "benchmarks", "distribution", "qscale-bom", "examples");
    private static final String VERSION = System.getProperty("qscale.version", "0.1.0-SNAPSHOT");

    private static Document pom(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static String child(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getParentNode() == parent) {
                return nodes.item(i).getTextContent().strip();
            }
        }
        return "";
    }

    private static List<String> libraries() throws Exception {
        NodeList modules = pom(ROOT.resolve("pom.xml")).getElementsByTagName("module");
        List<String> libraries = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            String module = modules.item(i).getTextContent().strip();
            if (!RUNNABLES.contains(module)) {
                libraries.add(module);
            }
        }
        return libraries;
    }

    @Test
    void everyLibraryModuleShipsSourcesAndJavadocAndIsInTheBom() throws Exception {
        String bom = Files.readString(ROOT.resolve("qscale-bom/pom.xml"));

        assertThat(libraries()).hasSizeGreaterThanOrEqualTo(8).allSatisfy(module -> {
            Element project = pom(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            String artifact = child(project, "artifactId");
            Path target = ROOT.resolve(module).resolve("target");
            assertThat(target.resolve(artifact + "-" + VERSION + "-sources.jar")).as(module).exists();
            assertThat(target.resolve(artifact + "-" + VERSION + "-javadoc.jar")).as(module).exists();
            assertThat(child(project, "name")).as(module + " name").isNotBlank();
            assertThat(child(project, "description")).as(module + " description").isNotBlank();
            assertThat(bom).as(module + " in qscale-bom").contains("<artifactId>" + artifact + "</artifactId>");
        });
    }

    @Test
    void theParentNamesWhatEveryPublishedPomInherits() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml")).getDocumentElement();

        assertThat(child(parent, "url")).startsWith("https://");
        assertThat(parent.getElementsByTagName("license").getLength()).isEqualTo(1);
        assertThat(child((Element) parent.getElementsByTagName("license").item(0), "name")).isEqualTo("Apache-2.0");
        assertThat(ROOT.resolve("LICENSE")).content().contains("Apache License").contains("Version 2.0, January 2004");
        assertThat(child((Element) parent.getElementsByTagName("scm").item(0), "connection")).startsWith("scm:git:");
        assertThat(parent.getElementsByTagName("developer").getLength()).isPositive();
    }
}
