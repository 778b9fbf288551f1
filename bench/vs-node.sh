#!/usr/bin/env bash
# Start-up against the JavaScript actions teams switch from: `slack-notify` posting one message and
# `health-verify` making one passing check, run as the image runs them (its JVM flags, C1 only, an AOT cache
# trained by dev.flo.actions.AotTraining on this jar), against a Node process making the same single request
# (bench/peers/*.mjs) to the same local server. hyperfine, 3 warm-ups, 20 runs each; peak memory from
# /usr/bin/time -v. The quoted figures in bench/README.md were taken as alternating pairs (A B A B) with the same
# commands, so a drifting machine shifts both sides alike.
#
#   bench/vs-node.sh        # JDK 25 in JAVA_HOME, node on PATH, target/flo-actions.jar; writes bench/out/vs-node.md
#   FLO_BENCH_DOCKER=1 bench/vs-node.sh   # also the image under `docker run` against `docker run … sh -c :` (root)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "${JAVA_HOME:-}/bin/java" ] || { echo "JAVA_HOME must point at a JDK 25" >&2; exit 1; }
[ -f target/flo-actions.jar ] || { echo "run ./mvnw -B -DskipTests package first" >&2; exit 1; }
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
S=$(mktemp -d /tmp/flo-vs-node.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$S"' EXIT
mkdir -p bench/out "$S/www" && echo ok >"$S/www/health"

cp target/flo-actions.jar "$S/flo.jar"
# The image's runtime: the Dockerfile's module list and jlink options, and its cache trained the same way.
modules=$(sed -n 's/^ARG RUNTIME_MODULES=//p' Dockerfile)
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-java-debug-attributes --compress=zip-6 --no-man-pages --no-header-files --output "$S/rt"
"$S/rt/bin/java" -XX:AOTCacheOutput="$S/flo.aot" -XX:+UseSerialGC -Dstdout.encoding=UTF-8 -cp "$S/flo.jar" dev.flo.actions.AotTraining >"$S/train.log" 2>&1
JAVA="$S/rt/bin/java -XX:AOTCache=$S/flo.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -XX:UserThreadWaitAttemptsAtExit=0 -jar $S/flo.jar"

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
  echo "# vs-node $(date -u +%F) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  hyperfine -N --warmup 3 --runs 20 --export-markdown /dev/stdout "${pairs[0]}" "${pairs[1]}" 2>/dev/null
  hyperfine -N --warmup 3 --runs 20 --export-markdown /dev/stdout "${pairs[2]}" "${pairs[3]}" 2>/dev/null
  echo; echo "Peak memory (max RSS, KiB):"
  for c in "${pairs[@]}"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "%M  ${c%% --*}" $c >/dev/null 2>"$S/time.log" || true; tail -1 "$S/time.log"
  done
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
    hyperfine -N --warmup 2 --runs 10 --export-markdown /dev/stdout \
      "docker run --rm --network host $IMAGE slack-notify --token xoxb-bench-token --channel C0BENCH --status success --api-url $SLACK" "$NOOP" 2>/dev/null
    hyperfine -N --warmup 2 --runs 10 --export-markdown /dev/stdout \
      "docker run --rm --network host $IMAGE health-verify --url $HEALTH --consecutive-successes 1 --interval 1s --timeout 10s" "$NOOP" 2>/dev/null
  } | tee -a "$out"
fi
