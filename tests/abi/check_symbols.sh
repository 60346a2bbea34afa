#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Compare the dynamic symbol table of a built libvirt.so.0 (or companion
# library, libvirt-qemu.so.0 ...) with the reference libvirt 9.0.0 (Debian
# libvirt0), ignoring the private nodes (LIBVIRT_PRIVATE_*, LIBVIRT_ADMIN_PRIVATE_*):
#   - every public symbol present with the same version node (name@@NODE),
#   - same kind (function / data),
#   - the same set of version definitions, with the same parent chain.
#
# usage: check_symbols.sh OUR_LIBRARY [REFERENCE_LIBRARY]
#   REFERENCE_LIBRARY defaults to $(pkg-config --variable=libdir libvirt)/libvirt.so.0;
#   a bare file name (libvirt-qemu.so.0) is looked up in that directory
#   VERBOSE=1 lists every difference instead of the first 25 of each kind.
# exit: 0 equal, 1 differences, 77 skipped (no reference library), 2 usage
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 OUR_LIBRARY [REFERENCE_LIBRARY]" >&2
    exit 2
fi
ours=$1
ref=${2:-}
case $ref in
    */*) ;;
    *)
        libdir=$(pkg-config --variable=libdir libvirt 2>/dev/null || true)
        ref=${libdir:-/usr/lib/x86_64-linux-gnu}/${ref:-libvirt.so.0} ;;
esac
if [ ! -e "$ref" ]; then
    echo "SKIPPED: reference library $ref not found (install libvirt0 / libvirt-dev)"
    exit 77
fi
if [ ! -e "$ours" ]; then
    echo "FAIL: library $ours does not exist" >&2
    exit 1
fi
for tool in nm objdump; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIPPED: $tool not found"
        exit 77
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/virtkit-symbols.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

# one line per entry:  sym NAME@@NODE KIND   |   node NODE
symtab() {
    nm -D --defined-only --with-symbol-versions "$1" | awk '
        NF == 3 && $2 == "A" { if ($3 !~ /_PRIVATE_/) print "node " $3; next }
        NF == 3 {
            name = $3
            if (name ~ /@LIBVIRT_([A-Z]+_)?PRIVATE_/) next
            kind = ($2 ~ /^[TtWwi]$/) ? "func" : "data"
            print "sym " name " " kind
        }' | LC_ALL=C sort -u
}

# version definitions with their parent:  verdef NODE PARENT
verdefs() {
    objdump -p "$1" | awk '
        /^Version definitions:/ { on = 1; next }
        on && /^Version References:/ { on = 0 }
        on && /^[0-9]+ / { if (cur != "") print "verdef " cur " " (parent == "" ? "-" : parent)
                           cur = $4; parent = ""; next }
        on && /^[ \t]+[^ \t]/ { parent = $1; next }
        END { if (cur != "") print "verdef " cur " " (parent == "" ? "-" : parent) }' |
    awk '$2 ~ /^LIBVIRT_([A-Z]+_)?[0-9]/ && $2 !~ /_PRIVATE_/' | LC_ALL=C sort -u
}

symtab "$ref" > "$tmp/ref" || exit 1
symtab "$ours" > "$tmp/ours" || exit 1
verdefs "$ref" >> "$tmp/ref"
verdefs "$ours" >> "$tmp/ours"
LC_ALL=C sort -o "$tmp/ref" "$tmp/ref"
LC_ALL=C sort -o "$tmp/ours" "$tmp/ours"

LC_ALL=C comm -23 "$tmp/ref" "$tmp/ours" > "$tmp/missing"
LC_ALL=C comm -13 "$tmp/ref" "$tmp/ours" > "$tmp/extra"

show() {
    label=$1 file=$2
    n=$(wc -l < "$file")
    [ "$n" -eq 0 ] && return
    echo "$label ($n):"
    if [ "${VERBOSE:-0}" = 1 ]; then
        sed 's/^/  /' "$file"
    else
        head -n 25 "$file" | sed 's/^/  /'
        [ "$n" -gt 25 ] && echo "  ... (VERBOSE=1 for all)"
    fi
}

nref=$(grep -c '^sym ' "$tmp/ref")
nours=$(grep -c '^sym ' "$tmp/ours")
nodes_ref=$(grep -c '^node ' "$tmp/ref")
nodes_ours=$(grep -c '^node ' "$tmp/ours")
missing_syms=$(grep -c '^sym ' "$tmp/missing")
extra_syms=$(grep -c '^sym ' "$tmp/extra")
echo "reference: $ref ($nref public symbols, $nodes_ref nodes)"
echo "ours:      $ours ($nours public symbols, $nodes_ours nodes)"
echo "missing symbols: $missing_syms, extra symbols: $extra_syms (a symbol with a wrong node or kind counts in both)"
show "missing or different in ours" "$tmp/missing"
show "extra or different in ours" "$tmp/extra"
if [ -s "$tmp/missing" ] || [ -s "$tmp/extra" ]; then
    echo "FAIL"
    exit 1
fi
echo "PASS: public symbols, versions and version nodes identical"
exit 0
