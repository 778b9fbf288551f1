#!/usr/bin/env bash
# Benchmark (issue 14's db-backup target): `db-backup --compression zstd` against an uncompressed `pg_dump` of the
# same database to /dev/null (the server-side limit: what any backup pays before compressing or storing), in
# alternating pairs. Target: db-backup's wall time <= 1.5x pg_dump's, its peak RSS <= 160 MiB.
#
# Database, in a throwaway PostgreSQL 15 cluster, one of:
# - TABLE=pages (default): one table of 59 md5 strings a row (as DbBackupProgressTest makes it), ~250 MB with the
#   default 120,000 rows; compresses 80:1, so it is kind to zstd and the fixed cost weighs most;
# - TABLE=events: bench/db-backup.sh's mixed table (bigint, int, text, jsonb, timestamptz, an index), ~1.06 GB with
#   the default 4,000,000 rows; compresses about 5:1, like real data.
# db-backup writes to a file destination in the scratch folder (so the store's own CPU does not share the two cores
# with the compressor), as the image runs it: the ENTRYPOINT's flags and an AOT cache trained with the Dockerfile's
# training flags (both read from the Dockerfile by bench/image-flags.sh; dev.flo.actions.AotTraining on the same JDK
# and jar; AOT=0 runs without a cache). Each run is
# timed by GNU time (`/usr/bin/time -v`): wall and the peak RSS of the JVM (pg_dump, its child, is a separate
# process and reported on its own line of B).
#
# Needs: Debian's PostgreSQL 15 (server and client), JDK 25 (JAVA_HOME), target/flo-actions.jar, /usr/bin/time.
# Usage: [TABLE=pages|events] [AOT=0] bench/db-backup-vs-pgdump.sh [rows] [pairs, default 6]
# WORK_ROOT=/dev/shm puts the cluster, its data and the backups in memory (a tmpfs), so a disk of varying speed stays
# out of the ratio (default /tmp).
# FLO_JAVA_OPTS replaces the JVM options (default: the ENTRYPOINT's; keep --enable-native-access=ALL-UNNAMED, which
# the cache is trained with, or the cache is refused). JAR=path benches another build of the jar.
# Raw results: bench/out/db-backup-vs-pgdump/.
set -euo pipefail
cd "$(dirname "$0")/.."
TABLE=${TABLE:-pages}
case $TABLE in
  pages) ROWS=${1:-120000} ;;
  events) ROWS=${1:-4000000} ;;
  *) echo "TABLE must be pages or events" >&2; exit 2 ;;
esac
JAR=${JAR:-target/flo-actions.jar}
PAIRS=${2:-6}
WORK=$(mktemp -d "${WORK_ROOT:-/tmp}/flo-bench.XXXXXX")
OUT=bench/out/db-backup-vs-pgdump
PGBIN=/usr/lib/postgresql/15/bin
PG_PORT=$((55500 + RANDOM % 400))
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
# shellcheck source=bench/image-flags.sh
. bench/image-flags.sh
JAVA_OPTS=${FLO_JAVA_OPTS:-$IMAGE_RUN_FLAGS}

cleanup() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  if [ -z "${KEEP_WORK:-}" ]; then rm -rf "$WORK"; else echo "Kept $WORK" >&2; fi
}
trap cleanup EXIT
[ -f "$JAR" ] || ./mvnw -B -q -DskipTests package
mkdir -p "$OUT"

mkdir -p "$WORK/pgdata" && chown postgres "$WORK" "$WORK/pgdata" && chmod 755 "$WORK"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pgdata" -A trust -U postgres -E UTF8 --no-sync >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pgdata/log" -w start \
  -o "-p $PG_PORT -k $WORK/pgdata -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres
psql -q -d postgres -c "create database bench"
if [ "$TABLE" = pages ]; then
  psql -q -d bench -c "create table pages as select g as id, repeat(md5(g::text), 59) as payload from generate_series(1, $ROWS) g"
else
  psql -q -d bench -v rows="$ROWS" -f bench/events.sql
