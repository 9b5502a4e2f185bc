#!/usr/bin/env sh
# Runs qscale's benchmarks (docs/benchmarks.md): builds first when the jars are missing, then
# prints every figure with a baseline measured in the same run, the ratio and the goal.
#   benchmarks/run.sh                 all parts (about 5 minutes on 2 cores)
#   benchmarks/run.sh drain snapshot  some parts; --smoke for tiny sizes; --help for the rest
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/benchmarks/target/qscale-benchmarks.jar"
if [ ! -f "$jar" ] || [ ! -f "$root/dashboard-cli/target/qscale.jar" ] || [ ! -f "$root/demo-worker/target/qscale-worker.jar" ]; then
  echo "run.sh: building qscale (tests skipped)..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests package >&2)
fi
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java_cmd" -jar "$jar" --root "$root" "$@"
