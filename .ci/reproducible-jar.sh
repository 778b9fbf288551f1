#!/usr/bin/env bash
# Reproducible jar: builds the committed tree a second time in another folder, with another umask, and compares
# the jar byte for byte with target/flo-actions.jar (built by the test command just before). The same commit must
# give the same jar on any machine, so anyone can rebuild a release and check it (docs/release.md).
#   .ci/reproducible-jar.sh        # needs JDK 25 on PATH and target/flo-actions.jar from this commit
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/flo-actions.jar ] || { echo "reproducible jar: build target/flo-actions.jar first (./mvnw -B verify)" >&2; exit 1; }
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "reproducible jar: the work tree has uncommitted changes; the check compares builds of the commit (skipped)"
  exit 0
fi
other=$(mktemp -d /tmp/flo-repro.XXXXXX)
trap 'rm -rf "$other"' EXIT
git archive HEAD | tar -x -C "$other"
(cd "$other" && umask 077 && ./mvnw -B -q -Dmaven.test.skip=true package >"$other.log" 2>&1) || { cat "$other.log" >&2; rm -f "$other.log"; exit 1; }
rm -f "$other.log"
a=$(sha256sum < target/flo-actions.jar | cut -d' ' -f1)
b=$(sha256sum < "$other/target/flo-actions.jar" | cut -d' ' -f1)
if [ "$a" != "$b" ]; then
  echo "reproducible jar FAILED: this build gives $a, a second build of the same commit in $other gives $b." >&2
  mkdir -p "$other/x" "$other/y" && (cd "$other/x" && unzip -qo "$OLDPWD/target/flo-actions.jar") && (cd "$other/y" && unzip -qo "$other/target/flo-actions.jar")
  diff -rq "$other/x" "$other/y" | head -20 >&2 || true
  echo "Look for build-time timestamps, host names or unordered resources in what differs." >&2
  exit 1
fi
echo "reproducible jar: ok, two builds of $(git rev-parse --short HEAD) give sha256 $a"
