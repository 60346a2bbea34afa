#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Compiles each case of tests/cxx/compile_fail/ with -Wall -Wextra -Werror:
a case whose first EXPECT line says `compiles` must compile; every other must
fail with a diagnostic matching its EXPECT regex.
Usage: compile_fail.py CXX INCLUDE_DIR GENERATED_INCLUDE_DIR CASES_DIR"""
import pathlib
import re
import subprocess
import sys


def main(cxx, inc, gen, cases):
    failed = 0
    for case in sorted(pathlib.Path(cases).glob('*.cc')):
        m = re.search(r'^// EXPECT: (.*)$', case.read_text(), re.M)
        expect = m.group(1).strip()
        r = subprocess.run([cxx, '-std=c++20', '-fsyntax-only', '-Wall', '-Wextra', '-Werror',
                            '-I', inc, '-I', gen, str(case)], capture_output=True, text=True)
        if expect == 'compiles':
            ok = r.returncode == 0
        else:
            ok = r.returncode != 0 and re.search(expect, r.stderr) is not None
        print(f'{"ok" if ok else "FAILED"}: {case.name}')
        if not ok:
            failed += 1
            print(r.stderr[-2000:])
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:5]))
