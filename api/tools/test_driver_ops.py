#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Maintainer tool: list the operations of libvirt's test driver.

Reads the driver tables at the end of libvirt's src/test/test_driver.c
(from `apt-get source libvirt`) and prints one "table slot" line per
operation, the fixture tests/fixtures/test_driver/libvirt-9.0.0-ops.txt:
  api/tools/test_driver_ops.py /path/to/libvirt-9.0.0 > tests/fixtures/...
"""
import re
import sys

src = open(sys.argv[1] + "/src/test/test_driver.c").read()
for table in re.finditer(r"static vir(\w+)Driver test\w+ = \{(.*?)\n\};", src, re.S):
    kind, body = table.group(1), table.group(2)
    if kind == "Connect":
        continue  # the connect driver only groups the others
    for slot in re.findall(r"\.(\w+)\s*=\s*test\w+", body):
        print(kind, slot)
