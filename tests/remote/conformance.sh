#!/usr/bin/env bash
# shared/conformance/conformance.c with its test:///... URIs pointed at a
# private libvirtd (tests/remote/daemon.py), diffed against libvirt 9.0.0's
# local transcript.
#   conformance.sh CONFORMANCE_DIR INCLUDE_DIR LIB_DIR   (virtkit's libvirt.so)
#   conformance.sh CONFORMANCE_DIR --reference           (Debian's libvirt client)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
conf=$(cd "$1" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# The socket path is only known once the daemon runs: the program reads it
# from the environment through a macro wrapped around the URI strings.
sed -e 's|"\(test:///[^"]*\)"|vk_remote_uri("\1")|g' "$conf/conformance.c" > "$work/conformance.c"
cat > "$work/remote_uri.h" <<'H'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static const char *vk_remote_uri(const char *local) {
  static char buf[8][512];
  static int n;
  const char *sock = getenv("VIRTKIT_REMOTE_SOCKET");
  char *b = buf[n++ % 8];
  snprintf(b, sizeof buf[0], "test+unix://%s?socket=%s", local + strlen("test://"), sock ? sock : "");
  return b;
}
H
if [ "${2:-}" = "--reference" ]; then
  cc -include "$work/remote_uri.h" -o "$work/conf" "$work/conformance.c" $(pkg-config --cflags --libs libvirt) -lpthread
else
  inc=$(cd "$2" && pwd); lib=$(cd "$3" && pwd)
  cc -include "$work/remote_uri.h" -o "$work/conf" "$work/conformance.c" -I"$inc" -L"$lib" -lvirt -Wl,-rpath,"$lib" -lpthread
fi
"$here/daemon.py" run -- sh -c "'$work/conf' > '$work/out.txt' 2> '$work/err.txt'" || { echo "conformance program failed"; cat "$work/err.txt"; exit 1; }
if diff -u "$conf/expected-libvirt-9.0.0.txt" "$work/out.txt"; then
  echo "conformance: $(wc -l < "$work/out.txt") of $(wc -l < "$conf/expected-libvirt-9.0.0.txt") lines identical to libvirt 9.0.0"
else
  same=$(comm -12 <(sort "$conf/expected-libvirt-9.0.0.txt") <(sort "$work/out.txt") | wc -l)
  echo "conformance: $same of $(wc -l < "$conf/expected-libvirt-9.0.0.txt") lines identical to libvirt 9.0.0"; exit 1
fi
