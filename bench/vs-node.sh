#!/usr/bin/env bash
# Start-up against the JavaScript actions teams switch from: `slack-notify` posting one message and
# `health-verify` making one passing check, run as the image runs them (its runtime, JVM flags, C1 only, an AOT
# cache trained by dev.flo.actions.AotTraining on this jar), against a Node process making the same single request
# (bench/peers/*.mjs) to the same local server. Alternating pairs (A B A B, bench/pairs.py): whole process, wall
# time, CPU (user + system) and peak RSS per run; medians and the median of the per-pair ratios, so a drifting
# machine shifts both sides alike. These are the commands the figures in bench/README.md come from.
#
#   bench/vs-node.sh        # JDK 25 in JAVA_HOME, node and python3 on PATH, target/flo-actions.jar; writes bench/out/vs-node.md
#   FLO_BENCH_RUNS=20       # pairs per comparison (default 20, 3 warm-up pairs)
#   FLO_BENCH_BEFORE=old.jar bench/vs-node.sh   # also this jar (its own cache, same runtime and flags) against the
#                           # current one: the before/after of a change
#   FLO_BENCH_DOCKER=1 bench/vs-node.sh   # also the image under `docker run` against `docker run … sh -c :` (root)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "${JAVA_HOME:-}/bin/java" ] || { echo "JAVA_HOME must point at a JDK 25" >&2; exit 1; }
[ -f target/flo-actions.jar ] || { echo "run ./mvnw -B -DskipTests package first" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed (bench/pairs.py)" >&2; exit 1; }
runs=${FLO_BENCH_RUNS:-20}
pairs() { python3 bench/pairs.py -n "$runs" --warmup 3 --csv "bench/out/vs-node-$1.csv" --a "$2" --b "$3"; }
S=$(mktemp -d /tmp/flo-vs-node.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$S"' EXIT
mkdir -p bench/out "$S/www" && echo ok >"$S/www/health"

cp target/flo-actions.jar "$S/flo.jar"
# The image's runtime: the Dockerfile's module list and jlink options, and its cache trained the same way.
modules=$(sed -n 's/^ARG RUNTIME_MODULES=//p' Dockerfile)
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-java-debug-attributes --compress=zip-6 --no-man-pages --no-header-files --output "$S/rt"
"$S/rt/bin/java" -XX:AOTCacheOutput="$S/flo.aot" -XX:+UseSerialGC -Dstdout.encoding=UTF-8 -cp "$S/flo.jar" dev.flo.actions.AotTraining >"$S/train.log" 2>&1
# The image's ENTRYPOINT flags, read from the Dockerfile so the two cannot drift apart.
flags=$(sed -n '/^ENTRYPOINT/,/]$/p' Dockerfile | grep -o '"-[^"]*"' | tr -d '"' | grep -v -e '^-jar$' -e '^-XX:AOTCache=' | tr '\n' ' ')
JAVA="$S/rt/bin/java -XX:AOTCache=$S/flo.aot $flags -jar $S/flo.jar"
if [ -n "${FLO_BENCH_BEFORE:-}" ]; then
  cp "$FLO_BENCH_BEFORE" "$S/before.jar"
  "$S/rt/bin/java" -XX:AOTCacheOutput="$S/before.aot" -XX:+UseSerialGC -Dstdout.encoding=UTF-8 -cp "$S/before.jar" dev.flo.actions.AotTraining >"$S/train-before.log" 2>&1
  BEFORE="$S/rt/bin/java -XX:AOTCache=$S/before.aot $flags -jar $S/before.jar"
fi

node bench/peers/fake-slack.mjs "$S/slack.port" & 
"$JAVA_HOME/bin/jwebserver" -b 127.0.0.1 -p 0 -d "$S/www" >"$S/www.log" 2>&1 &
for _ in $(seq 1 50); do [ -s "$S/slack.port" ] && grep -q ' port [0-9]' "$S/www.log" && break; sleep 0.1; done
SLACK=http://127.0.0.1:$(cat "$S/slack.port")/api
HEALTH=http://127.0.0.1:$(grep -o ' port [0-9]*' "$S/www.log" | awk '{print $2}')/health

pairs=(
  "$JAVA slack-notify --token xoxb-bench-token --channel C0BENCH --status success --api-url $SLACK"
  "node bench/peers/slack-post.mjs $SLACK"
  "$JAVA health-verify --url $HEALTH --consecutive-successes 1 --interval 1s --timeout 10s"
  "node bench/peers/health-get.mjs $HEALTH"
)
out=bench/out/vs-node.md
{
  echo "# vs-node $(date -u '+%F %H:%M') UTC on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo; echo "## slack-notify (A) vs slack-post.mjs (B)"; pairs slack "${pairs[0]}" "${pairs[1]}"
  echo; echo "## health-verify (A) vs health-get.mjs (B)"; pairs health "${pairs[2]}" "${pairs[3]}"
  if [ -n "${BEFORE:-}" ]; then
    echo; echo "## slack-notify, this jar (A) vs $FLO_BENCH_BEFORE (B)"
    pairs slack-before "${pairs[0]}" "${pairs[0]/$JAVA/$BEFORE}"
    echo; echo "## health-verify, this jar (A) vs $FLO_BENCH_BEFORE (B)"
    pairs health-before "${pairs[2]}" "${pairs[2]/$JAVA/$BEFORE}"
  fi
} | tee "$out"

# FLO_BENCH_DOCKER=1: the image itself (built as the container test builds it: private dockerd, local bases), a
# whole `docker run --rm` of each step against `docker run … sh -c :`, Docker's own cost, in alternating pairs.
if [ "${FLO_BENCH_DOCKER:-0}" = 1 ]; then
  started=$SECONDS
  fail() { echo "vs-node: $*" >&2; exit 1; }
  # shellcheck source=.ci/local-image.sh
  . .ci/local-image.sh
  trap 'kill $(jobs -p) 2>/dev/null; local_image_cleanup' EXIT
  start_dockerd
  import_local_bases
  build_image
  NOOP="docker run --rm --network host --entrypoint /bin/sh $IMAGE -c :"
  {
    echo; echo "## docker run, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo; echo "### slack-notify (A) vs the no-op container (B)"
    pairs docker-slack "docker run --rm --network host $IMAGE slack-notify --token xoxb-bench-token --channel C0BENCH --status success --api-url $SLACK" "$NOOP"
    echo; echo "### health-verify (A) vs the no-op container (B)"
    pairs docker-health "docker run --rm --network host $IMAGE health-verify --url $HEALTH --consecutive-successes 1 --interval 1s --timeout 10s" "$NOOP"
  } | tee -a "$out"
fi
