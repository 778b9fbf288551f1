#!/usr/bin/env bash
# Whole-process start-up of one step, three ways: (a) plain `java -jar` on the host's JDK 25, (b) the image's own
# jlink'd runtime and AOT cache, run natively (chroot into the image's exported file system: same bytes, same
# paths, no Docker), (c) `docker run --rm` of the image. hyperfine, 2 warm-ups, 10 runs each.
#
#   bench/image-startup.sh            # root, JDK 25 in JAVA_HOME, target/flo-actions.jar; writes bench/out/
#   FLO_BENCH_ARGS='--help' bench/image-startup.sh
#
# The image is built the way .ci/container-test.sh builds it (private dockerd, local bases from the host).
# The command is health-verify against a local HTTP server (one passing check) when the jar has that step,
# else --help; FLO_BENCH_ARGS overrides it (the arguments after the jar, e.g. 'db-migrate --help').
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
fail() { echo "image start-up bench FAILED: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "must run as root (dockerd, chroot)"
[ -x "${JAVA_HOME:-}/bin/java" ] || fail "JAVA_HOME must point at a JDK 25"
[ -f target/flo-actions.jar ] || fail "target/flo-actions.jar is missing: run ./mvnw -B -DskipTests package first"
command -v hyperfine >/dev/null && command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine jq >/dev/null; }

S=$(mktemp -d /tmp/flo-image-bench.XXXXXX)
# shellcheck source=.ci/local-image.sh
. .ci/local-image.sh
trap local_image_cleanup EXIT INT TERM
start_dockerd
import_local_bases
build_image

# The image's file system, for (b): its runtime, cache and jar at the paths the cache was trained with.
ROOTFS=$S/rootfs
mkdir -p "$ROOTFS"
docker export "$(docker create "$IMAGE")" | tar -x -C "$ROOTFS"
mount -t proc proc "$ROOTFS/proc"
mount --bind /dev "$ROOTFS/dev"
read -r -a ENTRYPOINT <<<"$(docker image inspect -f '{{range .Config.Entrypoint}}{{.}} {{end}}' "$IMAGE")"

if [ -n "${FLO_BENCH_ARGS:-}" ]; then
  ARGS=$FLO_BENCH_ARGS
elif "$JAVA_HOME/bin/java" -jar target/flo-actions.jar --help | grep -q '^  health-verify '; then
  mkdir -p "$S/www" && echo ok >"$S/www/health"
  "$JAVA_HOME/bin/jwebserver" -b 127.0.0.1 -p 0 -d "$S/www" >"$S/http.log" 2>&1 &
  HTTP_PID=$!
  for _ in $(seq 1 50); do grep -q ' port [0-9]' "$S/http.log" && break; sleep 0.1; done
  # One passing check: the figure is start-up plus one request, not health-verify's own waiting.
  ARGS="health-verify --url http://127.0.0.1:$(grep -o ' port [0-9]*' "$S/http.log" | awk '{print $2}')/health --consecutive-successes 1"
else
  ARGS="--help"
fi
echo "image start-up bench: java ... $ARGS"

mkdir -p bench/out
size=$(docker image inspect -f '{{.Size}}' "$IMAGE")
hyperfine -N --warmup 2 --runs 10 --export-json bench/out/image-startup.json \
  -n "(a) host JDK 25, java -jar" "$JAVA_HOME/bin/java -jar target/flo-actions.jar $ARGS" \
  -n "(b0) image runtime, C1, no AOT cache" "chroot $ROOTFS ${ENTRYPOINT[0]} -XX:TieredStopAtLevel=1 -jar /opt/flo-actions/flo-actions.jar $ARGS" \
  -n "(b) image runtime + AOT cache + C1" "chroot $ROOTFS ${ENTRYPOINT[*]} $ARGS" \
  -n "(c) docker run --rm <image>" "docker run --rm --network host $IMAGE $ARGS"
{
  echo "| Command | Median | Mean ± σ | Min … Max |"
  echo "|---|---:|---:|---:|"
  jq -r '.results[] | "| \(.command) | **\(.median * 1000 | round) ms** | \(.mean * 1000 | round) ± \(.stddev * 1000 | round) ms | \(.min * 1000 | round) … \(.max * 1000 | round) ms |"' \
    bench/out/image-startup.json
  echo
  echo "Command: \`$ARGS\`. Host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "Image: $((size / 1000000)) MB: runtime $(du -sm "$ROOTFS/opt/java" | cut -f1) MB," \
    "AOT cache $(du -sm "$ROOTFS/opt/flo-actions/flo-actions.aot" | cut -f1) MB," \
    "jar $(du -sm "$ROOTFS/opt/flo-actions/flo-actions.jar" | cut -f1) MB, base and the rest $(du -sm --exclude=proc --exclude=dev --exclude=opt "$ROOTFS" | cut -f1) MB."
} >bench/out/image-startup.md
cat bench/out/image-startup.md
echo "image start-up bench: done in $((SECONDS - started)) s"
