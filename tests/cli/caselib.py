# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the cases_*.py files share: the default URI and files they write."""
import os

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
