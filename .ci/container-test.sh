#!/usr/bin/env bash
# Container test: builds the image from local bases (no registry is reachable here) and runs a step in it the
# way the GitHub runner runs a container action (shared/reference/runtime-contract.md §1): same docker run flags,
# mounts, env and file commands. Then reads the outputs file back and checks exit codes and file ownership.
#
#   .ci/container-test.sh                     # needs root (starts its own dockerd), JDK 25, target/flo-actions.jar
#   FLO_SKIP_CONTAINER_TEST=1 .ci/run         # skips it
#   FLO_CONTAINER_TEST_IMAGE=flo-actions:ci   # tests that image on the running Docker daemon instead (ci.yml):
#                                             # no own dockerd, no local bases, no build
#   FLO_KEEP_SCRATCH=1                        # keeps the scratch folder (dockerd data root, bases) for debugging
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${FLO_SKIP_CONTAINER_TEST:-0}" = 1 ]; then
  echo "container test: skipped (FLO_SKIP_CONTAINER_TEST=1)"
  exit 0
fi

started=$SECONDS
fail() { echo "container test FAILED: $*" >&2; exit 1; }
pass() { echo "  ok: $*"; }

[ "$(id -u)" = 0 ] || fail "must run as root: it starts dockerd and hands the workspace to another user (or set FLO_SKIP_CONTAINER_TEST=1)"
[ -x "${JAVA_HOME:-}/bin/jlink" ] || fail "JAVA_HOME must point at a JDK 25 (the local JDK base image, the test's HTTP server)"
IMAGE=${FLO_CONTAINER_TEST_IMAGE:-}

# Everything lives in one scratch folder: the daemon's data root, socket and pidfile, the bases, the runner dirs.
S=$(mktemp -d /tmp/flo-container-test.XXXXXX)
# shellcheck source=.ci/local-image.sh
. .ci/local-image.sh
trap local_image_cleanup EXIT INT TERM

if [ -n "$IMAGE" ]; then
  DOCKER_SOCK=${DOCKER_HOST:-unix:///var/run/docker.sock}
  DOCKER_SOCK=${DOCKER_SOCK#unix://}
  docker image inspect "$IMAGE" >/dev/null || fail "no image $IMAGE on the Docker daemon"
  echo "container test: testing $IMAGE on the running Docker daemon"
else
  start_dockerd
  import_local_bases
  build_image
fi

echo "container test: image facts"
# Where the image's bytes go, layer by layer (docs/image.md quotes these).
docker history --format '  {{.Size}}\t{{.CreatedBy}}' "$IMAGE" | cut -c1-140
[ -z "$(docker image inspect -f '{{.Config.User}}' $IMAGE)" ] || fail "the image sets USER; GitHub runs actions as root"
[ -z "$(docker image inspect -f '{{.Config.WorkingDir}}' $IMAGE)" ] || fail "the image sets WORKDIR; the runner sets it"
pass "no USER, no WORKDIR"
entrypoint=$(docker image inspect -f '{{json .Config.Entrypoint}}' $IMAGE)
case "$entrypoint" in
  '["/opt/java/bin/java","-XX:AOTCache=/opt/flo-actions/flo-actions.aot","-XX:TieredStopAtLevel=1"'*) pass "entrypoint $entrypoint" ;;
  *) fail "unexpected entrypoint $entrypoint" ;;
esac
# AOTMode=on turns "cache unusable" from a silent slow start into an error; given through JAVA_TOOL_OPTIONS, it
# checks the ENTRYPOINT as it is (its flags must match the training's, or the cache is refused).
docker run --rm --network none -e JAVA_TOOL_OPTIONS=-XX:AOTMode=on $IMAGE --help >"$S/aot.log" 2>&1 \
  || { cat "$S/aot.log" >&2; fail "the image's AOT cache is not usable by its runtime and ENTRYPOINT"; }
! grep -q 'CompileCommand' "$S/aot.log" || fail "the ENTRYPOINT's CompileCommand prints a line on every run (quiet?)"
pass "the AOT cache loads (AOTMode=on) with the ENTRYPOINT's flags, which print nothing of their own"
modules=$(docker run --rm --network none --entrypoint /opt/java/bin/java $IMAGE --list-modules)
! grep -q '^java.desktop' <<<"$modules" || fail "the runtime carries java.desktop (24 MB); the Dockerfile's RUNTIME_MODULES leaves it out"
pass "the runtime has $(wc -l <<<"$modules") modules, no java.desktop"
docker run --rm --network none --entrypoint pg_dump $IMAGE --version | grep -q '^pg_dump (PostgreSQL)' \
  || fail "pg_dump is missing from the image"
