# shellcheck shell=bash disable=SC2154
# Sourced by .ci/container-test.sh and bench/image-startup.sh: a private dockerd, local base images made from
# the host (no registry is reachable here), and the release Dockerfile built on them.
# The caller sets S (a scratch folder), started (=$SECONDS) and fail(), and runs from the repository root.

DOCKERD_PID=
HTTP_PID=

# Ends what we started, by PID, and removes the scratch folder. Installed as the EXIT trap by the caller.
local_image_cleanup() {
  local rc=${1:-$?}
  [ -n "$HTTP_PID" ] && kill "$HTTP_PID" 2>/dev/null || true
  if [ -n "$DOCKERD_PID" ]; then
    kill "$DOCKERD_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$DOCKERD_PID" 2>/dev/null || true
  fi
  # overlay2 mounts a container's layers under the data root; never rm through a live mount.
  grep -o " $S/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  if [ "${FLO_KEEP_SCRATCH:-0}" = 1 ]; then echo "kept $S"; else rm -rf "$S"; fi
  exit $rc
}

# Copies each file and every shared library ldd resolves for it into $ROOT, at the same path.
add_with_libs() {
  for f in "$@"; do
    [ -e "$f" ] || continue
    mkdir -p "$ROOT$(dirname "$f")" && cp -L "$f" "$ROOT$f"
    ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'
  done | sort -u | while read -r lib; do
    [ -e "$ROOT$lib" ] || { mkdir -p "$ROOT$(dirname "$lib")" && cp -L "$lib" "$ROOT$lib"; }
  done
}

# dockerd by hand, on its own socket and data root, touching neither the firewall nor the host's network
# (infra-feasibility.md §4a). Beside a host's own Docker (GitHub's runners run docker-ce) it reads none of the host's
# /etc/docker/daemon.json, and on the host's containerd (which dockerd uses when its socket is there) it keeps to
# a containerd namespace of its own.
start_dockerd() {
  PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
  if ! command -v dockerd >/dev/null; then
    echo "local image: installing Docker's engine from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  DOCKER_SOCK=$S/docker.sock
  export DOCKER_HOST=unix://$DOCKER_SOCK
  echo '{}' >"$S/daemon.json"
  dockerd --data-root "$S/data" --exec-root "$S/exec" --pidfile "$S/dockerd.pid" --host "$DOCKER_HOST" \
    --config-file "$S/daemon.json" --containerd-namespace "flo-test-$$" --containerd-plugins-namespace "flo-test-$$-plugins" \
    --iptables=false --ip6tables=false --bridge=none --ip-forward=false >"$S/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 1 150); do
    docker version >/dev/null 2>&1 && break
    kill -0 "$DOCKERD_PID" 2>/dev/null || { tail -20 "$S/dockerd.log" >&2; fail "dockerd exited at start-up (log above)"; }
    sleep 0.2
  done
  docker version >/dev/null 2>&1 || { tail -20 "$S/dockerd.log" >&2; fail "dockerd did not answer within 30 s (log above)"; }
  echo "local image: dockerd up ($((SECONDS - started)) s)"
}

# Local bases without a registry: the host's glibc, shell, coreutils and PostgreSQL clients (what
# debian:bookworm-slim + postgresql-client give a release build), and the host's JDK 25 at eclipse-temurin's
# path. Measured: 4-5 s, against 30-43 s for debootstrap --variant=minbase.
import_local_bases() {
  ROOT=$S/base
  mkdir -p "$ROOT"/usr/{bin,lib,lib64,sbin} "$ROOT"/{etc,opt,root} "$ROOT/tmp"
  chmod 1777 "$ROOT/tmp"
  for d in bin lib lib64 sbin; do ln -s usr/$d "$ROOT/$d"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$ROOT/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOT/etc/group"
  # The tools the Dockerfile's rootfs stage runs (coreutils, which bookworm-slim has; strip, nm, as and ld, which
  # the release build installs with binutils), and glibc's C.UTF-8.
  for t in strip nm as ld; do
    command -v $t >/dev/null \
      || fail "$t is missing (Debian's binutils): the Dockerfile strips the runtime's libraries and stubs libldap"
  done
  add_with_libs /bin/sh /bin/dash /usr/bin/{cat,rm,ls,mkdir,id,env,cp,ln,chmod} \
    "$(command -v strip)" "$(command -v nm)" "$(command -v as)" "$(command -v ld)"
  if [ -d /usr/lib/locale/C.utf8 ]; then mkdir -p "$ROOT/usr/lib/locale" && cp -R /usr/lib/locale/C.utf8 "$ROOT/usr/lib/locale/"; fi
  add_with_libs "$JAVA_HOME"/bin/java "$JAVA_HOME"/lib/*.so "$JAVA_HOME"/lib/server/libjvm.so
  # The JDK's files were copied only to collect their libraries: the runtime base has no Java of its own.
  rm -rf "${ROOT:?}$JAVA_HOME"
  local pg_bin
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$pg_bin" ]; then
    add_with_libs "$pg_bin"/{pg_dump,pg_restore,psql}
    for b in pg_dump pg_restore psql; do ln -sf "$pg_bin/$b" "$ROOT/usr/bin/$b"; done
    # No libpg_query: migrate's linter uses the copy the jar carries, as the release image does.
  fi
  BASE_IMAGE=flo-local/base:bookworm
  tar -C "$ROOT" -c . | docker import - "$BASE_IMAGE" >/dev/null

  # A distribution JDK may link files out of its folder (Debian-style lib/security/cacerts): bring the targets.
  find "$JAVA_HOME" -type l -lname '/*' -printf '%l\n' | while read -r target; do
    mkdir -p "$ROOT$(dirname "$target")" && cp -L "$target" "$ROOT$target"
  done
  JDK_IMAGE=flo-local/jdk:25
  tar -c -C "$ROOT" . -C "$(dirname "$JAVA_HOME")" --transform "s,^$(basename "$JAVA_HOME"),opt/java/openjdk," \
      "$(basename "$JAVA_HOME")" \
    | docker import --change 'ENV JAVA_HOME=/opt/java/openjdk' \
        --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        - "$JDK_IMAGE" >/dev/null
  echo "local image: local bases imported ($((SECONDS - started)) s)"
}

# The release Dockerfile, unchanged, on the local bases; the PostgreSQL clients come from the base instead of apt.
build_image() {
  [ -f target/flo-actions.jar ] || fail "target/flo-actions.jar is missing: run ./mvnw -B -DskipTests package first"
  IMAGE=flo-actions:container-test
  DOCKER_BUILDKIT=0 docker build --build-arg JDK_IMAGE=$JDK_IMAGE --build-arg BASE_IMAGE=$BASE_IMAGE \
    --build-arg PG_CLIENT_PACKAGES= -t $IMAGE . >"$S/build.log" 2>&1 \
    || { cat "$S/build.log" >&2; fail "docker build failed (log above)"; }
  local size
  size=$(docker image inspect -f '{{.Size}}' $IMAGE)
  echo "local image: image built, $((size / 1000000)) MB ($((SECONDS - started)) s)"
}
