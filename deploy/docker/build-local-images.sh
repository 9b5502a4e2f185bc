#!/usr/bin/env bash
# Builds qscale's images on a machine that cannot pull from a registry:
#   1. qscale/jre-base:local  a Java runtime made by jlink from the local JDK, plus the shared
#                             libraries that ldd lists, imported with `docker import`;
#   2. qscale/worker:local    deploy/docker/worker.Dockerfile on that base.
# Needs a JDK with jmods, a running Docker Engine and demo-worker/target/qscale-worker.jar.
# Usage: deploy/docker/build-local-images.sh [--force]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base=qscale/jre-base:local
worker=qscale/worker:local
force=${1:-}
log() { printf '[images] %s\n' "$*" >&2; }

java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
jlink="$java_home/bin/jlink"
[ -x "$jlink" ] || { log "no jlink in $java_home (set JAVA_HOME to a JDK)"; exit 1; }
[ -d "$java_home/jmods" ] || { log "$java_home has no jmods folder; jlink needs a JDK with jmods"; exit 1; }
[ -f "$root/demo-worker/target/qscale-worker.jar" ] && [ -f "$root/demo-worker/target/qscale-worker.options" ] || { log "build first: ./mvnw -DskipTests package"; exit 1; }

if [ "$force" = --force ] || ! docker image inspect "$base" >/dev/null 2>&1; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  log "jlink: a Java runtime for the worker"
  "$jlink" --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.unsupported \
    --generate-cds-archive --strip-debug --no-header-files --no-man-pages --output "$work/rootfs/opt/java/openjdk"
  log "copying the shared libraries it links against"
  find "$work/rootfs/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
    | xargs -0 ldd 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u | while read -r lib; do
      case "$lib" in "$work"/*) continue ;; esac
      mkdir -p "$work/rootfs$(dirname "$lib")"
      cp -L "$lib" "$work/rootfs$lib"
    done
  mkdir -p "$work/rootfs/tmp" "$work/rootfs/etc"
  chmod 1777 "$work/rootfs/tmp"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$work/rootfs/etc/passwd"
  log "docker import $base"
  tar -C "$work/rootfs" -c . | docker import \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin' - "$base" >/dev/null
fi

log "docker build $worker"
DOCKER_BUILDKIT=0 docker build -q -f "$root/deploy/docker/worker.Dockerfile" --build-arg BASE_IMAGE="$base" \
  -t "$worker" "$root" >/dev/null
log "ready: $worker (on $base)"
