# The qscale demo worker. Build from the repository root after `./mvnw -DskipTests package`:
#   docker build -f deploy/docker/worker.Dockerfile -t qscale/worker .
# BASE_IMAGE is any image with a Java 17+ runtime on the PATH (default Eclipse Temurin); on a
# machine without a registry, deploy/docker/build-local-images.sh makes one from the local JDK.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
COPY demo-worker/target/qscale-worker.jar /opt/qscale/qscale-worker.jar
ENV QSCALE_QUEUE=tasks
ENTRYPOINT ["java", "-Xmx64m", "-XX:+UseSerialGC", "-jar", "/opt/qscale/qscale-worker.jar"]
