# SPDX-License-Identifier: LGPL-2.1-or-later
"""Child processes, read from /proc: the ssh a connection runs, the
sessions of the private sshd."""
import os


def children_of(parent):
    """The processes whose parent is `parent`, zombies included: (pid, comm)."""
    parent = str(parent)
    found = []
    for p in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open('/proc/%s/stat' % p) as f:
                stat = f.read()
        except OSError:
            continue
        if stat.rsplit(')', 1)[1].split()[1] == parent:
            found.append((int(p), stat[stat.index('(') + 1:stat.rindex(')')]))
    return found


def sshd_sessions(d):
    """The processes of sshd.py's sshd (folder `d`) serving connections."""
    with open(os.path.join(d, 'sshd.pid')) as f:
        return [pid for pid, _ in children_of(f.read().strip())]
