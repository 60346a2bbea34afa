#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes send-key's symbolic key names (cmd_domain_keys.inc) from
keycodemapdb's keymaps.csv: for the linux, os_x and win32 codesets, each
name with its code, in the order of the Linux keycode the row stands for
(the order a name is looked up in, so the first of two equal names wins).

Usage: keynamegen.py keymaps.csv > tools/cmd_domain_keys.inc"""
import csv
import sys

# codeset number (VIR_KEYCODE_SET_*), name column, code column
CODESETS = [(0, 0, 1), (5, 2, 3), (8, 8, 9)]


def main():
    rows = list(csv.reader(open(sys.argv[1], newline="")))[1:]
    print("// SPDX-License-Identifier: LGPL-2.1-or-later")
    print("// send-key's key names: data taken from keycodemapdb's keymaps.csv (not in")
    print("// this repository) by tools/keynamegen.py, which refreshes it.")
    print("// {codeset, name, code}, in Linux keycode order.")
    for cs, name_col, code_col in CODESETS:
        by_linux = {}
        for r in rows:
            if not r[1]:
                continue
            linux = int(r[1], 0)
            name = r[name_col]
            code = r[code_col]
            if not name:
                continue
            old = by_linux.get(linux, (None, None))
            by_linux[linux] = (name, int(code, 0) if code else old[1])
        for linux in sorted(by_linux):
            name, code = by_linux[linux]
            print('{%d, "%s", 0x%x},' % (cs, name, code or 0))


main()
