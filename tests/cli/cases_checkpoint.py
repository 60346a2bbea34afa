# SPDX-License-Identifier: LGPL-2.1-or-later
"""The checkpoint commands (checkpoint-create, checkpoint-list, ...) side by
side with virsh. Checkpoints are redefined from XML with fixed creation times,
so that their lists and trees compare as they are."""
import os

DEF = "test:///default"

# name, parent, creation time
TREE = [
    ("a", None, 1234567890), ("b", "a", 1234567891), ("C", "a", 1234567892),
    ("d", "b", 1234567893), ("e", "b", 1234567894), ("g", "e", 1234567895),
    ("f", None, 1300000000),
]


def checkpoint_xml(name, parent, when):
    return ("<domaincheckpoint>\n  <name>%s</name>\n  <description>checkpoint %s</description>\n"
            "%s  <creationTime>%d</creationTime>\n"
            "  <disks><disk name='vda' checkpoint='bitmap' bitmap='%s'/></disks>\n"
            "</domaincheckpoint>\n" % (
                name, name, "  <parent><name>%s</name></parent>\n" % parent if parent else "",
                when, name))


def cases(fixtures, tmp):
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    d = os.path.join(tmp, "checkpoint")
    os.makedirs(d, exist_ok=True)
    files = {}
    for t in TREE:
        files[t[0]] = os.path.join(d, t[0] + ".xml")
        with open(files[t[0]], "w") as f:
            f.write(checkpoint_xml(*t))
    bad = os.path.join(d, "bad.xml")
    with open(bad, "w") as f:
        f.write("<domaincheckpoint><name>x</name>\n")
    plain = os.path.join(d, "plain.xml")
    with open(plain, "w") as f:
        f.write("<domaincheckpoint><name>plain</name><description>from a file</description>"
                "</domaincheckpoint>\n")
    missing = os.path.join(d, "missing.xml")
    setup = "; ".join("checkpoint-create test %s --redefine" % files[t[0]] for t in TREE)

    def s(cmds):
        return c + ["%s; %s" % (setup, cmds)]

    yield from [
        # checkpoint-create
        c + ["checkpoint-create", "test"],
        c + ["checkpoint-create test %s; checkpoint-list test --name" % plain],
        c + ["checkpoint-create", "test", "--xmlfile", plain],
        c + ["checkpoint-create", "test", missing], c + ["checkpoint-create", "test", bad],
        c + ["checkpoint-create", "test", ""], c + ["checkpoint-create", "nosuch", plain],
        c + ["checkpoint-create"], r + ["checkpoint-create", "test", plain],
        c + ["checkpoint-create", "test", plain, "--quiesce"],
        c + ["checkpoint-create", "test", plain, "--redefine"],
        c + ["checkpoint-create", "test", files["a"], "--redefine-validate"],
        c + ["checkpoint-create", "test", files["a"], "--redefine", "--redefine-validate"],
        c + ["checkpoint-create", "test", files["b"], "--redefine"],
        c + ["checkpoint-create test %s --redefine; checkpoint-create test %s --redefine"
             % (files["a"], files["a"])],
        c + ["destroy test; checkpoint-create test %s" % plain],
        c + ["snapshot-create-as test s1; checkpoint-create test %s" % plain],
        c + ["checkpoint-create test %s; snapshot-create-as test s1" % plain],
        q + ["checkpoint-create test %s; checkpoint-list test --name" % plain],
        # checkpoint-create-as
        c + ["checkpoint-create-as", "test", "--print-xml"],
        c + ["checkpoint-create-as", "test", "n1", "the description", "--print-xml"],
        c + ["checkpoint-create-as", "test", "--name", "a<b>&'\"c", "--description",
             "x\ty\x01z", "--print-xml"],
        c + ["checkpoint-create-as", "test", "--print-xml", "--diskspec", "vda"],
        c + ["checkpoint-create-as", "test", "--print-xml", "--diskspec",
             "vda,checkpoint=bitmap,bitmap=b'1", "--diskspec", "vdb,checkpoint=no"],
        c + ["checkpoint-create-as", "test", "--print-xml", "--diskspec", "v<a>,,b,bitmap=x"],
        c + ["checkpoint-create-as", "test", "--print-xml", "--diskspec", "vda,bogus=1"],
        c + ["checkpoint-create-as", "test", "--print-xml", "--diskspec",
             "vda,bitmap=a,bitmap=b"],
        c + ["checkpoint-create-as", "test", "--print-xml", "--diskspec", "vda,"],
        c + ["checkpoint-create-as", "test", "--print-xml", "--diskspec", ""],
        c + ["checkpoint-create-as", "test", "k1", "--print-xml", "vda", "vdb,checkpoint=no"],
        c + ["checkpoint-create-as", "test", "--name", ""],
        c + ["checkpoint-create-as", "test", "--description", ""],
        c + ["checkpoint-create-as", "nosuch", "--print-xml"], c + ["checkpoint-create-as"],
        c + ["checkpoint-create-as test k1 'first one'; checkpoint-info test k1; "
             "checkpoint-dumpxml test k1 --no-domain"],
        c + ["checkpoint-create-as test k1; checkpoint-create-as test k1"],
        c + ["checkpoint-create-as test k1; checkpoint-create-as test k2; "
             "checkpoint-create-as test k3 --diskspec vda,checkpoint=no; "
             "checkpoint-list test --tree; checkpoint-list test --parent; "
             "checkpoint-dumpxml test k3 --no-domain"],
        c + ["checkpoint-create-as", "test", "k1", "--quiesce"],
        c + ["checkpoint-create-as", "test", "k1", "--diskspec", "vdz"],
        c + ["checkpoint-create-as", "test", "k1", "--diskspec", "vda,checkpoint=bogus"],
        c + ["checkpoint-create-as", "test"],
        r + ["checkpoint-create-as", "test", "k1"],
        r + ["checkpoint-create-as", "test", "--print-xml"],
        q + ["checkpoint-create-as test k1; checkpoint-list test"],
        c + ["destroy test; checkpoint-create-as test k1"],
        # checkpoint-delete
        c + ["checkpoint-delete", "test"], c + ["checkpoint-delete", "test", "x"],
        c + ["checkpoint-delete", "nosuch", "x"], c + ["checkpoint-delete"],
        c + ["checkpoint-delete", "test", ""],
        s("checkpoint-delete test g; checkpoint-list test --tree"),
        s("checkpoint-delete test b; checkpoint-list test --parent"),
        s("checkpoint-delete test b --children; checkpoint-list test --tree"),
        s("checkpoint-delete test a --children-only; checkpoint-list test --tree"),
        s("checkpoint-delete test a --children --children-only"),
        s("checkpoint-delete test e --metadata; checkpoint-list test --parent"),
        s("checkpoint-delete --domain test --checkpointname f"),
        r + ["%s; checkpoint-delete test a" % setup],
        q + ["%s; checkpoint-delete test a; checkpoint-delete test b --children-only" % setup],
        # checkpoint-dumpxml
        s("checkpoint-dumpxml test a"), s("checkpoint-dumpxml test b --security-info"),
        s("checkpoint-dumpxml test b --no-domain"), s("checkpoint-dumpxml test b --size"),
        s("checkpoint-dumpxml test a --xpath //parent"),
        s("checkpoint-dumpxml test b --xpath //parent/name/text()"),
        s("checkpoint-dumpxml test b --xpath //name --wrap"),
        s("checkpoint-dumpxml test b --xpath 'count(//disk)'"),
        s("checkpoint-dumpxml test b --xpath ''"), s("checkpoint-dumpxml test b --xpath '//['"),
        s("checkpoint-dumpxml --domain test --checkpointname C --wrap"),
        s("checkpoint-dumpxml test nosuch"), s("checkpoint-dumpxml nosuch a"),
        s("checkpoint-dumpxml test"), c + ["checkpoint-dumpxml", "test", ""],
        c + ["checkpoint-dumpxml", "test", "x", "--xpath", ""],
        c + ["checkpoint-dumpxml"],
        c + ["checkpoint-create-as test k1; checkpoint-dumpxml test k1 --no-domain --size"],
        r + ["%s; checkpoint-dumpxml test a" % setup],
        # checkpoint-info
        s("checkpoint-info test a"), s("checkpoint-info test b"), s("checkpoint-info test g"),
        s("checkpoint-info test f"), s("checkpoint-info test"), s("checkpoint-info test nosuch"),
        c + ["checkpoint-info", "nosuch", "a"], c + ["checkpoint-info"],
        c + ["checkpoint-info", "test", ""],
        s("checkpoint-delete test e --metadata; checkpoint-info test g"),
        # checkpoint-list
        c + ["checkpoint-list", "test"], c + ["checkpoint-list", "test", "--tree"],
        c + ["checkpoint-list", "test", "--name"], c + ["checkpoint-list", "nosuch"],
        c + ["checkpoint-list"], c + ["checkpoint-list", "test", "--from", "x"],
        s("checkpoint-list test"), s("checkpoint-list test --parent"),
        s("checkpoint-list test --name"), s("checkpoint-list test --tree"),
        s("checkpoint-list test --roots"), s("checkpoint-list test --leaves"),
        s("checkpoint-list test --no-leaves"), s("checkpoint-list test --leaves --no-leaves"),
        s("checkpoint-list test --topological"), s("checkpoint-list test --topological --name"),
        s("checkpoint-list test --topological --tree"), s("checkpoint-list test --from a"),
        s("checkpoint-list test --from a --descendants"), s("checkpoint-list test --from b --tree"),
        s("checkpoint-list test --from a --tree"),
        s("checkpoint-list test --from a --tree --descendants"),
        s("checkpoint-list test --from f --name"), s("checkpoint-list test --from g"),
        s("checkpoint-list test --from nosuch"), s("checkpoint-list test --from ''"),
        s("checkpoint-list test --from a --leaves"),
        s("checkpoint-list test --from a --descendants --leaves --name"),
        s("checkpoint-list test --from a --descendants --no-leaves --parent"),
        s("checkpoint-list test --roots --leaves"), s("checkpoint-list test --roots --name"),
        s("checkpoint-list test --from a --descendants --topological --name"),
        s("checkpoint-list test --descendants"), s("checkpoint-list test --tree --name"),
        s("checkpoint-list test --parent --roots"), s("checkpoint-list test --parent --tree"),
        s("checkpoint-list test --roots --tree"), s("checkpoint-list test --roots --from a"),
        s("checkpoint-list test --tree --leaves"), s("checkpoint-list test --tree --no-leaves"),
        s("checkpoint-delete test b --metadata; checkpoint-list test --tree"),
        r + ["%s; checkpoint-list test --tree; checkpoint-list test" % setup],
        q + ["%s; checkpoint-list test; checkpoint-list test --tree" % setup],
        (s("checkpoint-list test --parent"), None, {"TZ": "Asia/Kolkata"}),
        (s("checkpoint-list test"), None, {"TZ": "America/New_York"}),
        # checkpoint-parent
        s("checkpoint-parent test b"), s("checkpoint-parent test a"),
        s("checkpoint-parent test g"), s("checkpoint-parent test"),
        s("checkpoint-parent test nosuch"), c + ["checkpoint-parent", "nosuch", "a"],
        c + ["checkpoint-parent"], c + ["checkpoint-parent", "test", ""],
        q + ["%s; checkpoint-parent test d; checkpoint-parent test f" % setup],
    ]