fi
DBSIZE=$(psql -Atq -d bench -c "select pg_database_size('bench')")
URL="postgres://postgres@127.0.0.1:$PG_PORT/bench"
# opts JAR: the JVM options for that jar; with AOT (default), a cache trained as the Dockerfile trains the image's
# (dev.flo.actions.AotTraining, same JDK, same jar path, the training line's flags), on the host's JDK.
opts() {
  if [ "${AOT:-1}" != 0 ]; then
    local cache
    cache="$WORK/$(basename "$(dirname "$(dirname "$(realpath "$1")")")").aot"
    # shellcheck disable=SC2086
    [ -f "$cache" ] || "$JAVA" -XX:AOTCacheOutput="$cache" $IMAGE_TRAIN_FLAGS -cp "$1" dev.flo.actions.AotTraining >/dev/null
    echo "-XX:AOTCache=$cache $JAVA_OPTS"
  else
    echo "$JAVA_OPTS"
  fi
}
A_OPTS=$(opts "$JAR")
# BASE_JAR=path also runs that build (the one before a change) in every round: before and after under the same load.
[ -z "${BASE_JAR:-}" ] || B_OPTS=$(opts "$BASE_JAR")

# run NAME CMD...: one run under GNU time; appends "name,wall_s,peak_kib,exit" to results.csv.
run() {
  local name=$1; shift
  local log=$WORK/time.log
  /usr/bin/time -v -o "$log" "$@" >"$WORK/$name.out" 2>&1 || true
  local wall peak rc
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
  peak=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
  rc=$(awk -F': ' '/Exit status/ { print $2 }' "$log")
  [ "$rc" = 0 ] || { cat "$WORK/$name.out" >&2; echo "$name exited $rc" >&2; exit 1; }
  echo "$name,$wall,$peak,$rc" >>"$OUT/results.csv"
  echo "$wall"
}

echo "name,wall_s,peak_kib,exit" >"$OUT/results.csv"
echo "Database $DBSIZE bytes ($ROWS rows of $TABLE); AOT cache ${AOT:-1}; $PAIRS rounds; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
backup() { # NAME JAR OPTS
  rm -rf "$WORK/backups"
  # shellcheck disable=SC2086
  run "$1" "$JAVA" $3 -cp "$2" dev.flo.actions.Main db-backup --database-url "$URL" --destination "file://$WORK/backups" --compression zstd
}
for i in $(seq 0 "$PAIRS"); do
  a=$(backup "db-backup-$i" "$JAR" "$A_OPTS")
  b=$(run "pg_dump-$i" sh -c "exec $PGBIN/pg_dump --format=custom --compress=0 --no-password bench >/dev/null")
  line="db-backup $a s, pg_dump $b s, ratio $(echo "scale=3; $a / $b" | bc)"
  if [ -n "${BASE_JAR:-}" ]; then
    c=$(backup "base-$i" "$BASE_JAR" "$B_OPTS")
    line="$line; base $c s, ratio $(echo "scale=3; $c / $b" | bc)"
  fi
  # Round 0 is the warm-up (page cache, JIT of nothing: first start of each), not counted.
  [ "$i" = 0 ] || echo "round $i: $line"
done
grep -h 'Stored \|rows' "$WORK/db-backup-$PAIRS.out" | tail -3 || true
# Medians of each command's wall and of the per-round ratios to pg_dump; the largest peak RSS.
awk -F, 'NR > 1 && $1 !~ /-0$/ { k = $1; sub(/-[0-9]+$/, "", k); r = $1; sub(/^.*-/, "", r); w[k, r] = $2; n[k]++; ks[k] = 1; if ($3 > p[k]) p[k] = $3 }
  function median(a, m,   i, j, t) { for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
  END { for (k in ks) { m = 0; for (r = 1; r <= n[k]; r++) { m++; x[m] = w[k, r]; y[m] = w[k, r] / w["pg_dump", r] }
      printf "%s: median wall %.2f s, median ratio to pg_dump %.2fx, peak RSS %.1f MiB\n", k, median(x, m), median(y, m), p[k] / 1024 } }' "$OUT/results.csv"
