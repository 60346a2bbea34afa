#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every catch-all handler in the library lets a thread's forced unwind
through (src/core/unwind.h): it is written VK_CATCH_ALL, its block ends
by rethrowing, or (in the public C++ headers, which cannot use the macro) it
follows a handler rethrowing abi::__forced_unwind. Usage: catch_all_lint.py ROOT (the source tree)."""
import pathlib
import re
import sys

CATCH_ALL = re.compile(r"catch\s*\(\s*\.\.\.\s*\)\s*\{")
FORCED_FIRST = re.compile(r"catch\s*\(\s*abi::__forced_unwind\s*&\s*\)\s*\{\s*throw;\s*\}$")


def block_end(text, start):
    """Index just past the brace closing the block that opens before `start`."""
    depth = 1
    i = start
    while depth and i < len(text):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
        i += 1
    return i


def main(root):
    root = pathlib.Path(root)
    bad = []
    for sub in ("src", "tools", "include"):
        for path in sorted((root / sub).rglob("*")):
            if path.suffix not in (".h", ".hpp", ".cc", ".c") or not path.is_file():
                continue
            text = path.read_text()
            # Comments may mention it.
            code = re.sub(r"//[^\n]*", lambda m: " " * len(m.group(0)), text)
            for m in CATCH_ALL.finditer(code):
                before = code[:m.start()].rstrip()
                if before.endswith("\\"):  # the macro's own definition
                    continue
                if FORCED_FIRST.search(before):
                    continue
                body = code[m.end():block_end(code, m.end()) - 1].strip()
                if body.endswith("throw;"):
                    continue
                line = code.count("\n", 0, m.start()) + 1
                bad.append(f"{path.relative_to(root)}:{line}")
    for b in bad:
        print(f"{b}: catch (...) swallows a forced unwind: use VK_CATCH_ALL")
    print(f"{len(bad)} catch-all handlers that swallow a forced unwind")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
