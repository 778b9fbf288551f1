#!/bin/sh
# Replaces libpq's LDAP library with a stub, in the Dockerfile's rootfs stage only (a build stage that is thrown
# away), before that stage gathers the shared libraries the image runs: the image then carries the stub (~14 KB)
# instead of OpenLDAP and the chain it loads (liblber, libsasl2, GnuTLS, nettle, gmp, p11-kit, libunistring,
# libidn2, libtasn1, libffi: 7.1 MiB, measured on bookworm), which nothing in the image runs.
#
# Why libpq links it at all: a pg_service.conf line that starts with ldap:// makes libpq look the connection up
# in an LDAP directory (fe-connect.c, ldapServiceLookup). No step writes a service file, and a database URL never
# takes that path. With the stub, such a lookup fails at once with libpq's own "could not create LDAP structure"
# (ldap_init returns NULL); every other path of pg_dump, pg_restore and psql is the same code as before.
#
# The stub defines exactly the symbols libpq takes from the real library, under the same symbol versions
# (OPENLDAP_2.5 on bookworm: without the version the dynamic loader refuses libpq) and the same SONAME, each a
# function that returns 0/NULL. Built with as and ld from binutils, which the stage has for strip. Then it checks
# what it changed: every client given runs, and a service lookup through LDAP gets libpq's error.
#
# Usage: stub-libldap.sh LD_SO CLIENT... (the dynamic loader, then pg_dump, pg_restore and psql of every major).
# Only sh, nm, as and ld: the offline build's local base has no grep, sed, awk or sort.
set -eu
ld_so=$1
shift
work=/tmp/stub-libldap
rm -rf "$work"
mkdir -p "$work"
undo="take this script's line out of the Dockerfile to ship the real library"
fail() {
  echo "stub-libldap: $*" >&2
  exit 1
}

# libpq and the LDAP library it loads, as the dynamic loader resolves them for the clients.
libpq= ldap= soname=
for client; do
  "$ld_so" --list "$client" >"$work/list"
  while read -r name arrow path rest; do
    [ "$arrow" = "=>" ] || continue
    case "$name" in
      libpq.so.*) [ -z "$libpq" ] || [ "$libpq" = "$path" ] || fail "two libpq: $libpq and $path; the clients must share one ($undo)"; libpq=$path ;;
      libldap*) [ -z "$ldap" ] || [ "$ldap" = "$path" ] || fail "two LDAP libraries: $ldap and $path; $undo"; ldap=$path soname=$name ;;
    esac
  done <"$work/list"
done
[ -n "$libpq" ] || fail "no libpq among the libraries of: $*"
if [ -z "$ldap" ]; then
  echo "stub-libldap: libpq ($libpq) loads no LDAP library: nothing to replace"
  exit 0
fi

# What the real library defines, by version (nm -D prints name@@VERSION for a default version).
nm -D --defined-only "$ldap" >"$work/defined"
# What libpq takes from it: its undefined name@VERSION whose version the LDAP library defines.
nm -D --undefined-only "$libpq" >"$work/undefined"
versions=" "
while read -r value type sym; do
  case "$sym" in *@@*) v=${sym#*@@}; case "$versions" in *" $v "*) ;; *) versions="$versions$v " ;; esac ;; esac
done <"$work/defined"
[ "$versions" != " " ] || fail "$ldap defines no symbol versions; the stub would not match libpq's references: $undo"

case "$ld_so" in
  *x86-64*) body="xorl %eax, %eax
  ret" ;;
  *aarch64*) body="mov x0, #0
  ret" ;;
  *) fail "no stub body for the architecture of $ld_so: add its return-0 instructions above, or $undo" ;;
esac

: >"$work/syms"
for v in $versions; do
  printf '%s {\n  global:\n' "$v" >"$work/node.$v"
done
count=0
while read -r type sym; do
  [ "$type" = U ] || continue
  case "$sym" in *@*) ;; *) continue ;; esac
  name=${sym%%@*} v=${sym#*@}
  case "$versions" in *" $v "*) ;; *) continue ;; esac
  # Only functions can be stubbed this way: a data symbol libpq reads would be garbage.
  kind=
  while read -r value t dsym; do
    case "$dsym" in "$name@@$v" | "$name@$v") kind=$t; break ;; esac
  done <"$work/defined"
  case "$kind" in
    T | t | W | i) ;;
    "") fail "libpq takes $name@$v, which $ldap does not define: check that libpq and the LDAP library come from the same release" ;;
    *) fail "libpq takes $name@$v from $ldap, which is not a function (nm type $kind): a stub cannot stand in; $undo" ;;
  esac
  printf '  .globl %s\n  .type %s, %%function\n%s:\n' "$name" "$name" "$name" >>"$work/syms"
  printf '    %s;\n' "$name" >>"$work/node.$v"
  count=$((count + 1))
done <"$work/undefined"
[ "$count" -gt 0 ] || fail "libpq links $ldap but takes no versioned symbol from it: $undo"

{
  printf '  .text\n'
  cat "$work/syms"
  printf '  %s\n' "$body"
  # No executable stack: without this note ld marks the library as needing one.
  printf '  .section .note.GNU-stack,"",%%progbits\n'
} >"$work/stub.s"
first=1
for v in $versions; do
  if [ $first = 1 ]; then printf '  local: *;\n' >>"$work/node.$v"; first=0; fi
  printf '};\n' >>"$work/node.$v"
  cat "$work/node.$v" >>"$work/stub.map"
done
as -o "$work/stub.o" "$work/stub.s"
ld -shared -soname "$soname" --version-script "$work/stub.map" -z noexecstack -z relro -z now \
  -o "$work/stub.so" "$work/stub.o"
# Over the real file (through its symlink), so the loader's --list that gathers the image's libraries finds the
# stub and none of the real library's dependencies.
cp "$work/stub.so" "$ldap"
echo "stub-libldap: $ldap ($soname) is now a stub of the $count functions libpq takes from it (versions:$versions)"

# Every client still loads and runs (libpq is bound at load: a missing symbol or version fails here) ...
for client; do
  "$client" --version >/dev/null || fail "$client no longer runs with the stub (the loader's error is above: a symbol or version the stub lacks); $undo"
done
# ... and an LDAP service lookup fails the way libpq reports a failed ldap_init.
for client; do
  case "$client" in */psql) psql=$client ;; esac
done
if [ -n "${psql:-}" ]; then
  printf '[stub]\nldap://ldap.invalid/dc=example,dc=com?uniqueMember?one?(cn=db)\n' >"$work/pg_service.conf"
  out=$(PGSERVICEFILE="$work/pg_service.conf" "$psql" -w "service=stub" -c '' 2>&1 || true)
  case "$out" in
    *"could not create LDAP structure"*) echo "stub-libldap: an ldap:// service lookup fails as expected: $out" ;;
    *) fail "an ldap:// service lookup through the stub gave: $out (expected libpq's \"could not create LDAP structure\"): libpq's LDAP code changed; check it before shipping the stub" ;;
  esac
fi
rm -rf "$work"
