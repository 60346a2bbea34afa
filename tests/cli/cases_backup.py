# SPDX-License-Identifier: LGPL-2.1-or-later
"""The backup commands (backup-begin, backup-dumpxml) side by side with virsh.
The test driver has no backups: every call reaches it and fails as virsh
reports it, after the option checks and the files are read."""
import os

DEF = "test:///default"


def cases(fixtures, tmp):
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    d = os.path.join(tmp, "backup")
    os.makedirs(d, exist_ok=True)
    backup = os.path.join(d, "backup.xml")
    with open(backup, "w") as f:
        f.write("<domainbackup mode='push'><disks><disk name='vda' type='file'>"
                "<target file='/tmp/b.qcow2'/></disk></disks></domainbackup>\n")
    check = os.path.join(d, "checkpoint.xml")
    with open(check, "w") as f:
        f.write("<domaincheckpoint><name>k</name></domaincheckpoint>\n")
    missing = os.path.join(d, "missing.xml")
    yield from [
        # backup-begin
        c + ["backup-begin", "test"], c + ["backup-begin", "test", backup],
        c + ["backup-begin", "test", backup, check],
        c + ["backup-begin", "--domain", "test", "--backupxml", backup, "--checkpointxml", check,
             "--reuse-external"],
        c + ["backup-begin", "test", "--checkpointxml", check],
        c + ["backup-begin", "test", missing], c + ["backup-begin", "test", backup, missing],
        c + ["backup-begin", "test", "--checkpointxml", missing],
        c + ["backup-begin", "test", ""], c + ["backup-begin", "test", backup, ""],
        c + ["backup-begin", "test", "--checkpointxml", ""],
        c + ["backup-begin", "nosuch"], c + ["backup-begin", "nosuch", missing],
        c + ["backup-begin"], c + ["backup-begin", "test", backup, check, "extra"],
        c + ["destroy test; backup-begin test"],
        r + ["backup-begin", "test"], r + ["backup-begin", "test", backup, check],
        ["-q"] + c + ["backup-begin test; backup-dumpxml test"],
        # backup-dumpxml
        c + ["backup-dumpxml", "test"], c + ["backup-dumpxml", "test", "--xpath", "//disk"],
        c + ["backup-dumpxml", "test", "--xpath", "//disk", "--wrap"],
        c + ["backup-dumpxml", "test", "--xpath", ""], c + ["backup-dumpxml", "test", "--wrap"],
        c + ["backup-dumpxml", "nosuch"], c + ["backup-dumpxml", "nosuch", "--xpath", ""],
        c + ["backup-dumpxml"], c + ["backup-dumpxml", "test", "x"],
        c + ["backup-dumpxml", "--domain", "1"], c + ["destroy test; backup-dumpxml test"],
        r + ["backup-dumpxml", "test"],
    ]
