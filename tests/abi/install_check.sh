#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `cmake --install` of a built tree into a temporary prefix: the four
# libraries, the headers, the pkg-config files (which find the prefix they
# are in), the CMake package, virtkit-sh and virtkit-admin with their man
# pages and bash completion are there; a program using all four libraries,
# built from the installed headers and linked from the prefix, runs on them
# and prints what it prints on Debian's libvirt; the installed virtkit-sh
# loads the prefix's libraries by itself and lists what Debian's virsh lists.
# (tests/install/ builds examples/ and the .deb from the same tree.)
# usage: install_check.sh BUILD_DIR     (exit 77 without Debian's libvirt-dev)
set -eu
build=$1
here=$(cd "$(dirname "$0")" && pwd)
pkg-config --exists libvirt-admin libvirt-qemu libvirt-lxc && command -v virsh > /dev/null ||
  { echo "SKIPPED: no libvirt-dev or virsh"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/virtkit-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cmake --install "$build" --prefix "$tmp/p" > /dev/null
lib=$(cd "$tmp/p" && ls -d lib* | head -1)
for f in include/libvirt/libvirt.h include/libvirt/libvirt-qemu.h include/libvirt/libvirt-lxc.h \
         include/libvirt/libvirt-admin.h; do
  [ -f "$tmp/p/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
for l in libvirt libvirt-qemu libvirt-lxc libvirt-admin; do
  [ -e "$tmp/p/$lib/$l.so.0" ] || { echo "FAIL: $lib/$l.so.0 not installed"; exit 1; }
  [ -e "$tmp/p/$lib/$l.so" ] || { echo "FAIL: $lib/$l.so not installed"; exit 1; }
  [ -f "$tmp/p/$lib/pkgconfig/$l.pc" ] || { echo "FAIL: $lib/pkgconfig/$l.pc not installed"; exit 1; }
done
for f in "$lib/pkgconfig/virtkit.pc" "$lib/cmake/virtkit/virtkitConfig.cmake" \
         "$lib/cmake/virtkit/virtkitConfigVersion.cmake" "$lib/cmake/virtkit/virtkitTargets.cmake" \
         include/virtkit/virtkit.hpp include/virtkit/error_texts.hpp bin/virtkit-sh bin/virtkit-admin \
         share/man/man1/virtkit-sh.1 share/man/man1/virtkit-admin.1 \
         share/bash-completion/completions/virtkit-sh \
         share/bash-completion/completions/virtkit-admin share/doc/virtkit/copyright; do
  [ -f "$tmp/p/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
grep -q '^\\fBdominfo\\fR' "$tmp/p/share/man/man1/virtkit-sh.1" &&
  grep -q '^\\fBserver\\-list\\fR' "$tmp/p/share/man/man1/virtkit-admin.1" ||
  { echo "FAIL: the man pages lack the command lists"; exit 1; }
for l in libvirt libvirt-qemu virtkit; do
  d=$(PKG_CONFIG_PATH="$tmp/p/$lib/pkgconfig" pkg-config --variable=libdir "$l")
  [ "$(cd "$d" && pwd -P)" = "$(cd "$tmp/p/$lib" && pwd -P)" ] ||
    { echo "FAIL: the installed $l.pc points at $d"; exit 1; }
done
cc -Wall -Werror -o "$tmp/ours" "$here/companions.c" -I"$tmp/p/include" -L"$tmp/p/$lib" \
  -lvirt-qemu -lvirt-lxc -lvirt-admin -lvirt
# shellcheck disable=SC2046
cc -Wall -Werror -o "$tmp/debian" "$here/companions.c" \
  $(pkg-config --cflags --libs libvirt-qemu libvirt-lxc libvirt-admin libvirt)
for l in libvirt.so.0 libvirt-qemu.so.0 libvirt-lxc.so.0 libvirt-admin.so.0; do
  LD_LIBRARY_PATH="$tmp/p/$lib" ldd "$tmp/ours" | grep -q "$l => $tmp/p/" ||
    { echo "FAIL: $l not loaded from the prefix"; exit 1; }
done
{ "$tmp/debian" && "$tmp/debian" admin; } > "$tmp/debian.txt"
{ LD_LIBRARY_PATH="$tmp/p/$lib" "$tmp/ours" && LD_LIBRARY_PATH="$tmp/p/$lib" "$tmp/ours" admin; } \
  > "$tmp/ours.txt"
if ! diff -u "$tmp/debian.txt" "$tmp/ours.txt"; then
  echo "FAIL: the installed libraries answer differently"
  exit 1
fi
ldd "$tmp/p/bin/virtkit-sh" | grep -q "libvirt.so.0 => $tmp/p/" ||
  { echo "FAIL: the installed virtkit-sh does not load the prefix's libvirt.so.0"; exit 1; }
virsh -c test:///default list --all > "$tmp/virsh.txt"
"$tmp/p/bin/virtkit-sh" -c test:///default list --all > "$tmp/virtkit-sh.txt"
diff -u "$tmp/virsh.txt" "$tmp/virtkit-sh.txt" || { echo "FAIL: the installed virtkit-sh lists otherwise"; exit 1; }
echo "installed: 4 libraries, headers, pkg-config files, CMake package, virtkit-sh, virtkit-admin," \
  "man pages, completion; $(wc -l < "$tmp/ours.txt") lines as on Debian's"
