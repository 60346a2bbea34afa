#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Events that really arrive: virsh and virtkit-sh each wait for domain and
# network events on a private libvirtd (run me with tests/remote/daemon.py run
# -- events_live.sh VIRTKIT_SH) while another client causes them; the two
# transcripts (events and the "events received" count) must be identical.
set -euo pipefail
vksh=$1
uri=$VIRTKIT_REMOTE_URI
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cause() {
  virsh -q -c "$uri" suspend test >/dev/null
  virsh -q -c "$uri" resume test >/dev/null
  virsh -q -c "$uri" desc test --live hello >/dev/null
  virsh -q -c "$uri" net-destroy default >/dev/null
  virsh -q -c "$uri" net-start default >/dev/null
}
for sh in virsh "$vksh"; do
  name=$(basename "$sh")
  "$sh" -c "$uri" event --all --loop --timeout 3 > "$work/$name.dom" 2>&1 &
  dom=$!
  "$sh" -c "$uri" net-event --event lifecycle --loop --timeout 3 > "$work/$name.net" 2>&1 &
  net=$!
  sleep 1
  cause
  wait $dom $net || true
  cat "$work/$name.dom" "$work/$name.net" > "$work/$name.txt"
done
if diff -u "$work/virsh.txt" "$work/$(basename "$vksh").txt"; then
  grep -c "^event " "$work/virsh.txt" | xargs echo "live events identical:"
  grep -q "events received: 3" "$work/virsh.txt"
else
  exit 1
fi
