# SPDX-License-Identifier: LGPL-2.1-or-later
"""virsh's hidden complete command: what TAB offers, for shell completion."""

DEF = "test:///default"


def cases(fixtures, tmp):
    c = ["-c", DEF, "complete", "--"]
    lines = [
        [""], ["li"], ["list", "--"], ["list", "--a"], ["dominfo", ""], ["dominfo", "t"],
        ["net-info", ""], ["net-info", "--network", ""], ["net-info", "--network", "d"],
        ["help", ""], ["help", "li"], ["help", "--command", "ne"], ["echo", "--"],
        ["start", "--domain", ""], ["dump"], ["dumpxml", "te"], ["vol-list", ""],
        ["vol-info", "--pool", "default", ""], ["vol-info", "--pool", "default", "--vol", ""],
        ["vol-info", "--pool", "default-pool", "--vol", ""], ["list", "--all", "--"],
        ["shutdown", "test", "--mode", ""], ["shutdown", "test", "--mode", "acpi,"],
        ["shutdown", "test", "--mode", "acpi,ag"], ["pool-define-as", "foo", ""],
        ["pool-define-as", "foo", "--type", ""], ["snapshot-list", "test", ""],
        ["list", "--table", "--n"], ["nosuch", ""], ["pool-info", ""], ["pool-info", "d"],
        ["event", "--event", ""], ["net-event", "--event", ""], ["pool-event", "--event", ""],
        ["dominfo", "--domain", ""], ["iface-dumpxml", ""], ["nodedev-dumpxml", ""],
        ["nodedev-list", "--cap", "p"], ["secret-dumpxml", ""], ["nwfilter-dumpxml", ""],
        ["vol-wipe", "--pool", "default-pool", "--algorithm", ""], ["nodesuspend", "--target", ""],
        ["snapshot-info", "test", "--snapshotname", ""], ["define", ""], ["list; dom"],
        ["echo 'a b' --x"], ["list", "--all", "--all", "--"],
    ]
    for line in lines:
        yield c + line
    yield ["-c", DEF, "complete"]
    yield ["-c", "test:///nosuch.xml", "complete", "--", "dominfo", ""]
