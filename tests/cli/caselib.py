# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the cases_*.py files and the comparisons share: the default URI, files
they write, and how a difference is printed."""
import difflib
import os
import sys

DEF = "test:///default"


def write(tmp, name, text):
    """A file of text in tmp; its path."""
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def script(tmp, name, body):
    """An executable shell script in tmp (an editor, say); its path."""
    path = write(tmp, name, "#!/bin/sh\n" + body + "\n")
    os.chmod(path, 0o755)
    return path


def print_diff(args, stdin, want, got, names):
    """One invocation's differing (stdout, stderr, status) of two programs."""
    print("=== DIFF: %s%s" % (" ".join(repr(a) for a in args),
                             "" if stdin is None else " <<< %r" % stdin))
    for label, w, g in zip(("stdout", "stderr"), want[:2], got[:2]):
        if w != g:
            sys.stdout.writelines(difflib.unified_diff(
                w.splitlines(True), g.splitlines(True),
                names[0] + " " + label, names[1] + " " + label))
    if want[2] != got[2]:
        print("exit status: %s %d, %s %d" % (names[0], want[2], names[1], got[2]))
