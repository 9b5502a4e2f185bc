package io.qscale.manager.docker;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What Docker tests need: a reachable engine (skipped with a clear message when none answers,
 * failed instead when {@code QSCALE_REQUIRE_DOCKER=1}) and the worker image, built once from the
 * project's Dockerfile on a locally made base by {@code deploy/docker/build-local-images.sh}.
 */
final class DockerTestSupport {

    static final String WORKER_IMAGE = "qscale/worker:local";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static boolean imagesBuilt;

    private DockerTestSupport() {
    }

    static boolean required() {
        return "1".equals(System.getenv("QSCALE_REQUIRE_DOCKER"));
    }

    static void requireEngine() {
        if (DockerEngine.reachable(DockerEngine.DEFAULT_HOST)) {
            return;
        }
        String why = "no Docker Engine answers at " + DockerEngine.DEFAULT_HOST;
        if (required()) {
            fail(why + ", and QSCALE_REQUIRE_DOCKER=1 requires one (.ci/run starts dockerd)");
        }
        Assumptions.abort(why + "; skipping (set QSCALE_REQUIRE_DOCKER=1 to fail instead)");
    }

    static synchronized void requireWorkerImage() throws IOException, InterruptedException {
        requireEngine();
        if (imagesBuilt) {
            return;
        }
        Path log = Files.createTempFile("qscale-images", ".log");
        Process build = new ProcessBuilder(ROOT.resolve("deploy/docker/build-local-images.sh").toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
            fail("building the worker image failed:\n" + Files.readString(log));
        }
        imagesBuilt = true;
    }
}
