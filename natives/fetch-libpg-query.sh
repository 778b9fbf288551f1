#!/usr/bin/env bash
# Re-fetches libpg_query from Debian bookworm and checks the copies this repository carries, so nobody has to
# trust the blobs under natives/libpg_query/. See natives/README.md.
#
#   natives/fetch-libpg-query.sh           check: the committed files are Debian's exact bytes
#   natives/fetch-libpg-query.sh --write   replace them with freshly fetched, checked copies
#
# Needs curl, ar (binutils), tar with xz and sha256sum; runs on any Linux (no dpkg needed).
set -euo pipefail

MIRROR="${DEBIAN_MIRROR:-https://deb.debian.org/debian}"
VERSION=15-4.0.0-2
# arch  jar folder  sha256 of the .deb (Debian's signed bookworm index)  sha256 of libpg_query.so.1504.0.0 inside
PACKAGES=(
  "amd64 linux-x86_64  1c79f747efddfafd12c5735630dc816ec5c1b7ee6ad2c9c8e72c9d4637b85355 5138f7ce03f3be6c2dcd22f9bcc80604446a90ccad5116ba7b01c365bbe23b2f"
  "arm64 linux-aarch64 53bf76c6fdb2b4660d4c85535ad1ddbe5ff0c6969bca072c22b17e2f94ebc68e 4a310026932704124ac2cba88b3d34eb3d8354b98b0c1835c679b7db81b643a2"
)

here="$(cd "$(dirname "$0")" && pwd)"
write=false
[ "${1:-}" = --write ] && write=true
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

check() { # file expected-sha256 what
  local got
  got="$(sha256sum "$1" | cut -d' ' -f1)"
  if [ "$got" != "$2" ]; then
    echo "error: $3 has sha256 $got, expected $2" >&2
    exit 1
  fi
}

for entry in "${PACKAGES[@]}"; do
  read -r arch folder deb_sha so_sha <<<"$entry"
  deb="libpg-query1504.0_${VERSION}_${arch}.deb"
  curl -sSf -o "$work/$deb" "$MIRROR/pool/main/libp/libpg-query/$deb"
  check "$work/$deb" "$deb_sha" "$deb"
  mkdir -p "$work/$arch"
  (cd "$work/$arch" && ar x "../$deb" && tar -xf data.tar.*)
  so="$(find "$work/$arch/usr/lib" -name 'libpg_query.so.1504.0.0')"
  check "$so" "$so_sha" "$deb's libpg_query.so.1504.0.0"
  target="$here/libpg_query/$folder/libpg_query.so"
  if $write; then
    mkdir -p "$(dirname "$target")"
    install -m 644 "$so" "$target"
    cp "$work/$arch/usr/share/doc/libpg-query1504.0/copyright" "$here/libpg_query/LICENSE"
    echo "wrote $target from $deb"
  else
    check "$target" "$so_sha" "natives/libpg_query/$folder/libpg_query.so"
    cmp -s "$target" "$so" || { echo "error: $target differs from $deb" >&2; exit 1; }
    echo "ok: natives/libpg_query/$folder/libpg_query.so is $deb's libpg_query.so.1504.0.0 (sha256 $so_sha)"
  fi
done
