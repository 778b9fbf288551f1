#!/usr/bin/env bash
# lint-gate on a 100,000-finding ESLint JSON report (2,000 files x 50 messages, each file's 2 KB source embedded
# as ESLint does), in a 32 MiB heap: shows the report is streamed and the kept state is bounded.
# Usage: bench/lint-gate-100k.sh  (after ./mvnw -B -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/lint-gate-100k
rm -rf "$out" && mkdir -p "$out"
awk 'BEGIN {
  src = sprintf("%2000s", ""); gsub(/ /, "x", src);
  printf "[";
  for (f = 0; f < 2000; f++) {
    printf "%s{\"filePath\":\"/home/runner/work/shop/shop/src/f%d.js\",\"messages\":[", (f ? "," : ""), f;
    for (i = 0; i < 50; i++) {
      printf "%s{\"ruleId\":\"%s\",\"severity\":%d,\"message\":\"problem %d\",\"line\":%d,\"column\":3,\"endLine\":%d,\"endColumn\":9}", (i ? "," : ""), (i % 2 ? "no-unused-vars" : "eqeqeq"), (i % 10 ? 1 : 2), i, i + 1, i + 1;
    }
    printf "],\"errorCount\":5,\"warningCount\":45,\"source\":\"%s\"}", src;
  }
  printf "]";
}' > "$out/eslint.json"
ls -l "$out/eslint.json"
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
/usr/bin/time -v "$java" -Xmx32m -jar target/flo-actions.jar lint-gate --reports "$out/eslint.json" --fail-on none > "$out/stdout.txt" 2> "$out/time.txt"
grep -E '^(errors|warnings|verdict)=' "$out/stdout.txt"
grep -E 'User time|System time|Elapsed|Maximum resident' "$out/time.txt"
