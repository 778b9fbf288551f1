#!/usr/bin/env bash
# Whole-process time of `java -jar target/flo-actions.jar health-verify` against a tiny local HTTP server:
# JVM start-up, step dispatch, one real HTTP check, outputs and summary. Figures go in bench/README.md.
#
# Usage: bench/startup.sh [runs]        (needs JDK 25 on PATH, hyperfine, python3; builds the jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$java" -version 2>&1 | grep -q 'version "2[5-9]' || { echo "needs JDK 25+: set JAVA_HOME (found: $("$java" -version 2>&1 | head -1))" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 1; }
[ -f target/flo-actions.jar ] || ./mvnw -B -q -DskipTests package

site="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$site"' EXIT
echo '{"status":"ok"}' > "$site/health"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done

url="http://127.0.0.1:$port/health"
# One passing check is enough: the default of three would add two 5 s intervals to every run.
check="health-verify --url $url --consecutive-successes 1 --expect-json status=ok"
# Outside GitHub Actions the step prints outputs and the summary; hyperfine discards them.
env -u GITHUB_OUTPUT -u GITHUB_STEP_SUMMARY -u GITHUB_ACTIONS \
  hyperfine --warmup 3 --runs "$runs" --export-markdown bench/startup-results.md \
    -n "java -jar (one check)" "$java -jar target/flo-actions.jar $check" \
    -n "java -XX:TieredStopAtLevel=1 -jar (one check)" "$java -XX:TieredStopAtLevel=1 -jar target/flo-actions.jar $check" \
    -n "java -jar --dry-run (no request)" "$java -jar target/flo-actions.jar $check --dry-run"
