#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# shared/conformance/conformance.c with its test:///... URIs pointed at a
# private libvirtd (tests/remote/daemon.py), diffed against libvirt 9.0.0's
# local transcript.
#   conformance.sh CONFORMANCE_DIR INCLUDE_DIR LIB_DIR   (virtkit's libvirt.so)
#   conformance.sh CONFORMANCE_DIR --reference           (Debian's libvirt client)
# VIRTKIT_DAEMON_MODE=--stock-auth: the daemon with Debian's authentication.
# VIRTKIT_VIA_SSH=1: the program reaches it through ssh (test+ssh URIs).
# VIRTKIT_REMOTE_VIA=tls or sasl: through TLS, or TCP with SASL (daemon.py).
set -euo pipefail
if [ "${VIRTKIT_DAEMON_MODE:-}" = --stock-auth ] && [ "$(id -u)" != 0 ]; then
  echo "skipped: only root is admitted without polkit"; exit 0
fi
here=$(cd "$(dirname "$0")" && pwd)
conf=$(cd "$1" && pwd); shift
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$here/build_remote.sh" "$conf/conformance.c" "$work/conf" "$@"
# VIRTKIT_VIA_SSH=1: through ssh to a private sshd (tests/remote/sshd.py).
via=(); [ -n "${VIRTKIT_VIA_SSH:-}" ] && via=("$here/sshd.py" run --)
"$here/daemon.py" run ${VIRTKIT_DAEMON_MODE:-} -- "${via[@]}" sh -c "'$work/conf' > '$work/out.txt' 2> '$work/err.txt'" || { echo "conformance program failed"; cat "$work/err.txt"; exit 1; }
if diff -u "$conf/expected-libvirt-9.0.0.txt" "$work/out.txt"; then
  echo "conformance: $(wc -l < "$work/out.txt") of $(wc -l < "$conf/expected-libvirt-9.0.0.txt") lines identical to libvirt 9.0.0"
else
  same=$(comm -12 <(sort "$conf/expected-libvirt-9.0.0.txt") <(sort "$work/out.txt") | wc -l)
  echo "conformance: $same of $(wc -l < "$conf/expected-libvirt-9.0.0.txt") lines identical to libvirt 9.0.0"; exit 1
fi
