#!/usr/bin/env bash
# deploy under a real cancel: the jar as a child process, SIGTERM during the backend check, time until it exits,
# its exit code and what the Render fake serves afterwards (see bench/README.md).
# Usage: bench/deploy-cancel.sh  (after ./mvnw -B -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=bench/out/deploy-cancel
mkdir -p "$out"
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$out/cp.txt"
"$JAVA_HOME/bin/java" -cp "target/classes:target/test-classes:$(cat "$out/cp.txt")" \
  dev.flo.actions.step.deploy.DeployCancelBench 2>/dev/null | tee "$out/results.txt"
