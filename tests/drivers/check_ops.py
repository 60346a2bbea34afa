#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The test driver's operations equal libvirt 9.0.0's test driver's.

Ours: every driver slot (a virtual of the *Slots classes generated from
api/libvirt.api, or of the tables in src/driver/driver.h) that a class of
src/drivers/test overrides, with the table that class implements. Libvirt's: the fixture made by
api/tools/test_driver_ops.py from its driver tables.
  check_ops.py FIXTURE DRIVER_SLOTS_H DRIVER_H TEST_DRIVER_DIR
"""
import glob
import re
import sys

fixture, slots_h, driver_h, src_dir = sys.argv[1:5]

# Done by the framework rather than by slots: opening (driver::Driver::open)
# and closing (the connection's last reference).
FRAMEWORK = {"connectOpen", "connectClose"}

theirs = {tuple(line.split()[:2]) for line in open(fixture) if line.strip()}

decl = re.compile(r"virtual\s+Result<.*?>\s+(\w+)\s*\(", re.S)
hypervisor = open(driver_h).read().split("class Driver")[0]  # not Driver::open
slots = set(decl.findall(open(slots_h).read())) | set(decl.findall(hypervisor))

# Each class of the driver implements one table: "class X final : public
# driver::NetworkTable" serves libvirt's Network table. Its slots are the
# overrides declared in the class body (the argument list may span lines).
ours = {("Hypervisor", name) for name in FRAMEWORK}
for path in sorted(glob.glob(src_dir + "/*.h")):
    text = re.sub(r"//[^\n]*", "", open(path).read())  # comments may hold parentheses
    for c in re.finditer(r"class\s+\w+\s+final\s*:\s*public\s+driver::(\w+)Table\b[^{]*\{", text):
        depth, i = 1, c.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        body = text[c.end():i]
        for m in re.finditer(r"\b(\w+)\s*\(([^;{}]*?)\)\s*(?:const\s*)?override\b", body, re.S):
            if m.group(1) in slots:
                ours.add((c.group(1), m.group(1)))

missing = sorted(theirs - ours)
extra = sorted(ours - theirs)
print(f"libvirt 9.0.0's test driver: {len(theirs)} operations; ours: {len(ours)}")
for table, name in missing:
    print(f"  missing: {table} {name}")
for table, name in extra:
    print(f"  not in libvirt's test driver (or another table there): {table} {name}")
sys.exit(1 if missing or extra else 0)
