#!/usr/bin/env bash
# .ci/packages.sh's choices on machines this one only pretends to be: each look at the machine (.ci/packages.sh's
# ci_* functions) is replaced by a stand-in that answers for a Debian 12 or an Ubuntu 24.04 machine, bare or as
# GitHub's ubuntu-24.04 runner comes. Then .ci/run's dry mode, on this machine as it really is.
# Run by CiWorkflowTest (./mvnw verify); alone: bash .ci/packages-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/packages.sh
. .ci/packages.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

# The pretended machine: TOOLS found on PATH or in sbin, STATIC ones of them statically linked, V2 (whether
# `docker compose` runs), the PostgreSQL majors under /usr/lib/postgresql with PG_DUMP and with INITDB, USERS, and
# what apt would install (CANDIDATES, package=version).
ci_tool() { if [[ " $TOOLS " == *" $1 "* ]]; then echo "/usr/bin/$1"; fi; }
ci_static() { [[ " $STATIC " == *" ${1##*/} "* ]]; }
ci_compose_v2() { [ "$V2" = yes ]; }
ci_pg_majors() { local m v=$INITDB; [ "$1" = pg_dump ] && v=$PG_DUMP; for m in $v; do echo "$m"; done; }
ci_has_user() { [[ " $USERS " == *" $1 "* ]]; }
ci_candidate() { local c; for c in $CANDIDATES; do [ "${c%%=*}" != "$1" ] || echo "${c#*=}"; done; }

os() {
  printf 'PRETTY_NAME="%s"\nID=%s\nID_LIKE="%s"\n' "$1" "$2" "${3:-}" >"$T/os-release"
  CI_OS_RELEASE=$T/os-release
}

result() {
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "  ok: $1: $3"
  else failed=$((failed + 1)); echo "  FAILED: $1: expected '$2', got '$3'" >&2; fi
}

# The packages ci_needed_packages picks, in its order, or "fails: <its sentence>".
picks() {
  if ci_needed_packages 2>"$T/why"; then echo "${CI_NEED[*]:-nothing}"; else echo "fails: $(tail -1 "$T/why")"; fi
}

expect() { result "$1" "$2" "$(picks)"; }

expect_failure() {
  local got
  got=$(picks)
  if [[ "$got" == "fails: "*"$2"* ]]; then result "$1" "fails naming $2" "fails naming $2"; else result "$1" "fails naming $2" "$got"; fi
}

DEBIAN_CANDIDATES="postgresql-client=15+248+deb12u2 postgresql=15+248+deb12u2 docker.io=20.10.24+dfsg1-1+deb12u1+b2"
UBUNTU_CANDIDATES="postgresql-client=16+257build1.1 postgresql=16+257build1.1 docker.io=24.0.7-0ubuntu4"

echo "packages: Debian 12"
os "Debian GNU/Linux 12 (bookworm)" debian
TOOLS="flock" STATIC="" V2=no PG_DUMP="" INITDB="" USERS="root" CANDIDATES=$DEBIAN_CANDIDATES
expect "a bare Debian 12 gets the metapackages (PostgreSQL 15), docker.io and Compose v1" \
  "postgresql-client postgresql openssh-server docker.io docker-compose docker-registry busybox-static"
TOOLS="flock sshd dockerd docker docker-compose docker-registry busybox" STATIC="busybox" V2=no PG_DUMP="15" INITDB="15" USERS="root postgres"
expect "this machine's kind, everything there" "nothing"
PG_DUMP="13" INITDB="13"
expect "PostgreSQL 13 alone is too old to dump the tests' 15" "postgresql-client postgresql"
PG_DUMP="13 17" INITDB="17"
expect "a newer major beside an old one is enough" "nothing"
USERS="root"
expect "initdb without the postgres user" "postgresql"
FLO_SKIP_CONTAINER_TEST=1 expect "FLO_SKIP_CONTAINER_TEST=1 needs no server" "nothing"
USERS="root postgres" STATIC=""
expect "a dynamic busybox cannot be copied into an image alone" "busybox-static"

echo "packages: Ubuntu 24.04"
os "Ubuntu 24.04.3 LTS" ubuntu debian
TOOLS="flock sshd dockerd docker" STATIC="" V2=yes PG_DUMP="16" INITDB="16" USERS="root runner postgres" CANDIDATES=$UBUNTU_CANDIDATES
expect "GitHub's runner: docker-ce and its Compose v2 plugin stay, PostgreSQL 16 is enough" "docker-registry busybox-static"
TOOLS="flock" V2=no PG_DUMP="" INITDB="" USERS="root"
expect "a bare Ubuntu 24.04 gets the metapackages (PostgreSQL 16) and Compose v2" \
  "postgresql-client postgresql openssh-server docker.io docker-compose-v2 docker-registry busybox-static"
TOOLS="flock dockerd docker" V2=no
expect "docker-ce without its Compose plugin: Compose, never docker.io over docker-ce" "postgresql-client postgresql openssh-server docker-compose-v2 docker-registry busybox-static"

echo "packages: what cannot work"
os "Ubuntu 22.04.5 LTS" ubuntu debian
TOOLS="flock sshd dockerd docker docker-registry busybox" STATIC="busybox" V2=yes PG_DUMP="14" INITDB="14" USERS="root postgres"
CANDIDATES="postgresql-client=14+238 postgresql=14+238"
expect_failure "Ubuntu 22.04's PostgreSQL 14" "apt.postgresql.org"
CANDIDATES=""
expect_failure "no package lists yet" "cannot be found"
os "Fedora Linux 41" fedora
PG_DUMP="16" INITDB="16" TOOLS="flock sshd dockerd docker docker-registry busybox"
expect "another distribution with everything there" "nothing"
TOOLS="flock sshd dockerd docker busybox"
expect_failure "another distribution missing a tool" "FLO_CI_SKIP_INSTALL=1"

echo "packages: .ci/run's dry mode on this machine"
got=$(env -u FLO_CI_OS_RELEASE FLO_CI_DRY_INSTALL=1 bash .ci/run 2>"$T/why" | tail -1) || got="exit $?: $(cat "$T/why")"
[[ "$got" =~ ^(debian|ubuntu):\ would\ install:\  ]] && result "FLO_CI_DRY_INSTALL=1 says what it would install" ok ok \
  || result "FLO_CI_DRY_INSTALL=1 says what it would install" "debian|ubuntu: would install: ..." "$got"
echo "  this machine: $got"

echo "packages: $passed passed, $failed failed"
[ "$failed" = 0 ]
