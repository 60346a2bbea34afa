# SPDX-License-Identifier: LGPL-2.1-or-later
"""virsh's *-edit commands, with scripted editors instead of a person."""
from caselib import script

DEF = "test:///default"


def cases(fixtures, tmp):
    c = ["-c", DEF]
    editors = {
        "unchanged": "true",
        "failing": "false",
        "missing": "nosuch-editor-virtkit",
        "with-options": "false -x",
        "memory": script(tmp, "ed-mem.sh", "sed -i 's/8388608/4194304/g' \"$1\""),
        "invalid": script(tmp, "ed-bad.sh", "echo '<domain type=\"test\"><name>test</name>"
                          "<memory>x</memory></domain>' > \"$1\""),
        "rename": script(tmp, "ed-ren.sh", "sed -i 's/<name>test</<name>other</' \"$1\""),
    }
    for label, ed in sorted(editors.items()):
        for cmd in (["edit", "test"], ["edit test; dumpxml test --inactive"],
                    ["edit", "test", "--skip-validate"], ["edit", "nosuch"],
                    ["edit test; list --all"]):
            yield (c + cmd, None, {"EDITOR": ed})
    # VISUAL wins over EDITOR.
    yield (c + ["edit", "test"], None, {"VISUAL": "false", "EDITOR": "true"})
    yield (["-q"] + c + ["edit", "test"], None, {"EDITOR": editors["memory"]})
    yield (["-r"] + c + ["edit", "test"], None, {"EDITOR": editors["memory"]})
    yield from net_cases(fixtures, tmp)
    yield from snapshot_cases(tmp)
    yield from other_cases(tmp)


def net_cases(fixtures, tmp):
    c = ["-c", DEF]
    ren = script(tmp, "ed-netren.sh", "sed -i 's/<name>default</<name>def2</' \"$1\"")
    fwd = script(tmp, "ed-netfwd.sh", "sed -i \"s/<forward mode='nat'/<forward mode='route'/\" \"$1\"")
    for ed in ("true", "false", fwd, ren):
        yield (c + ["net-edit default; net-dumpxml default --inactive; net-list --all"], None,
               {"EDITOR": ed})
        yield (c + ["net-edit", "nosuch"], None, {"EDITOR": ed})
        yield (c + ["nwfilter-edit", "nosuch"], None, {"EDITOR": ed})
    yield (["-q"] + c + ["net-edit", "default"], None, {"EDITOR": fwd})


def snapshot_cases(tmp):
    c = ["-c", DEF]
    desc = script(tmp, "ed-desc.sh",
                  "sed -i 's|<name>s1</name>|<name>s1</name><description>hi</description>|' \"$1\"")
    ren = script(tmp, "ed-sren.sh",
                 "sed -i 's|<name>s1</name>|<name>s2</name>|; s|<name>c1</name>|<name>c2</name>|'"
                 " \"$1\"")
    # Names and times of snapshots made now are normalised by compare.py.
    for ed in ("true", "false", desc, ren):
        for line in ("snapshot-create-as test s1; snapshot-edit test s1; snapshot-list test --name",
                     "snapshot-create-as test s1; snapshot-edit test --current",
                     "snapshot-create-as test s1; snapshot-edit test s1 --rename; "
                     "snapshot-list test --name",
                     "snapshot-create-as test s1; snapshot-edit test s1 --clone; "
                     "snapshot-list test --name",
                     "snapshot-create-as test s1; snapshot-edit test s1 --current",
                     "snapshot-edit test nosuch", "snapshot-edit test",
                     "snapshot-edit test s1 --rename --clone",
                     "checkpoint-create-as test c1; checkpoint-edit test c1; "
                     "checkpoint-list test --name",
                     "checkpoint-edit test nosuch"):
            yield (c + [line], None, {"EDITOR": ed})


def other_cases(tmp):
    c = ["-c", DEF]
    pool = script(tmp, "ed-pool.sh", "sed -i 's|<path>/default-pool</path>|<path>/p2</path>|' \"$1\"")
    for ed in ("true", "false", pool):
        for line in ("pool-edit default-pool; pool-dumpxml default-pool --inactive",
                     "pool-edit nosuch", "iface-edit eth1; iface-dumpxml eth1 --inactive",
                     "iface-edit nosuch", "save-image-edit /nonexistent",
                     "save-image-edit /x --running --paused", "managedsave-edit test",
                     "managedsave-edit test --running", "managedsave-edit nosuch"):
            yield (c + [line], None, {"EDITOR": ed})
