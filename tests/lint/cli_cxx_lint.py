#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""virtkit-sh and virtkit-admin are built on the C++ API (issue 22): a call
of a libvirt C function in tools/ is allowed only where the C++ types have
no use (error-store and typed-parameter helpers), or where its function says
why with a "// C: <reason>" comment above the call (virsh reports between two
steps the C++ form makes one, ...).

usage: cli_cxx_lint.py ROOT   (exit 1 listing the uncommented calls)
"""
import os
import re
import sys

# C helpers the C++ API replaces with its own types, kept by the shells'
# error reporting and typed-parameter printing.
HELPERS = re.compile(
    r"^vir(TypedParam|GetLastError|ResetLastError|SaveLastError|CopyLastError|ResetError"
    r"|FreeError|SetErrorFunc|ConnSetErrorFunc|DefaultErrorFunc|GetVersion)")


def api_names(root):
    names = set()
    for lib in ("libvirt", "libvirt-qemu", "libvirt-lxc", "libvirt-admin"):
        with open(os.path.join(root, "api", lib + ".api")) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    names.add(line.split()[0])
    return names


def starts_function(line):
    """A line at column 0 that opens or closes a function (or a namespace)."""
    return bool(line) and not line[0].isspace() and not line.startswith(("//", "#")) and (
        line.rstrip().endswith("{") or line.startswith("}"))


def main():
    root = sys.argv[1]
    names = api_names(root)
    call = re.compile(r"\b(vir[A-Z][A-Za-z0-9]*)\s*\(")
    bad = []
    tools = os.path.join(root, "tools")
    for fn in sorted(os.listdir(tools)):
        if not fn.endswith((".cc", ".h")):
            continue
        with open(os.path.join(tools, fn)) as f:
            lines = f.read().split("\n")
        for i, line in enumerate(lines):
            code = line.split("//", 1)[0]
            for m in call.finditer(code):
                name = m.group(1)
                if name not in names or HELPERS.match(name):
                    continue
                # a "// C:" comment in the same function, above the call
                ok = False
                for j in range(i, -1, -1):
                    if re.search(r"//\s*C:", lines[j]):
                        ok = True
                        break
                    if j < i and starts_function(lines[j]):
                        break
                if not ok:
                    bad.append("tools/%s:%d: %s without a '// C:' reason" % (fn, i + 1, name))
    for b in bad:
        print(b)
    if bad:
        print("%d C call(s) in tools/ not on the C++ API (include/virtkit/)" % len(bad))
        return 1
    print("tools/: every C call outside the helpers says why")
    return 0


if __name__ == "__main__":
    sys.exit(main())