pass "pg_dump is on PATH: $(docker run --rm --network none --entrypoint pg_dump $IMAGE --version)"
# The image is built from scratch (Dockerfile, rootfs stage): LANG=C.UTF-8 only works if glibc's locale came along,
# or the JVM names files in ASCII; and nothing of the build base's package tooling may come with it.
props=$(docker run --rm --network none --entrypoint /opt/java/bin/java $IMAGE -XshowSettings:properties -version 2>&1)
grep -q 'sun.jnu.encoding = UTF-8' <<<"$props" \
  || fail "the image's JVM does not run under a UTF-8 locale (C.UTF-8 missing?): $(grep jnu <<<"$props")"
pass "the JVM runs under C.UTF-8 (sun.jnu.encoding = UTF-8)"
docker run --rm --network none --entrypoint /bin/sh $IMAGE -c \
  'for f in /usr/bin/perl /usr/bin/apt-get /usr/bin/dpkg /bin/bash; do [ ! -e $f ] || { echo $f; exit 1; }; done' \
  || fail "the image carries the build base's tools (above); the Dockerfile's rootfs stage takes only what runs"
pass "no perl, apt, dpkg or bash in the image"
# libpq's LDAP library is a stub (src/build/stub-libldap.sh): the real one's chain (7.3 MB) must not come back.
docker run --rm --network none --entrypoint /bin/sh $IMAGE -c \
  'for f in /usr/lib/*/liblber* /usr/lib/*/libsasl2* /usr/lib/*/libgnutls*; do [ ! -e $f ] || { echo $f; exit 1; }; done' \
  || fail "the image carries OpenLDAP's or GnuTLS's libraries (above); libpq's libldap should be the build's stub"
pass "libldap is the stub: no liblber, libsasl2 or GnuTLS in the image"

