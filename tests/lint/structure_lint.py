#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Two rules on the shape of the tree (issue 17, files a reader can hold):

  - no dynamic_cast in the code under src/ (comments and string literals
    are not code);
  - no hand-written source file (.c .cc .h .hpp .py .sh, CMakeLists.txt)
    over 850 lines, except under src/xml/ and include/libvirt/ (libvirt's
    interface, derived from its API description).

The files are those git tracks, as they are in the work tree; when ROOT is
not a git work tree (or git is missing), every file under ROOT except in
hidden folders and build folders (those holding a CMakeCache.txt).

  structure_lint.py ROOT    print each offender; exit 1 if any
"""
import os
import pathlib
import re
import subprocess
import sys

MAX_LINES = 850
SOURCE_SUFFIXES = {".c", ".cc", ".h", ".hpp", ".py", ".sh"}
SOURCE_NAMES = {"CMakeLists.txt"}
LONG_ALLOWED = ("src/xml/", "include/libvirt/")
C_SUFFIXES = {".c", ".cc", ".cpp", ".h", ".hpp", ".inc"}
DYNAMIC_CAST = re.compile(r"\bdynamic_cast\b")


def tracked_files(root):
    """The paths (relative, with '/') git tracks under root, or None."""
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [p for p in os.fsdecode(out).split("\0") if p]


def walked_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and d != "__pycache__" and
                             not os.path.exists(os.path.join(dirpath, d, "CMakeCache.txt")))
        for name in sorted(filenames):
            yield pathlib.Path(dirpath, name).relative_to(root).as_posix()


def code_only(text):
    """C or C++ text with its comments and string and character literals
    blanked out (newlines kept, so line numbers stay)."""
    out = []
    i, n = 0, len(text)

    def blank(s):
        return "".join(c if c == "\n" else " " for c in s)

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(text[i:j]))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(blank(text[i:j]))
            i = j
        elif c == "R" and text.startswith('R"', i) and not (i and (text[i - 1].isalnum() or
                                                                   text[i - 1] == "_")):
            m = re.compile(r'R"([^()\\\s]{0,16})\(').match(text, i)
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', m.end())
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(blank(text[i:j]))
            i = j
        elif c == '"' or (c == "'" and not in_number(text, i)):
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(blank(text[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def in_number(text, i):
    """Whether the quote at text[i] is a digit separator (1'000'000)."""
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "_."):
        j -= 1
    return j < i and text[j].isdigit()


def line_count(text):
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = pathlib.Path(argv[0])
    files = tracked_files(root)
    if files is None:
        files = list(walked_files(root))
    bad = 0
    for rel in sorted(files):
        path = root / rel
        if not path.is_file():
            continue  # tracked, but removed from the work tree
        suffix = pathlib.PurePosixPath(rel).suffix
        name = pathlib.PurePosixPath(rel).name
        is_source = suffix in SOURCE_SUFFIXES or name in SOURCE_NAMES
        is_c_under_src = rel.startswith("src/") and suffix in C_SUFFIXES
        if not is_source and not is_c_under_src:
            continue
        text = path.read_text(errors="replace")
        if is_c_under_src:
            for no, line in enumerate(code_only(text).split("\n"), 1):
                if DYNAMIC_CAST.search(line):
                    print("%s:%d: dynamic_cast" % (rel, no))
                    bad += 1
        if is_source and not rel.startswith(LONG_ALLOWED):
            lines = line_count(text)
            if lines > MAX_LINES:
                print("%s: %d lines, over %d" % (rel, lines, MAX_LINES))
                bad += 1
    if bad:
        print("%d offence(s): no dynamic_cast under src/; split files over %d lines "
              "(tests/lint/structure_lint.py)" % (bad, MAX_LINES))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
