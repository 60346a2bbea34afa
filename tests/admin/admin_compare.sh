#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tests/admin/transcript.c, built against Debian's libvirt-admin headers and
# library, run against the admin socket of a fresh private libvirtd
# (tests/remote/daemon.py) twice: on Debian's libvirt-admin.so.0 and
# libvirt.so.0, then on virtkit's (LD_LIBRARY_PATH). The transcripts must
# be identical.
#   admin_compare.sh LIB_DIR...   (the folders of virtkit's two libraries)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! pkg-config --exists libvirt-admin; then echo "SKIP: libvirt-dev is not installed"; exit 77; fi
libs=$(IFS=:; echo "$*")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cc -o "$work/transcript" "$here/transcript.c" $(pkg-config --cflags --libs libvirt-admin libvirt)

# The binary must really use our libraries, not Debian's.
deps=$(LD_LIBRARY_PATH="$libs" ldd "$work/transcript")
for lib in libvirt.so.0 libvirt-admin.so.0; do
  case "$deps" in
    *"$lib => /usr/"*) echo "$lib not bound to $libs:"; echo "$deps"; exit 1 ;;
  esac
done

run() {  # LD_LIBRARY_PATH OUTPUT
  local d
  d=$(mktemp -d /tmp/vk-admin-XXXXXX)
  "$here/../remote/daemon.py" start "$d" > /dev/null
  local rc=0
  env LD_LIBRARY_PATH="$1" "$work/transcript" "$d/libvirt-admin-sock" "$d" > "$2" \
    2> "$2.err" || rc=$?
  "$here/../remote/daemon.py" stop "$d"
  if [ $rc != 0 ]; then echo "transcript failed ($rc):"; cat "$2.err"; exit 1; fi
}
run "" "$work/debian.txt"
run "$libs" "$work/virtkit.txt"
if diff -u "$work/debian.txt" "$work/virtkit.txt"; then
  echo "admin transcript: $(wc -l < "$work/virtkit.txt") lines identical to Debian's libvirt-admin"
else
  exit 1
fi
