#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The test driver's operations equal libvirt 9.0.0's test driver's.

Ours: every driver slot (a virtual of the *Slots classes generated from
api/libvirt.api, or of the tables in src/driver/driver.h) that a class of
src/drivers/test overrides. Libvirt's: the fixture made by
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

theirs = {line.split()[1] for line in open(fixture) if line.strip()}

decl = re.compile(r"virtual\s+Result<.*?>\s+(\w+)\s*\(", re.S)
hypervisor = open(driver_h).read().split("class Driver")[0]  # not Driver::open
slots = set(decl.findall(open(slots_h).read())) | set(decl.findall(hypervisor))

ours = set(FRAMEWORK)
text = "\n".join(open(f).read() for f in sorted(glob.glob(src_dir + "/*.h") + glob.glob(src_dir + "/*.cc")))
text = re.sub(r"//[^\n]*", "", text)  # comments may hold parentheses
# A declaration "NAME(...) override" (the argument list may span lines).
for m in re.finditer(r"\b(\w+)\s*\(([^;{}]*?)\)\s*(?:const\s*)?override\b", text, re.S):
    if m.group(1) in slots:
        ours.add(m.group(1))

missing = sorted(theirs - ours)
extra = sorted(ours - theirs)
print(f"libvirt 9.0.0's test driver: {len(theirs)} operations; ours: {len(ours)}")
for name in missing:
    print(f"  missing: {name}")
for name in extra:
    print(f"  not in libvirt's test driver: {name}")
sys.exit(1 if missing or extra else 0)
