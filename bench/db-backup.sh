#!/usr/bin/env bash
# Benchmark: db-backup against `pg_dump | gzip | aws s3 cp -` on the same generated database (>= 1 GB) and the
# same S3 server (s3proxy standalone, filesystem backend, on 127.0.0.1). Prints wall time, throughput (database
# bytes per second) and peak memory (sum of the resident sets of every process of the run, sampled every 100 ms).
#
# Needs: Debian's PostgreSQL 15 (server and client), JDK 25 (JAVA_HOME), target/flo-actions.jar, and either
# /usr/bin/aws or permission to `apt-get install -y awscli`. Usage: bench/db-backup.sh [rows, default 6000000]
# FLO_JAVA_OPTS adds JVM options to the db-backup runs (such as -Xmx128m, to show memory stays bounded).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ROWS=${1:-6000000}
WORK=$(mktemp -d /tmp/flo-bench.XXXXXX)
PGBIN=/usr/lib/postgresql/15/bin
PG_PORT=55432
S3PORT=18080
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
S3PROXY_JAR=$ROOT/bench/.cache/s3proxy-4.1.0-jar-with-dependencies.jar
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  if [ -z "${KEEP_WORK:-}" ]; then rm -rf "$WORK"; else echo "Kept $WORK" >&2; fi
}
trap cleanup EXIT

# --- tools ----------------------------------------------------------------------------------------------------
[ -x /usr/bin/aws ] || { apt-get update -qq && apt-get install -y -qq awscli >/dev/null; }
[ -f target/flo-actions.jar ] || ./mvnw -B -q -DskipTests package
if [ ! -f "$S3PROXY_JAR" ]; then
  ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy \
    -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -DoutputDirectory="$ROOT/bench/.cache"
fi

# --- PostgreSQL: a throwaway cluster, as user postgres ---------------------------------------------------------
mkdir -p "$WORK/pgdata" && chown postgres "$WORK" "$WORK/pgdata" && chmod 755 "$WORK"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pgdata" -A trust -U postgres -E UTF8 --no-sync >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pgdata/log" -w start \
  -o "-p $PG_PORT -k $WORK/pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c max_wal_size=4GB" >/dev/null
export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres
psql -q -d postgres -c "create database bench"
echo "Generating $ROWS rows..."
psql -q -d bench -v rows="$ROWS" -f bench/events.sql
DBSIZE=$(psql -Atq -d bench -c "select pg_database_size('bench')")
echo "Database: $DBSIZE bytes"
unset PGHOST PGPORT PGUSER

# --- S3: s3proxy standalone -----------------------------------------------------------------------------------
mkdir -p "$WORK/s3data"
cat > "$WORK/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=access
s3proxy.credential=secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3data
CONF
"$JAVA" -Dlogback.configurationFile=/dev/null -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" >"$WORK/s3proxy.log" 2>&1 &
PIDS+=($!)
export AWS_ACCESS_KEY_ID=access AWS_SECRET_ACCESS_KEY=secret AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=$WORK/aws.config
printf '[default]\ns3 =\n    addressing_style = path\n' > "$AWS_CONFIG_FILE"
for _ in $(seq 100); do /usr/bin/aws --endpoint-url "http://127.0.0.1:$S3PORT" s3 ls >/dev/null 2>&1 && break; sleep 0.2; done
/usr/bin/aws --endpoint-url "http://127.0.0.1:$S3PORT" s3 mb s3://bench >/dev/null

# --- measuring ------------------------------------------------------------------------------------------------
# measure OUT CMD...: runs CMD in its own session with its output in OUT; samples the summed RSS of the session's
# processes; prints "seconds peak_kib".
measure() {
  local out=$1
  shift
  setsid bash -c '"$@"' _ "$@" >"$out" 2>&1 &
  local pid=$! peak=0 rss start end
  start=$(date +%s.%N)
  while kill -0 "$pid" 2>/dev/null; do
    # ps fails once the session is gone (a race with kill -0 above); pipefail must not end the script.
    rss=$({ ps -o rss= -s "$pid" 2>/dev/null || true; } | awk '{s+=$1} END {print s+0}')
    [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.1
  done
  wait "$pid" || { echo "failed: $*" >&2; cat "$out" >&2; return 1; }
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) $peak"
}

object_size() {
  /usr/bin/aws --endpoint-url "http://127.0.0.1:$S3PORT" s3api head-object --bucket bench --key "$1" --query ContentLength --output text
}

URL="postgres://postgres@127.0.0.1:$PG_PORT/bench"
report() { # name seconds peak_kib stored_bytes
  NAME=$1 awk -v s="$2" -v p="$3" -v b="$4" -v d="$DBSIZE" \
    'BEGIN { n = ENVIRON["NAME"]; printf "| %-44s | %8.1f s | %8.1f MB/s | %8.0f MiB | %10.1f MiB |\n", n, s, d / s / 1e6, p / 1024, b / 1048576 }'
}

RESULTS=()
echo "Baseline: pg_dump -Fc -Z0 | gzip | aws s3 cp -"
read -r secs peak < <(measure "$WORK/out-baseline" bash -c "set -o pipefail; PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres $PGBIN/pg_dump -Fc -Z0 bench | gzip | /usr/bin/aws --endpoint-url http://127.0.0.1:$S3PORT s3 cp --no-progress - s3://bench/baseline/bench.pgdump.gz")
[ -n "$secs" ] || exit 1
RESULTS+=("$(report 'pg_dump -Fc -Z0 \| gzip \| aws s3 cp -' "$secs" "$peak" "$(object_size baseline/bench.pgdump.gz)")")

for compression in gzip zstd; do
  echo "db-backup, compression $compression"
  out=$WORK/out-$compression
  read -r secs peak < <(measure "$out" env AWS_ACCESS_KEY_ID=access AWS_SECRET_ACCESS_KEY=secret "$JAVA" ${FLO_JAVA_OPTS:-} -jar target/flo-actions.jar db-backup \
    --database-url "$URL" --destination "s3://bench/flo-$compression/" --s3-endpoint "http://127.0.0.1:$S3PORT" --compression "$compression")
  [ -n "$secs" ] || exit 1
  uri=$(grep '^uri=' "$out" | cut -d= -f2-)
  [ -n "$uri" ] || { cat "$out"; exit 1; }
  RESULTS+=("$(report "db-backup --compression $compression${FLO_JAVA_OPTS:+ ($FLO_JAVA_OPTS)}" "$secs" "$peak" "$(object_size "${uri#s3://bench/}")")")
done

echo
echo "Database $(awk -v d="$DBSIZE" 'BEGIN { printf "%.2f GB", d / 1e9 }') ($ROWS rows), $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| Run                                          |     Wall   | Throughput    | Peak RSS     | Stored         |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${RESULTS[@]}"
