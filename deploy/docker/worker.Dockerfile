# The qscale demo worker. Build from the repository root after `./mvnw -DskipTests package`:
#   docker build -f deploy/docker/worker.Dockerfile -t qscale/worker .
# BASE_IMAGE is any image with a Java 17+ runtime on the PATH (default Eclipse Temurin); on a
# machine without a registry, deploy/docker/build-local-images.sh makes one from the local JDK.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
COPY demo-worker/target/qscale-worker.jar demo-worker/target/qscale-worker.options /opt/qscale/
# A class-data-sharing archive made by this image's own Java runtime (the one the build makes
# belongs to the build's JDK): workers start sooner. docs/benchmarks.md has the figures.
RUN ["java", "@/opt/qscale/qscale-worker.options", "-XX:ArchiveClassesAtExit=/opt/qscale/qscale-worker.jsa", \
     "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", "/opt/qscale/qscale-worker.jar", \
     "io.qscale.worker.demo.DemoWorkerMain", "--cds-training"]
ENV QSCALE_QUEUE=tasks
# The JVM options chosen by measurement (a Java argument file), as the local scaler uses them.
ENTRYPOINT ["java", "@/opt/qscale/qscale-worker.options", "-XX:SharedArchiveFile=/opt/qscale/qscale-worker.jsa", \
            "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", "/opt/qscale/qscale-worker.jar", \
            "io.qscale.worker.demo.DemoWorkerMain"]
