# The qscale command (manager, dashboard, CLI). Build from the repository root after
# `./mvnw -DskipTests package`:
#   docker build -f deploy/docker/qscale.Dockerfile -t qscale/qscale .
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
COPY dashboard-cli/target/qscale.jar /opt/qscale/qscale.jar
ENV QSCALE_QUEUE=tasks
ENTRYPOINT ["java", "-Xmx128m", "-jar", "/opt/qscale/qscale.jar"]
CMD ["manager", "--auto-scale"]
