#!/usr/bin/env bash
# Benchmark (issue 14's db-backup target): `db-backup --compression zstd` against an uncompressed `pg_dump` of the
# same database to /dev/null (the server-side limit: what any backup pays before compressing or storing), in
# alternating pairs. Target: db-backup's wall time <= 1.5x pg_dump's, its peak RSS <= 160 MiB.
#
# Database: one table of 59 md5 strings a row (as DbBackupProgressTest makes it), ~230 MB with the default 120,000
# rows, in a throwaway PostgreSQL 15 cluster. db-backup writes to a file destination in the scratch folder (so the
# store's own CPU does not share the two cores with the compressor), as the image runs it: the image's flags
# (C1, SerialGC, no perf data), without the AOT cache. Each run is timed by GNU time (`/usr/bin/time -v`): wall and
# the peak RSS of the JVM (pg_dump, its child, is a separate process and reported on its own line of B).
#
# Needs: Debian's PostgreSQL 15 (server and client), JDK 25 (JAVA_HOME), target/flo-actions.jar, /usr/bin/time.
# Usage: bench/db-backup-vs-pgdump.sh [rows, default 120000] [pairs, default 6]
# FLO_JAVA_OPTS replaces the JVM options (default: the image's). Raw results: bench/out/db-backup-vs-pgdump/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-120000}
PAIRS=${2:-6}
WORK=$(mktemp -d /tmp/flo-bench.XXXXXX)
OUT=bench/out/db-backup-vs-pgdump
PGBIN=/usr/lib/postgresql/15/bin
PG_PORT=$((55500 + RANDOM % 400))
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAVA_OPTS=${FLO_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -XX:UserThreadWaitAttemptsAtExit=0}

cleanup() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  if [ -z "${KEEP_WORK:-}" ]; then rm -rf "$WORK"; else echo "Kept $WORK" >&2; fi
}
trap cleanup EXIT
[ -f target/flo-actions.jar ] || ./mvnw -B -q -DskipTests package
mkdir -p "$OUT"

mkdir -p "$WORK/pgdata" && chown postgres "$WORK" "$WORK/pgdata" && chmod 755 "$WORK"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pgdata" -A trust -U postgres -E UTF8 --no-sync >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pgdata/log" -w start \
  -o "-p $PG_PORT -k $WORK/pgdata -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres
psql -q -d postgres -c "create database bench"
psql -q -d bench -c "create table pages as select g as id, repeat(md5(g::text), 59) as payload from generate_series(1, $ROWS) g"
DBSIZE=$(psql -Atq -d bench -c "select pg_database_size('bench')")
URL="postgres://postgres@127.0.0.1:$PG_PORT/bench"

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
echo "Database $DBSIZE bytes ($ROWS rows); $PAIRS alternating pairs; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
for i in $(seq 0 "$PAIRS"); do
  rm -rf "$WORK/backups"
  # shellcheck disable=SC2086
  a=$(run "db-backup-$i" "$JAVA" $JAVA_OPTS -jar target/flo-actions.jar db-backup --database-url "$URL" \
        --destination "file://$WORK/backups" --compression zstd)
  b=$(run "pg_dump-$i" sh -c "exec $PGBIN/pg_dump --format=custom --compress=0 --no-password bench >/dev/null")
  # Pair 0 is the warm-up (page cache, JIT of nothing: first start of each), not counted.
  [ "$i" = 0 ] || echo "pair $i: db-backup $a s, pg_dump $b s, ratio $(echo "scale=3; $a / $b" | bc)"
done
grep -h '^uri=\|^size-bytes=' "$WORK/db-backup-$PAIRS.out" || true
awk -F, 'NR > 1 && $1 !~ /-0$/ { split($1, n, "-[0-9]+$"); k = ($1 ~ /^db-backup/) ? "db-backup" : "pg_dump"; w[k] = w[k] " " $2; if ($3 > p[k]) p[k] = $3 }
  END { for (k in w) printf "%s: walls%s; peak RSS %.1f MiB\n", k, w[k], p[k] / 1024 }' "$OUT/results.csv"
