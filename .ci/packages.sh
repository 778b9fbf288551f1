# shellcheck shell=bash
# Sourced by .ci/run and .ci/packages-test.sh: which distribution packages the tests still need on this machine,
# on Debian 12 and on Ubuntu 24.04 (GitHub's ubuntu-24.04 runner). Each look at the machine is a function of its
# own, so .ci/packages-test.sh can stand in for a Debian-like and an Ubuntu-like machine:
#   ci_tool NAME         the path of an executable on PATH or in the sbin folders, or nothing
#   ci_compose_v2        whether `docker compose` (the Compose v2 CLI plugin) runs
#   ci_static FILE       whether FILE is statically linked (the busybox the test images are made of must be)
#   ci_pg_majors WHAT    the majors that have /usr/lib/postgresql/<major>/bin/WHAT, one a line
#   ci_has_user NAME     whether the user exists
#   ci_candidate PKG     the version apt would install, or nothing
# ci_needed_packages sets CI_NEED to the packages to install and prints each with its reason on stderr; it fails with
# a sentence when this machine cannot get what the tests need from its distribution.

CI_OS_RELEASE=${FLO_CI_OS_RELEASE:-/etc/os-release}
# The oldest PostgreSQL whose pg_dump reads the embedded PostgreSQL 15 the backup tests run.
CI_PG_MIN=15

ci_tool() { PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" command -v "$1" 2>/dev/null || true; }
ci_compose_v2() { docker compose version >/dev/null 2>&1; }
ci_static() { [[ "$(LC_ALL=C ldd "$1" 2>&1)" == *'not a dynamic executable'* ]]; }
ci_pg_majors() {
  local f
  for f in /usr/lib/postgresql/*/bin/"$1"; do [ -x "$f" ] && basename "$(dirname "$(dirname "$f")")"; done
  return 0
}
ci_has_user() { id "$1" >/dev/null 2>&1; }
ci_candidate() { LC_ALL=C apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" {print $2}'; }

# ID, or the first of ID_LIKE that is debian or ubuntu: ubuntu, debian or what the file says.
ci_distribution() {
  local id like
  id=$(. "$CI_OS_RELEASE" && echo "${ID:-}")
  like=$(. "$CI_OS_RELEASE" && echo "${ID_LIKE:-}")
  case " $id $like " in
    *" ubuntu "*) echo ubuntu ;;
    *" debian "*) echo debian ;;
    *) echo "${id:-unknown}" ;;
  esac
}

# The newest installed major that has WHAT, if it is CI_PG_MIN or newer.
ci_pg_installed() { ci_pg_majors "$1" | sort -n | awk -v min=$CI_PG_MIN '$1 >= min {m = $1} END {if (m) print m}'; }

# The major a metapackage (postgresql, postgresql-client: "15+248+deb12u2", "16+257build1") brings, or nothing.
ci_pg_metapackage_major() { ci_candidate "$1" | sed -n 's/^\([0-9][0-9]*\)+.*/\1/p'; }

# Adds a PostgreSQL metapackage, after checking the major it brings: both follow the distribution's default
# (Debian 12: 15, Ubuntu 24.04: 16), and an older one cannot dump the tests' PostgreSQL 15.
ci_need_pg() {
  local major
  ci_supported || return 1
  major=$(ci_pg_metapackage_major "$1")
  if [ -z "$major" ] || [ "$major" -lt $CI_PG_MIN ]; then
    echo "$CI_DISTRO's $1 ${major:+is PostgreSQL $major, older than $CI_PG_MIN}${major:-cannot be found (apt-get update?)}: the tests need PostgreSQL $CI_PG_MIN or newer. Add PostgreSQL's own apt repository (apt.postgresql.org), install $1-$CI_PG_MIN or newer, then run .ci/run again." >&2
    return 1
  fi
  ci_need "$1" "$2 (PostgreSQL $major)"
}

ci_need() { CI_NEED+=("$1"); echo "  $1: $2" >&2; }

ci_needed_packages() {
  CI_NEED=()
  CI_DISTRO=$(ci_distribution)
  [ -n "$(ci_pg_installed pg_dump)" ] \
    || ci_need_pg postgresql-client "db-backup/db-restore tests run pg_dump, pg_restore and psql $CI_PG_MIN or newer" || return 1
  if [ "${FLO_SKIP_CONTAINER_TEST:-0}" != 1 ] && { [ -z "$(ci_pg_installed initdb)" ] || ! ci_has_user postgres; }; then
    ci_need_pg postgresql "the container test backs up a real PostgreSQL server (initdb, pg_ctl, the postgres user)" || return 1
  fi

  # The Compose-over-SSH tests (deploy-backend/rollback provider: compose) need root, sshd on loopback, a private
  # dockerd, Compose (the v2 plugin or v1), a registry, a static busybox for the tiny test images, and flock.
  [ -n "$(ci_tool sshd)" ] || ci_need openssh-server "the Compose tests run sshd on loopback"
  # Ubuntu runners have Docker's own docker-ce (dockerd in /usr/bin, containerd.io, the Compose v2 plugin):
  # docker.io only where there is no dockerd at all, never over docker-ce.
  [ -n "$(ci_tool dockerd)" ] || ci_need docker.io "the Compose tests and the container test start a private dockerd"
  if ! ci_compose_v2 && [ -z "$(ci_tool docker-compose)" ]; then
    # Debian 12 packages only Compose v1; Ubuntu 24.04 packages v2 as the docker CLI plugin.
    if [ "$CI_DISTRO" = ubuntu ]; then ci_need docker-compose-v2 "the Compose tests deploy with docker compose"
    else ci_need docker-compose "the Compose tests deploy with docker-compose (Compose v1: Debian 12 has no v2)"; fi
  fi
  [ -n "$(ci_tool docker-registry)" ] || ci_need docker-registry "the Compose tests pull from a registry on loopback (Ubuntu: in universe)"
  local busybox
  busybox=$(ci_tool busybox)
  { [ -n "$busybox" ] && ci_static "$busybox"; } || ci_need busybox-static "the Compose tests' images are one static busybox"
  [ -n "$(ci_tool flock)" ] || ci_need util-linux "the Compose provider serialises deploys with flock"
  [ ${#CI_NEED[@]} = 0 ] || ci_supported
}

ci_supported() {
  case "$CI_DISTRO" in
    debian | ubuntu) ;;
    *) echo "The tests' tools are installed from Debian or Ubuntu packages, and $CI_OS_RELEASE says '$CI_DISTRO': install ${CI_NEED[*]:-PostgreSQL $CI_PG_MIN or newer} (or what your distribution calls them) by hand, then set FLO_CI_SKIP_INSTALL=1." >&2
       return 1 ;;
  esac
}
