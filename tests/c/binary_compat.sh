#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds shared/conformance/conformance.c against Debian's libvirt headers
# and library (-lvirt from libvirt-dev), then runs the binary on virtkit's
# libvirt.so.0 through LD_LIBRARY_PATH: the transcript must equal libvirt's.
#   binary_compat.sh CONFORMANCE_DIR VIRTKIT_LIB_DIR
set -euo pipefail
conf=$1 lib=$2
if ! pkg-config --exists libvirt; then echo "SKIP: libvirt-dev is not installed"; exit 77; fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cc -o "$work/conf" "$conf/conformance.c" $(pkg-config --cflags --libs libvirt) -lpthread
# The binary must really be using our library, not Debian's.
# (ldd's output is captured first: grep -q under pipefail can SIGPIPE ldd.)
deps=$(LD_LIBRARY_PATH="$lib" ldd "$work/conf")
case "$deps" in *"$lib/libvirt.so.0"*) ;; *) echo "not bound to $lib:"; echo "$deps"; exit 1 ;; esac
LD_LIBRARY_PATH="$lib" "$work/conf" > "$work/out.txt" 2> "$work/err.txt"
diff -u "$conf/expected-libvirt-9.0.0.txt" "$work/out.txt"
echo "binary compatibility: $(wc -l < "$work/out.txt") lines identical to libvirt 9.0.0"
