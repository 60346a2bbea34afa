#!/usr/bin/env bash
# shared/race/race.c over the remote connection to a private libvirtd.
#   race.sh RACE_DIR INCLUDE_DIR LIB_DIR ITERATIONS THREADS...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(cd "$1" && pwd); inc=$2; lib=$3; iters=$4; shift 4
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$here/build_remote.sh" "$dir/race.c" "$work/race" "$inc" "$lib"
script=""
for n in "$@"; do script="$script '$work/race' $iters $n || exit 1;"; done
"$here/daemon.py" run -- sh -c "$script"
