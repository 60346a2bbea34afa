#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# shared/race/race.c over the remote connection to a private libvirtd.
#   race.sh RACE_DIR INCLUDE_DIR LIB_DIR ITERATIONS THREADS...
# VIRTKIT_VIA_SSH=1: through ssh (tests/remote/sshd.py); VIRTKIT_DAEMON_MODE
# and VIRTKIT_REMOTE_VIA as in conformance.sh.
set -euo pipefail
if [ "${VIRTKIT_DAEMON_MODE:-}" = --stock-auth ] && [ "$(id -u)" != 0 ]; then
  echo "skipped: only root is admitted without polkit"; exit 0
fi
here=$(cd "$(dirname "$0")" && pwd)
dir=$(cd "$1" && pwd); inc=$2; lib=$3; iters=$4; shift 4
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$here/build_remote.sh" "$dir/race.c" "$work/race" "$inc" "$lib"
script=""
for n in "$@"; do script="$script '$work/race' $iters $n || exit 1;"; done
via=(); [ -n "${VIRTKIT_VIA_SSH:-}" ] && via=("$here/sshd.py" run --)
"$here/daemon.py" run ${VIRTKIT_DAEMON_MODE:-} -- "${via[@]}" sh -c "$script"
