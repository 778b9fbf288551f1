#!/usr/bin/env bash
# Where the jar's and the image's bytes go (bench/README.md, 'Image and jar size'). Builds the image the way the
# container test does (a private dockerd, local bases made from the host, no registry: .ci/local-image.sh) and
# prints: the jar's size and its biggest packages (compressed), the image's size uncompressed and gzipped
# (`docker save | gzip -c`), its layers, and its files by folder.
#
#   bench/image-size.sh                           # needs root, JDK 25 (JAVA_HOME), target/flo-actions.jar
#   FLO_DOCKERFILE=/tmp/Dockerfile.old bench/image-size.sh   # another Dockerfile (same context), e.g. a before
#   FLO_JAR=/tmp/old.jar ...                      # another jar, copied to target/flo-actions.jar for the build
#
# The offline build has the host's one PostgreSQL client major; the release image's five majors are estimated
# from it in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
fail() { echo "image size FAILED: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "must run as root: it starts its own dockerd"
[ -x "${JAVA_HOME:-}/bin/jlink" ] || fail "JAVA_HOME must point at a JDK 25"

S=$(mktemp -d /tmp/flo-image-size.XXXXXX)
# shellcheck source=.ci/local-image.sh
. .ci/local-image.sh
# Puts back what FLO_JAR and FLO_DOCKERFILE replaced, then the usual clean-up.
restore() {
  local rc=$?
  [ -f "$S/jar.keep" ] && cp "$S/jar.keep" target/flo-actions.jar
  [ -f "$S/Dockerfile.keep" ] && cp "$S/Dockerfile.keep" Dockerfile
  local_image_cleanup $rc
}
trap restore EXIT INT TERM

if [ -n "${FLO_JAR:-}" ]; then
  cp target/flo-actions.jar "$S/jar.keep" && cp "$FLO_JAR" target/flo-actions.jar
fi

echo "## jar: $(stat -c %s target/flo-actions.jar) bytes"
echo "biggest packages, compressed bytes (unzip -v), down to 3 levels:"
unzip -v target/flo-actions.jar | awk 'NR > 3 && $8 ~ /\// {
    n = split($8, p, "/"); k = p[1]; for (i = 2; i < n && i <= 3; i++) k = k "/" p[i]; s[k] += $3 }
  END { for (k in s) printf "%10d  %s\n", s[k], k }' | sort -rn | sed -n 1,25p

start_dockerd
import_local_bases
if [ -n "${FLO_DOCKERFILE:-}" ]; then
  cp Dockerfile "$S/Dockerfile.keep" && cp "$FLO_DOCKERFILE" Dockerfile
fi
build_image

echo
echo "## image $IMAGE"
echo "uncompressed: $(docker image inspect -f '{{.Size}}' "$IMAGE") bytes"
echo "gzipped (docker save | gzip -c): $(docker save "$IMAGE" | gzip -c | wc -c) bytes"
echo "layers:"
docker history --format '{{.Size}}\t{{.CreatedBy}}' "$IMAGE" | cut -c1-150
echo "files by folder (bytes, from docker export):"
cid=$(docker create "$IMAGE")
mkdir -p "$S/fs" && docker export "$cid" | tar -xf - -C "$S/fs"
docker rm "$cid" >/dev/null
(cd "$S/fs" && find . -type f -printf '%s %h\n') | awk '{
    n = split($2, p, "/"); k = p[2]; for (i = 3; i <= n && i <= 5; i++) k = k "/" p[i]; s[k] += $1; t += $1 }
  END { for (k in s) if (s[k] >= 100000) printf "%10d  %s\n", s[k], k; printf "%10d  (all files)\n", t }' | sort -rn
# The shared libraries each part loads, as the dynamic loader resolves them from the image's own library folders
# (the image's libldap is a stub that loads nothing: the host's would bring GnuTLS); the PostgreSQL clients' own
# share is what they load beyond the JVM and /bin/sh.
libdirs=$(cd "$S/fs" && find usr/lib usr/lib64 -name '*.so*' -printf "$S/fs/%h\n" | sort -u | paste -sd:)
for ld_so in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do [ -e "$ld_so" ] && break; done
closure() {
  for f in "$@"; do "$ld_so" --library-path "$libdirs" --list "$f" 2>/dev/null; done \
    | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | sort -u
}
jvm_libs=$(closure "$S"/fs/opt/java/bin/java "$S"/fs/opt/java/lib/*.so "$S"/fs/opt/java/lib/server/libjvm.so "$S"/fs/bin/sh)
echo "the JVM's and /bin/sh's libraries: $(echo "$jvm_libs" | xargs du -cbL | tail -1 | cut -f1) bytes"
for b in "$S"/fs/usr/lib/postgresql/*/bin; do
  only=$(comm -23 <(closure "$b"/*) <(echo "$jvm_libs"))
  echo "PostgreSQL ${b#"$S/fs"}: pg_dump+pg_restore+psql $(du -cb "$b"/* | tail -1 | cut -f1) bytes," \
    "libraries only they load $(echo "$only" | xargs du -cbL | tail -1 | cut -f1) bytes:"
  echo "$only" | xargs du -bL | sort -rn | awk -v fs="$S/fs" '{sub("^" fs, "", $2); printf "    %9d  %s\n", $1, $2}'
done
echo "($((SECONDS - started)) s)"
