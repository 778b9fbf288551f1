#!/usr/bin/env bash
# deploy: wall time of `order: parallel` against `backend-first` and `frontend-first`, through the real step,
# with local Render and Vercel fakes whose deploys take fixed times (Render live at its 5th poll, about 61 s;
# Vercel READY at its 7th read, 30 s) and health checks that pass at once (3 in a row, 1 s apart). Time runs 20x
# faster than the wall clock (DeployOrderBench.ScaledClock); the figures are the step's own duration-ms.
# Usage: bench/deploy-order.sh [runs per order]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=bench/out/deploy-order
mkdir -p "$out"
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$out/cp.txt"
"$JAVA_HOME/bin/java" -cp "target/classes:target/test-classes:$(cat "$out/cp.txt")" \
  dev.flo.actions.step.deploy.DeployOrderBench "${1:-3}" 2>/dev/null | tee "$out/results.csv"
