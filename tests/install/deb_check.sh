#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The .deb: `cpack -G DEB` of a built tree (into a temporary directory), its
# control fields, and dpkg installing it into a throw-away root with its own
# package database, never the real system (it would replace Debian's libvirt0
# that other tests compare against):
#   - a stand-in for Debian's libvirt0, owning the same library file, and a
#     stand-in for a program that needs libvirt0 (>= 9.0.0), installed first:
#     dpkg removes the first in favour of virtkit (Conflicts + Replaces) and
#     keeps the second (Provides). The package's dependencies are stand-ins
#     at the host's versions, so dpkg checks every relation, forcing none;
#   - the postinst's ldconfig runs (a stub in PATH: the scripts run outside
#     the root, which has no shell);
#   - the root's virtkit-sh, on the root's libraries, lists test:///default as
#     Debian's virsh does.
# usage: deb_check.sh BUILD_DIR    (exit 77 without cpack, dpkg, dpkg-shlibdeps or virsh)
set -eu
build=$1
for t in cpack dpkg dpkg-deb dpkg-shlibdeps virsh; do
  command -v $t > /dev/null || { echo "SKIPPED: no $t"; exit 77; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/virtkit-deb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" > "$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$tmp"/out/virtkit_*.deb)
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = virtkit ] || fail "Package: $(field Package)"
case $(field Depends) in
  *libvirt0*) fail "Depends names libvirt0: $(field Depends)" ;;
esac
for d in libc6 libxml2 libsasl2-2 libedit2; do
  field Depends | grep -q "$d" || fail "Depends lacks $d: $(field Depends)"
done
for f in Conflicts Replaces Provides; do
  field $f | grep -q 'libvirt0' || fail "$f lacks libvirt0: $(field $f)"
done
libfile=$(dpkg-deb -c "$deb" | awk '{print $6}' | grep '/libvirt\.so\.0\.9000\.0$' | sed 's|^\./||')
[ -n "$libfile" ] || fail "no libvirt.so.0.9000.0 in the package"

# The stand-ins: "libvirt0", owning virtkit's libvirt.so.0.9000.0 path, and
# "libvirt-user", depending on libvirt0 (>= 9.0.0) as python3-libvirt does.
arch=$(dpkg --print-architecture)
stand_in() {  # NAME VERSION DEPENDS [FILE]
  mkdir -p "$tmp/$1/DEBIAN"
  printf 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: test <test@invalid>\nDescription: stand-in\n' \
    "$1" "$2" "$arch" > "$tmp/$1/DEBIAN/control"
  [ -z "$3" ] || echo "Depends: $3" >> "$tmp/$1/DEBIAN/control"
  if [ -n "${4:-}" ]; then
    mkdir -p "$tmp/$1/$(dirname "$4")"
    echo stand-in > "$tmp/$1/$4"
  fi
  dpkg-deb -b "$tmp/$1" "$tmp/$1.deb" > /dev/null
}
stand_in libvirt0 9.0.0-4+deb12u2 "" "$libfile"
stand_in libvirt-user 1.0 "libvirt0 (>= 9.0.0)"
deps=$(field Depends | tr ',' '\n' | sed 's/|.*//; s/(.*//; s/:.*//; s/ //g')
for d in $deps; do
  v=$(dpkg-query -W -f '${Version}' "$d" 2> /dev/null | head -1)
  [ -n "$v" ] || fail "the host lacks $d, a dependency of the package"
  stand_in "$d" "$v" ""
done

root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$tmp/stub"
: > "$root/var/lib/dpkg/status"
printf '#!/bin/sh\necho "ldconfig $*" >> "%s/ldconfig.log"\n' "$tmp" > "$tmp/stub/ldconfig"
chmod +x "$tmp/stub/ldconfig"
nonroot=
[ "$(id -u)" -eq 0 ] || nonroot=--force-not-root
mydpkg() {
  # shellcheck disable=SC2086
  PATH="$tmp/stub:$PATH" dpkg --root="$root" --log="$tmp/dpkg.log" $nonroot --force-script-chrootless \
    "$@"
}
# shellcheck disable=SC2046
mydpkg -i "$tmp/libvirt0.deb" "$tmp/libvirt-user.deb" $(for d in $deps; do echo "$tmp/$d.deb"; done) \
  > "$tmp/dpkg-standins.log" 2>&1 ||
  { cat "$tmp/dpkg-standins.log"; fail "installing the stand-ins"; }
mydpkg -i "$deb" > "$tmp/dpkg.out" 2>&1 || { cat "$tmp/dpkg.out"; fail "dpkg -i virtkit"; }
status() { dpkg --root="$root" -s "$1" 2>/dev/null | sed -n 's/^Status: //p'; }
[ "$(status virtkit)" = "install ok installed" ] || fail "virtkit: $(status virtkit)"
[ "$(status libvirt-user)" = "install ok installed" ] || fail "libvirt-user: $(status libvirt-user)"
case $(status libvirt0) in
  "" | "deinstall ok config-files" | "purge ok not-installed") ;;
  *) cat "$tmp/dpkg.out"; fail "libvirt0 was not removed: $(status libvirt0)" ;;
esac
grep -q '^ldconfig' "$tmp/ldconfig.log" || fail "the postinst did not run ldconfig"
cmp -s "$root/$libfile" "$(dirname "$root/$libfile")/libvirt.so.0" || fail "libvirt.so.0 is not virtkit's"
dpkg --root="$root" -L virtkit > "$tmp/files"
for f in /usr/bin/virtkit-sh /usr/bin/virtkit-admin /usr/share/man/man1/virtkit-sh.1 \
         /usr/share/bash-completion/completions/virtkit-sh /usr/include/virtkit/virtkit.hpp; do
  grep -qx "$f" "$tmp/files" || fail "$f not in the package"
done

libdir=$root/$(dirname "$libfile")
LD_LIBRARY_PATH=$libdir ldd "$root/usr/bin/virtkit-sh" | grep -q "libvirt.so.0 => $libdir/" ||
  fail "virtkit-sh does not load the root's libvirt.so.0"
virsh -c test:///default list --all > "$tmp/virsh.txt"
LD_LIBRARY_PATH=$libdir "$root/usr/bin/virtkit-sh" -c test:///default list --all > "$tmp/ours.txt"
diff -u "$tmp/virsh.txt" "$tmp/ours.txt" || fail "the package's virtkit-sh lists otherwise"
grep -q ' test  *running' "$tmp/ours.txt" || fail "no running domain test"
echo "$(basename "$deb"): $(wc -l < "$tmp/files") paths; replaced the stand-in libvirt0, kept its user;" \
  "virtkit-sh from the root lists as virsh"
