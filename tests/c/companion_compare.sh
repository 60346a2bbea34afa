#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds tests/c/companion_calls.c against Debian's libvirt headers and its
# libvirt-qemu.so.0 / libvirt-lxc.so.0, runs it on Debian's libraries, then on
# virtkit's (LD_LIBRARY_PATH): the transcripts must be equal (process ids in
# messages aside).
#   companion_compare.sh SOURCE VIRTKIT_LIB_DIR
set -euo pipefail
src=$1 lib=$2
if ! pkg-config --exists libvirt-qemu libvirt-lxc; then echo "SKIP: libvirt-dev is not installed"; exit 77; fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cc -std=gnu11 -o "$work/calls" "$src" $(pkg-config --cflags --libs libvirt-qemu libvirt-lxc libvirt)
deps=$(LD_LIBRARY_PATH="$lib" ldd "$work/calls")
for l in libvirt.so.0 libvirt-qemu.so.0 libvirt-lxc.so.0; do
  case "$deps" in *"$lib/$l"*) ;; *) echo "$l not bound to $lib:"; echo "$deps"; exit 1 ;; esac
done
"$work/calls" 2>&1 | sed -E 's/PID [0-9]+/PID N/g' > "$work/libvirt.txt"
LD_LIBRARY_PATH="$lib" "$work/calls" 2>&1 | sed -E 's/PID [0-9]+/PID N/g' > "$work/virtkit.txt"
diff -u "$work/libvirt.txt" "$work/virtkit.txt"
echo "companion libraries: $(wc -l < "$work/virtkit.txt") lines identical to libvirt 9.0.0"
