#!/usr/bin/env bash
# Regenerates the lint-gate test reports with the real tools. Run from anywhere; needs node/npm, JDK 25 and
# network access to the npm registry and Maven Central. The tools run in a copy of each sample placed at a
# runner-like absolute path, so the reports carry absolute host paths the way they do on a GitHub runner.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
out="$here/reports"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# ESLint 9 (json and SARIF formatters) and TypeScript 5, installed into a scratch folder.
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund eslint@9 @eslint/js@9 typescript@5 @microsoft/eslint-formatter-sarif@3 prettier@3 >/dev/null)
ws=/tmp/runner/work/shop/shop
rm -rf "$ws" && mkdir -p "$ws" && cp -r "$here/sample/." "$ws/"
cd "$ws"
node "$work/node_modules/eslint/bin/eslint.js" -f json -o "$out/eslint.json" . || true
node "$work/node_modules/eslint/bin/eslint.js" -f "$work/node_modules/@microsoft/eslint-formatter-sarif/sarif.js" -o "$out/eslint.sarif" . || true
node "$work/node_modules/typescript/bin/tsc" -p . --pretty false > "$out/tsc.txt" || true
node "$work/node_modules/typescript/bin/tsc" -p . --pretty true > "$out/tsc-pretty.txt" || true

# Fixes: ESLint's json carries `fix` (and single `suggestions`) for fixable rules; Prettier's changes as a git diff
# taken in a repository of the pull request's head (web/cart.js relative to its root, as in the workflow recipe).
mkdir -p "$out/fixes"
rm -rf "$ws" && mkdir -p "$ws" && cp -r "$here/fixes/head/." "$ws/" && cd "$ws"
node "$work/node_modules/eslint/bin/eslint.js" -f json -o "$out/fixes/eslint.json" web || true
git init -q && git add -A && git -c user.email=ci@example.com -c user.name=ci commit -qm head
node "$work/node_modules/prettier/bin/prettier.cjs" --write web >/dev/null
git diff > "$out/fixes/prettier.diff"

# Maven Surefire (one failure, one error) and maven-checkstyle-plugin (sun_checks) on a small Java sample.
cd "$here" && rm -rf "$ws" && mkdir -p "$ws" && cp -r "$here/maven-sample/." "$ws/" && cd "$ws"
"$repo/mvnw" -B -q -f "$ws/pom.xml" test checkstyle:checkstyle -Dmaven.test.failure.ignore=true >/dev/null || true
cp "$ws/target/checkstyle-result.xml" "$out/checkstyle-result.xml"
# Surefire records every system property of the machine that ran it: drop them, they are noise here.
grep -v '<property ' "$ws/target/surefire-reports/TEST-shop.CartTest.xml" > "$out/TEST-shop.CartTest.xml"
cd "$here" && rm -rf /tmp/runner
echo "reports written to $out"
