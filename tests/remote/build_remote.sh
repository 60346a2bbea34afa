#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds a C program of shared/ with its "test:///..." URIs pointed at the
# daemon of tests/remote/daemon.py: test+unix:///...?socket=$VIRTKIT_REMOTE_SOCKET,
# read when the program runs (through ssh when tests/remote/sshd.py set
# VIRTKIT_REMOTE_TRANSPORT, _HOST and _EXTRA).
#   build_remote.sh SOURCE.c OUTPUT --reference          (Debian's libvirt)
#   build_remote.sh SOURCE.c OUTPUT INCLUDE_DIR LIB_DIR  (virtkit)
# VIRTKIT_REMOTE_VIA=sasl: virConnectOpen and virConnectOpenReadOnly become
# virConnectOpenAuth with virConnectAuthPtrDefault (credentials from auth.conf).
set -euo pipefail
src=$1; out=$2; shift 2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
sed -e 's|"\(test:///[^"]*\)"|vk_remote_uri("\1")|g' "$src" > "$work/prog.c"
: > "$work/remote_uri.h"
if [ "${VIRTKIT_REMOTE_VIA:-}" = sasl ]; then
  cat > "$work/remote_uri.h" <<'H'
#include <libvirt/libvirt.h>
#define virConnectOpen(name) virConnectOpenAuth((name), virConnectAuthPtrDefault, 0)
#define virConnectOpenReadOnly(name) virConnectOpenAuth((name), virConnectAuthPtrDefault, VIR_CONNECT_RO)
H
fi
cat >> "$work/remote_uri.h" <<'H'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static const char *vk_remote_uri(const char *local) {
  static char buf[8][512];
  static int n;
  const char *sock = getenv("VIRTKIT_REMOTE_SOCKET");
  const char *transport = getenv("VIRTKIT_REMOTE_TRANSPORT");
  const char *host = getenv("VIRTKIT_REMOTE_HOST");
  const char *extra = getenv("VIRTKIT_REMOTE_EXTRA");
  char *b = buf[n++ % 8];
  snprintf(b, sizeof buf[0], "test+%s://%s%s?socket=%s%s", transport ? transport : "unix",
           host ? host : "", local + strlen("test://"), sock ? sock : "", extra ? extra : "");
  return b;
}
H
if [ "${1:-}" = "--reference" ]; then
  cc -include "$work/remote_uri.h" -o "$out" "$work/prog.c" $(pkg-config --cflags --libs libvirt) -lpthread
else
  inc=$(cd "$1" && pwd); lib=$(cd "$2" && pwd)
  cc ${VIRTKIT_REMOTE_CFLAGS:-} -include "$work/remote_uri.h" -o "$out" "$work/prog.c" -I"$inc" -L"$lib" -lvirt \
    -Wl,-rpath,"$lib" -lpthread
fi