# A release names the image by tag and digest (docs/release.md): push it to a registry on loopback (Debian's
# docker-registry), regenerate every action.yml with the digest the registry gives, and pull and run the image by
# exactly that reference, as the runner does with `docker://` images. Only with the test's own dockerd: a
# loopback registry without TLS needs no daemon configuration there.
if [ -z "${FLO_CONTAINER_TEST_IMAGE:-}" ]; then
  echo "container test: pinned by digest"
  command -v docker-registry >/dev/null || fail "docker-registry is missing (Debian's docker-registry: apt-get install -y docker-registry)"
  REG_PORT=$((56000 + RANDOM % 1000))
  mkdir -p "$S/registry"
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' "$S/registry" "$REG_PORT" >"$S/registry.yml"
  # Bounded: a failed check exits before the kill below, and the registry must not outlive the test.
  timeout 300 docker-registry serve "$S/registry.yml" >"$S/registry.log" 2>&1 &
  REG_PID=$!
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$REG_PORT") 2>/dev/null && break; sleep 0.1; done
  VERSION=$("$JAVA_HOME/bin/java" -jar target/flo-actions.jar --version | head -1 | awk '{print $2}')
  REPO=127.0.0.1:$REG_PORT/flo-actions
  docker tag "$IMAGE" "$REPO:$VERSION"
  docker push -q "$REPO:$VERSION" >"$S/push.log" 2>&1 || { cat "$S/push.log" "$S/registry.log" >&2; fail "push to the loopback registry failed"; }
  DIGEST=$(docker image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$REPO:$VERSION" | grep "^$REPO@" | head -1 | sed 's/.*@//')
  [[ "$DIGEST" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "the registry gave no digest for $REPO:$VERSION"
  "$JAVA_HOME/bin/java" -jar target/flo-actions.jar generate-metadata "$S/meta" --image-digest "$DIGEST" >/dev/null
  refs=$(grep -rh "^  image: " "$S/meta" | sort -u)
  [ "$(wc -l <<<"$refs")" = 1 ] || fail "the regenerated action.yml files name more than one image: $refs"
  ref=$(sed -e "s/^  image: '//" -e "s/'$//" <<<"$refs")
  [[ "$ref" == docker://*":$VERSION@$DIGEST" ]] || fail "action.yml names $ref, expected tag $VERSION with @$DIGEST"
  pass "every regenerated action.yml names ${ref#docker://}"
  # As the runner: the reference from action.yml (here on the loopback registry), pulled by digest, then run.
  pinned="$REPO:$VERSION@$DIGEST"
  docker rmi "$REPO:$VERSION" >/dev/null
  docker pull -q "$pinned" >"$S/pull.log" 2>&1 || { cat "$S/pull.log" >&2; fail "docker pull $pinned failed"; }
  docker run --rm --network none "$pinned" --version >"$S/pinned.log" 2>&1 || { cat "$S/pinned.log" >&2; fail "the image pulled by digest does not run"; }
  grep -q "^flo-actions $VERSION$" "$S/pinned.log" || { cat "$S/pinned.log" >&2; fail "the image pulled by digest is not version $VERSION"; }
  pass "pulled by $pinned and ran it: $(head -1 "$S/pinned.log")"
  kill "$REG_PID" 2>/dev/null || true
fi

# The runner's layout: a workspace owned by the (non-root) runner user, and RUNNER_TEMP's mounted folders.
OWNER=1001:1001
WS=$S/work/shop/shop
RT=$S/runner_temp
mkdir -p "$WS" "$RT"/{_github_home,_github_workflow,_runner_file_commands}
echo '{}' >"$RT/_github_workflow/event.json"
chown -R $OWNER "$WS"
# Runs the image exactly as ContainerActionHandler does; $1 = step, then -e NAME=value pairs for inputs.
# Sets RUN_RC, RUN_LOG and RUN_OUTPUT (the host path of this run's set_output file).
run_step() {
  local step=$1; shift
  local guid; guid=$(cat /proc/sys/kernel/random/uuid)
  RUN_OUTPUT=$RT/_runner_file_commands/set_output_$guid
  RUN_LOG=$S/run_$guid.log
  : >"$RUN_OUTPUT"; : >"$RT/_runner_file_commands/step_summary_$guid"
  set +e
  GITHUB_OUTPUT=/github/file_commands/set_output_$guid GITHUB_STEP_SUMMARY=/github/file_commands/step_summary_$guid \
  docker run --name "flo_ct_$guid" --label flo-container-test --workdir /github/workspace --rm \
    "$@" -e GITHUB_OUTPUT -e GITHUB_STEP_SUMMARY -e HOME=/github/home -e GITHUB_WORKSPACE=/github/workspace \
    -e GITHUB_EVENT_PATH=/github/workflow/event.json -e GITHUB_REPOSITORY=acme/shop -e GITHUB_ACTIONS=true -e CI=true \
    -v "$DOCKER_SOCK:/var/run/docker.sock" \
    -v "$RT/_github_home:/github/home" -v "$RT/_github_workflow:/github/workflow" \
    -v "$RT/_runner_file_commands:/github/file_commands" -v "$WS:/github/workspace" \
    --network host $IMAGE "$step" >"$RUN_LOG" 2>&1
  RUN_RC=$?
  set -e
}
# The value of output $2 in set_output file $1, in either of the runner's forms (name=value, name<<DELIM).
output_value() {
  awk -v key="$2" '
    delim != "" { if ($0 == delim) { print val; found = 1; exit } val = (n++ ? val "\n" : "") $0; next }
    index($0, key "<<") == 1 { delim = substr($0, length(key) + 3); n = 0; val = ""; next }
    index($0, key "=") == 1 { print substr($0, length(key) + 2); found = 1; exit }
    END { exit !found }' "$1"
}
expect_rc() { [ "$RUN_RC" = "$1" ] || { cat "$RUN_LOG" >&2; fail "$2: exit code $RUN_RC, expected $1 (log above)"; }; }

echo "container test: runs as the runner does"
run_step --help
expect_rc 0 "--help"
grep -q '^Usage: java -jar flo-actions.jar' "$RUN_LOG" || fail "--help printed no usage"
pass "--help exits 0 with the usage"

run_step no-such-step
expect_rc 1 "an unknown step"
grep -q '^::error' "$RUN_LOG" || fail "an unknown step gave no ::error line"
pass "an unknown step exits 1 with an ::error line"

STEP=health-verify
if ! grep -q "^  $STEP " <(docker run --rm --network none $IMAGE --help); then
  # Merge order: the image works before the step lands; say so loudly rather than pass quietly.
  echo "  NOTE: $STEP is not in this build; its runs below were not made (add the step, then re-run)." >&2
else
  HTTP_DIR=$S/www
  mkdir -p "$HTTP_DIR" && echo ok >"$HTTP_DIR/health"
  "$JAVA_HOME/bin/jwebserver" -b 127.0.0.1 -p 0 -d "$HTTP_DIR" >"$S/http.log" 2>&1 &
  HTTP_PID=$!
  for _ in $(seq 1 50); do grep -q ' port [0-9]' "$S/http.log" && break; sleep 0.1; done
  PORT=$(grep -o ' port [0-9]*' "$S/http.log" | awk '{print $2}')
  [ -n "$PORT" ] || fail "the local HTTP server did not start: $(cat "$S/http.log")"

  # One passing check is enough here, and a broken run must not wait out the default 5 minutes.
  run_step $STEP -e "INPUT_URL=http://127.0.0.1:$PORT/health" -e INPUT_DRY-RUN=false \
    -e INPUT_CONSECUTIVE-SUCCESSES=1 -e INPUT_INTERVAL=1s -e INPUT_TIMEOUT=30s
  expect_rc 0 "$STEP against a healthy server"
  [ "$(output_value "$RUN_OUTPUT" healthy)" = true ] \
    || { cat "$RUN_OUTPUT" "$RUN_LOG" >&2; fail "$STEP wrote no healthy=true to GITHUB_OUTPUT"; }
  pass "$STEP exits 0 and GITHUB_OUTPUT has healthy=true"

  # The AOT cache is used by a real run, entrypoint as shipped: a cache the JVM rejects (another runtime, another
  # class path, a damaged file) only logs and starts slowly, so count where this run's classes came from.
  run_step $STEP -e "INPUT_URL=http://127.0.0.1:$PORT/health" -e INPUT_DRY-RUN=false \
    -e INPUT_CONSECUTIVE-SUCCESSES=1 -e INPUT_INTERVAL=1s -e INPUT_TIMEOUT=30s -e "JAVA_TOOL_OPTIONS=-Xlog:aot -Xlog:class+load"
  expect_rc 0 "$STEP with -Xlog:aot"
  grep -q '\[aot\] Opened AOT cache /opt/flo-actions/flo-actions.aot' "$RUN_LOG" || { cat "$RUN_LOG" >&2; fail "the JVM did not open the AOT cache"; }
  loaded=$(grep -c '\[class,load\]' "$RUN_LOG" || true)
  cached=$(grep -c '\[class,load\].* source: shared objects file' "$RUN_LOG" || true)
  grep -q '\[class,load\] dev.flo.actions.step.healthverify.HealthVerifyStep source: shared objects file' "$RUN_LOG" \
    || { grep -E 'aot|HealthVerifyStep' "$RUN_LOG" >&2; fail "$STEP's own classes were not loaded from the AOT cache"; }
  # Measured 4977 of 4998 for this run on 2026-12-04 (the rest: classes made at run time). A truncated cache
  # still logs "Opened AOT cache", then "Loading static archive failed" and 0 classes from it: the count decides.
  [ "$loaded" -gt 1000 ] && [ $((cached * 100 / loaded)) -ge 90 ] \
    || { grep '\[aot\]' "$RUN_LOG" >&2; fail "only $cached of $loaded classes came from the AOT cache (90 % expected)"; }
  pass "the AOT cache is used: $cached of $loaded classes of a $STEP run came from it"

  # Port 1 on loopback: nothing listens, so every check is refused until the (short) timeout.
  run_step $STEP -e "INPUT_URL=http://127.0.0.1:1/health" -e INPUT_DRY-RUN=false \
    -e INPUT_CONSECUTIVE-SUCCESSES=1 -e INPUT_INTERVAL=1s -e INPUT_TIMEOUT=3s
  expect_rc 1 "$STEP against an unreachable URL"
  grep -q '^::error' "$RUN_LOG" || { cat "$RUN_LOG" >&2; fail "$STEP against an unreachable URL gave no ::error line"; }
  [ "$(output_value "$RUN_OUTPUT" healthy)" = false ] \
    || { cat "$RUN_OUTPUT" "$RUN_LOG" >&2; fail "a failed $STEP wrote no healthy=false to GITHUB_OUTPUT"; }
  pass "$STEP against an unreachable URL exits 1 with an ::error line and healthy=false"

  run_step $STEP -e "INPUT_URL=" -e INPUT_DRY-RUN=false
  expect_rc 1 "$STEP without its required url"
  grep -q '^::error' "$RUN_LOG" || { cat "$RUN_LOG" >&2; fail "$STEP without url gave no ::error line"; }
  output_value "$RUN_OUTPUT" healthy >/dev/null || { cat "$RUN_OUTPUT" >&2; fail "a failed $STEP wrote no outputs"; }
  pass "$STEP without url exits 1 with an ::error line and still writes its outputs"
fi

# db-backup inside the image: its pg_dump against a real PostgreSQL on the host, into a folder of the workspace,
# the one place a step writes files there (and so the case the ownership check below is for).
STEP=db-backup
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if ! grep -q "^  $STEP " <(docker run --rm --network none $IMAGE --help); then
  echo "  NOTE: $STEP is not in this build; its run below was not made." >&2
elif [ -z "$PG_BIN" ] || ! id postgres >/dev/null 2>&1; then
  fail "$STEP needs a PostgreSQL server on the host (Debian's postgresql: apt-get install -y postgresql)"
else
  PGROOT=$(mktemp -d /tmp/flo-ct-pg.XXXXXX)
  chown postgres "$PGROOT"
  PGPORT=$((55000 + RANDOM % 1000))
  stop_pg() { su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PGROOT/data -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$PGROOT"; }
  # local_image_cleanup exits with the status it finds: hand it the test's, not stop_pg's.
  trap 'flo_rc=$?; stop_pg; local_image_cleanup $flo_rc' EXIT INT TERM
  su postgres -s /bin/sh -c "$PG_BIN/initdb -D $PGROOT/data --auth=trust -U postgres >$PGROOT/initdb.log 2>&1 \
    && $PG_BIN/pg_ctl -D $PGROOT/data -l $PGROOT/pg.log -w \
       -o '-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1' start >/dev/null" \
    || fail "the test's PostgreSQL did not start: $(cat "$PGROOT"/*.log 2>/dev/null)"
  psql_app() { "$PG_BIN/psql" -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p $PGPORT -U postgres "$@"; }
  psql_app -d postgres -c 'CREATE DATABASE app'
  psql_app -d app -c "CREATE TABLE orders (id int PRIMARY KEY, note text); INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 5000) g"

  run_step $STEP -e "INPUT_DATABASE-URL=postgres://postgres@127.0.0.1:$PGPORT/app" \
    -e INPUT_DESTINATION=file:///github/workspace/backups -e INPUT_COMPRESSION=gzip -e INPUT_DRY-RUN=false
  expect_rc 0 "$STEP to a folder of the workspace"
  uri=$(output_value "$RUN_OUTPUT" uri) || { cat "$RUN_OUTPUT" "$RUN_LOG" >&2; fail "$STEP wrote no uri output"; }
  dump=$WS/${uri#file:///github/workspace/}
  [ -s "$dump" ] || { cat "$RUN_LOG" >&2; fail "$STEP said $uri but $dump is not there"; }
  # Into a file first: pg_restore --list stops reading early, and a gzip cut off by SIGPIPE would fail the pipe.
  gzip -dc "$dump" >"$S/restore.pgdump" || fail "$dump is not gzip"
  "$PG_BIN/pg_restore" --list "$S/restore.pgdump" >"$S/restore.list" || fail "$dump is not a pg_dump archive"
  grep -q 'TABLE public orders' "$S/restore.list" || { cat "$S/restore.list" >&2; fail "$dump does not hold the orders table"; }
  pass "$STEP exits 0 and its dump in the workspace restores (pg_restore --list shows orders)"
fi

# Whatever a step wrote into the workspace must belong to the workspace owner (actions/runner#1282).
written=$(find "$WS" -mindepth 1 | wc -l)
stray=$(find "$WS" \( ! -user "${OWNER%:*}" -o ! -group "${OWNER#*:}" \) -printf '%u:%g %p\n')
[ -z "$stray" ] || fail "files in the workspace not given back to $OWNER:"$'\n'"$stray"
[ "$(stat -c %u:%g "$WS")" = $OWNER ] || fail "the workspace itself changed owner"
pass "the workspace and the $written file(s) written into it belong to $OWNER"

echo "container test: passed in $((SECONDS - started)) s"
