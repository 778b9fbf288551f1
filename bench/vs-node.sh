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
#   FLO_BENCH_TLS=1 bench/vs-node.sh   # slack-notify over HTTPS, as against slack.com (the fake offers HTTP/2 in ALPN, as
#                           # slack.com does; the Node peer takes HTTP/1.1): a local certificate trusted
#                           # through a copy of the runtime's CA store (so both sides still read a whole store);
#                           # FLO_BENCH_TLS_KEY=ec: the certificate an ECDSA P-256 one instead of RSA 2048
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
# The image's training and ENTRYPOINT flags, read from the Dockerfile (bench/image-flags.sh).
# shellcheck source=bench/image-flags.sh
. bench/image-flags.sh
# shellcheck disable=SC2086
"$S/rt/bin/java" -XX:AOTCacheOutput="$S/flo.aot" $IMAGE_TRAIN_FLAGS -cp "$S/flo.jar" dev.flo.actions.AotTraining >"$S/train.log" 2>&1
JAVA="$S/rt/bin/java -XX:AOTCache=$S/flo.aot $IMAGE_RUN_FLAGS -cp $S/flo.jar dev.flo.actions.Main"
if [ -n "${FLO_BENCH_BEFORE:-}" ]; then
  cp "$FLO_BENCH_BEFORE" "$S/before.jar"
  # shellcheck disable=SC2086
  "$S/rt/bin/java" -XX:AOTCacheOutput="$S/before.aot" $IMAGE_TRAIN_FLAGS -cp "$S/before.jar" dev.flo.actions.AotTraining >"$S/train-before.log" 2>&1
  BEFORE="$S/rt/bin/java -XX:AOTCache=$S/before.aot $IMAGE_RUN_FLAGS -cp $S/before.jar dev.flo.actions.Main"
fi

NODE_SLACK="node"
if [ "${FLO_BENCH_TLS:-0}" = 1 ]; then
  # One certificate for 127.0.0.1, added to a copy of the runtime's CA store for the JVM and handed to Node as an
  # extra CA: each side reads its whole store, as it would against slack.com.
  # FLO_BENCH_TLS_KEY=ec: an ECDSA P-256 certificate instead of RSA 2048 (checking its signature needs P-256).
  key=rsa:2048; [ "${FLO_BENCH_TLS_KEY:-rsa}" != ec ] || key="ec -pkeyopt ec_paramgen_curve:P-256"
  # shellcheck disable=SC2086
  openssl req -x509 -newkey $key -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$S/key.pem" -out "$S/cert.pem" 2>/dev/null
  cp "$S/rt/lib/security/cacerts" "$S/cacerts"
  "$JAVA_HOME/bin/keytool" -importcert -noprompt -alias bench -file "$S/cert.pem" -keystore "$S/cacerts" -storepass changeit >/dev/null
  JAVA="${JAVA/ -cp / -Djavax.net.ssl.trustStore=$S/cacerts -cp }"
  NODE_SLACK="env NODE_EXTRA_CA_CERTS=$S/cert.pem node"
  [ -z "${BEFORE:-}" ] || BEFORE="${BEFORE/ -cp / -Djavax.net.ssl.trustStore=$S/cacerts -cp }"
  TLS_KEY="$S/key.pem" TLS_CERT="$S/cert.pem" node bench/peers/fake-slack.mjs "$S/slack.port" &
else
  node bench/peers/fake-slack.mjs "$S/slack.port" &
fi
"$JAVA_HOME/bin/jwebserver" -b 127.0.0.1 -p 0 -d "$S/www" >"$S/www.log" 2>&1 &
for _ in $(seq 1 50); do [ -s "$S/slack.port" ] && grep -q ' port [0-9]' "$S/www.log" && break; sleep 0.1; done
SLACK=http$([ "${FLO_BENCH_TLS:-0}" = 1 ] && echo s)://127.0.0.1:$(cat "$S/slack.port")/api
HEALTH=http://127.0.0.1:$(grep -o ' port [0-9]*' "$S/www.log" | awk '{print $2}')/health

pairs=(
  "$JAVA slack-notify --token xoxb-bench-token --channel C0BENCH --status success --api-url $SLACK"
  "$NODE_SLACK bench/peers/slack-post.mjs $SLACK"
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
  [ "${FLO_BENCH_TLS:-0}" != 1 ] || { echo "vs-node: FLO_BENCH_DOCKER runs over plain HTTP; leave FLO_BENCH_TLS out" >&2; exit 1; }
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
