# SPDX-License-Identifier: LGPL-2.1-or-later
"""The snapshot commands (snapshot-create, snapshot-list, snapshot-revert, ...)
side by side with virsh. Snapshots are redefined from XML with fixed creation
times, so that their lists and trees compare as they are."""
import os

DEF = "test:///default"

DOMAIN = """<domain type='test'>
  <name>test</name>
  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
  <memory unit='KiB'>8388608</memory>
  <vcpu>2</vcpu>
  <os><type arch='i686'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/guest/diskimage1'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>"""

# name, parent, creation time, state, memory snapshot, disk snapshot
TREE = [
    ("a", None, 1234567890, "shutoff", "no", "internal"),
    ("b", "a", 1234567891, "running", "internal", "internal"),
    ("C", "a", 1234567892, "paused", "internal", "internal"),
    ("d", "b", 1234567893, "shutoff", "no", "internal"),
    ("e", "b", 1234567894, "running", "internal", "internal"),
    ("g", "e", 1234567895, "running", "internal", "internal"),
    ("f", None, 1300000000, "disk-snapshot", "no", "external"),
    ("h", "f", 1300000001, "running", "external", "external"),
]


def snapshot_xml(name, parent, when, state, memory, disk):
    mem = "<memory snapshot='%s'%s/>" % (
        memory, " file='/tmp/%s.mem'" % name if memory == "external" else "")
    src = "<source file='/tmp/%s.qcow2'/>" % name if disk == "external" else ""
    return ("<domainsnapshot>\n  <name>%s</name>\n  <description>snapshot %s</description>\n"
            "  <state>%s</state>\n%s  <creationTime>%d</creationTime>\n  %s\n"
            "  <disks><disk name='vda' snapshot='%s'>%s</disk></disks>\n%s\n"
            "</domainsnapshot>\n" % (
                name, name, state,
                "  <parent><name>%s</name></parent>\n" % parent if parent else "",
                when, mem, disk, src, DOMAIN))


def cases(fixtures, tmp):
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    d = os.path.join(tmp, "snap")
    os.makedirs(d, exist_ok=True)
    files = {}
    for t in TREE:
        files[t[0]] = os.path.join(d, t[0] + ".xml")
        with open(files[t[0]], "w") as f:
            f.write(snapshot_xml(*t))
    bad = os.path.join(d, "bad.xml")
    with open(bad, "w") as f:
        f.write("<domainsnapshot><name>x</name>\n")
    plain = os.path.join(d, "plain.xml")
    with open(plain, "w") as f:
        f.write("<domainsnapshot><name>plain</name><description>from a file</description>"
                "</domainsnapshot>\n")
    missing = os.path.join(d, "missing.xml")
    # The whole tree, g current (quietly: its messages hold the temporary path).
    setup = "; ".join("snapshot-create test %s --redefine%s" % (
        files[t[0]], " --current" if t[0] == "g" else "") for t in TREE)
    two = "snapshot-create-as test one; snapshot-create-as test two"

    def s(cmds):
        return c + ["%s; %s" % (setup, cmds)]

    yield from [
        # snapshot-create
        c + ["snapshot-create", "test"],
        c + ["snapshot-create test %s; snapshot-list test --name" % plain],
        c + ["snapshot-create", "test", "--xmlfile", plain],
        c + ["snapshot-create", "test", missing], c + ["snapshot-create", "test", bad],
        c + ["snapshot-create", "test", ""], c + ["snapshot-create", "nosuch", plain],
        c + ["snapshot-create"], r + ["snapshot-create", "test", plain],
        c + ["snapshot-create test %s --halt; domstate test; snapshot-list test" % plain],
        c + ["snapshot-create test %s --live; snapshot-info test plain" % plain],
        c + ["snapshot-create", "test", plain, "--validate"],
        c + ["snapshot-create", "test", plain, "--atomic"],
        c + ["snapshot-create", "test", plain, "--quiesce"],
        c + ["snapshot-create", "test", plain, "--disk-only"],
        c + ["snapshot-create", "test", plain, "--reuse-external"],
        c + ["snapshot-create", "test", plain, "--no-metadata"],
        c + ["snapshot-create", "test", plain, "--current"],
        c + ["snapshot-create", "test", plain, "--redefine"],
        c + ["snapshot-create test %s --redefine; snapshot-create test %s --redefine"
             % (files["a"], files["a"])],
        c + ["snapshot-create", "test", files["b"], "--redefine"],
        c + ["snapshot-create %s; snapshot-create test %s" % (files["a"], plain)],
        c + ["destroy test; snapshot-create test %s --halt; domstate test" % plain],
        q + ["snapshot-create test %s; snapshot-list test --name" % plain],
        # snapshot-create-as
        c + ["snapshot-create-as", "test", "--print-xml"],
        c + ["snapshot-create-as", "test", "n1", "the description", "--print-xml"],
        c + ["snapshot-create-as", "test", "--name", "a<b>&'\"c", "--description", "x\ty\x01z",
             "--print-xml"],
        c + ["snapshot-create-as", "test", "--print-xml", "--memspec", "/tmp/mem"],
        c + ["snapshot-create-as", "test", "--print-xml", "--memspec",
             "file=/tmp/a,,b,snapshot=external"],
        c + ["snapshot-create-as", "test", "--print-xml", "--memspec", "snapshot=no"],
        c + ["snapshot-create-as", "test", "--print-xml", "--memspec", "tmp/mem"],
        c + ["snapshot-create-as", "test", "--print-xml", "--memspec", "/a,/b"],
        c + ["snapshot-create-as", "test", "--print-xml", "--memspec", "snapshot=a,snapshot=b"],
        c + ["snapshot-create-as", "test", "--print-xml", "--memspec", ""],
        c + ["snapshot-create-as", "test", "--print-xml", "--memspec", "/a,"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec", "vda"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec",
             "vda,snapshot=external,driver=qcow2,stype=file,file=/tmp/x&y"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec",
             "vda,stype=block,file=/dev/sdz", "--diskspec", "vdb,snapshot=no"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec", "vda,driver=raw"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec", "vda,file=/a,,b"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec", "vda,stype=network"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec", "vda,bogus=1"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec", "vda,file=/a,file=/b"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec", ""],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec", "v<d>a,snapshot=a'b"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec", "vda,"],
        c + ["snapshot-create-as", "test", "--print-xml", "--diskspec", ",,vda"],
        c + ["snapshot-create-as", "test", "s1", "--print-xml", "vda", "vdb,snapshot=no"],
        c + ["snapshot-create-as", "test", "--print-xml", "--memspec", "/m", "--diskspec",
             "vda,snapshot=external,file=/d"],
        c + ["snapshot-create-as", "test", "--name", ""],
        c + ["snapshot-create-as", "test", "--description", ""],
        c + ["snapshot-create-as", "nosuch", "--print-xml"], c + ["snapshot-create-as"],
        c + ["snapshot-create-as", "test", "--memspec"],
        c + ["snapshot-create-as test s1 'first one'; snapshot-info test s1; "
             "snapshot-dumpxml test s1 --xpath //description"],
        c + ["snapshot-create-as test s1; snapshot-create-as test s1"],
        c + ["snapshot-create-as test s1 --halt; domstate test; snapshot-list test --name"],
        c + ["snapshot-create-as", "test", "s1", "--no-metadata"],
        c + ["snapshot-create-as", "test", "s1", "--disk-only"],
        c + ["snapshot-create-as", "test", "s1", "--reuse-external"],
        c + ["snapshot-create-as test s1 --live --atomic --quiesce --validate; snapshot-list test"],
        c + ["snapshot-create-as", "test", "s1", "--diskspec", "vda,snapshot=internal"],
        c + ["snapshot-create-as", "test", "s1", "--diskspec", "vdz"],
        c + ["snapshot-create-as", "test", "s1", "--memspec", "/tmp/m,snapshot=external"],
        c + ["snapshot-create-as", "test", "s1", "--diskspec", "vda,snapshot=external,file=/x"],
        c + ["snapshot-create-as", "test"],
        r + ["snapshot-create-as", "test", "s1"], r + ["snapshot-create-as", "test", "--print-xml"],
        q + ["snapshot-create-as test s1; snapshot-current test --name"],
        c + ["destroy test; snapshot-create-as test off; snapshot-info test off"],
        c + ["snapshot-create-as test s1 --halt; snapshot-create-as test s2 --halt; "
             "snapshot-list test"],
        # snapshot-current
        c + ["snapshot-current", "test"], c + ["snapshot-current", "test", "--name"],
        c + ["snapshot-current", "nosuch"], c + ["snapshot-current"],
        c + ["snapshot-current", "test", "--name", "--snapshotname", "x"],
        c + ["snapshot-current", "test", "x"], c + ["snapshot-current", "test", ""],
        s("snapshot-current test --name"), s("snapshot-current test"),
        s("snapshot-current test --security-info"),
        s("snapshot-current test b; snapshot-current test --name; snapshot-info test b"),
        s("snapshot-current test f; snapshot-current test --name; snapshot-info test f"),
        s("snapshot-current test nosuch; snapshot-current test --name"),
        s("snapshot-current --snapshotname a --domain test; snapshot-list test --current"),
        c + ["snapshot-create-as test s1; snapshot-current 1 --name"],
        r + ["snapshot-current", "test"],
        r + ["snapshot-create-as test s1; snapshot-current test s1"],
        q + ["%s; snapshot-current test --name; snapshot-current test a" % setup],
        # snapshot-delete
        c + ["snapshot-delete", "test"], c + ["snapshot-delete", "test", "x"],
        c + ["snapshot-delete", "test", "--current"], c + ["snapshot-delete", "nosuch", "x"],
        c + ["snapshot-delete"], c + ["snapshot-delete", "test", "x", "--current"],
        c + ["snapshot-delete", "test", ""],
        s("snapshot-delete test g; snapshot-list test --tree"),
        s("snapshot-delete test --current; snapshot-list test --tree; snapshot-current test"),
        s("snapshot-delete test b; snapshot-list test --parent"),
        s("snapshot-delete test b --children; snapshot-list test --tree"),
        s("snapshot-delete test a --children-only; snapshot-list test --tree"),
        s("snapshot-delete test a --children --children-only"),
        s("snapshot-delete test e --metadata; snapshot-list test --parent"),
        s("snapshot-delete test --snapshotname h; snapshot-delete test f --children-only"),
        r + ["%s; snapshot-delete test a" % setup],
        q + ["%s; snapshot-delete test a; snapshot-delete test b --children-only" % setup],
        # snapshot-dumpxml
        s("snapshot-dumpxml test a"), s("snapshot-dumpxml test h --security-info"),
        s("snapshot-dumpxml test a --xpath //parent"),
        s("snapshot-dumpxml test b --xpath //parent/name/text()"),
        s("snapshot-dumpxml test b --xpath //name --wrap"),
        s("snapshot-dumpxml test b --xpath 'count(//disk)'"),
        s("snapshot-dumpxml test b --xpath ''"),
        s("snapshot-dumpxml test b --xpath '//['"),
        s("snapshot-dumpxml --domain test --snapshotname C --wrap"),
        s("snapshot-dumpxml test nosuch"), s("snapshot-dumpxml nosuch a"),
        c + ["snapshot-dumpxml", "test"], c + ["snapshot-dumpxml", "test", ""],
        c + ["snapshot-dumpxml"],
        r + ["%s; snapshot-dumpxml test a --xpath //state" % setup],
        # snapshot-info
        s("snapshot-info test a"), s("snapshot-info test b"), s("snapshot-info test C"),
        s("snapshot-info test f"), s("snapshot-info test h"), s("snapshot-info test --current"),
        s("snapshot-info test g --current"), s("snapshot-info test"),
        s("snapshot-info test nosuch"), c + ["snapshot-info", "test", "--current"],
        c + ["snapshot-info", "nosuch", "a"], c + ["snapshot-info"],
        c + ["snapshot-info", "test", ""],
        s("snapshot-delete test e --metadata; snapshot-info test g"),
        r + ["%s; snapshot-info test --snapshotname b" % setup],
        # snapshot-list
        c + ["snapshot-list", "test"], c + ["snapshot-list", "test", "--tree"],
        c + ["snapshot-list", "test", "--name"], c + ["snapshot-list", "nosuch"],
        c + ["snapshot-list"], c + ["snapshot-list", "test", "--current"],
        c + ["snapshot-list", "test", "--from", "x"],
        s("snapshot-list test"), s("snapshot-list test --parent"), s("snapshot-list test --name"),
        s("snapshot-list test --tree"), s("snapshot-list test --roots"),
        s("snapshot-list test --leaves"), s("snapshot-list test --no-leaves"),
        s("snapshot-list test --leaves --no-leaves"), s("snapshot-list test --metadata"),
        s("snapshot-list test --no-metadata"), s("snapshot-list test --metadata --no-metadata"),
        s("snapshot-list test --inactive"), s("snapshot-list test --active"),
        s("snapshot-list test --disk-only"), s("snapshot-list test --internal"),
        s("snapshot-list test --external"), s("snapshot-list test --inactive --active --parent"),
        s("snapshot-list test --internal --external"),
        s("snapshot-list test --topological"), s("snapshot-list test --topological --name"),
        s("snapshot-list test --topological --tree"),
        s("snapshot-list test --from a"), s("snapshot-list test --from a --descendants"),
        s("snapshot-list test --from b --tree"), s("snapshot-list test --from a --tree"),
        s("snapshot-list test --from a --tree --descendants"),
        s("snapshot-list test --from f --name"), s("snapshot-list test --from g"),
        s("snapshot-list test --current"), s("snapshot-list test --current --tree"),
        s("snapshot-list test --current --descendants --parent"),
        s("snapshot-list test --from a --current"), s("snapshot-list test --from nosuch"),
        s("snapshot-list test --from ''"),
        s("snapshot-list test --from a --leaves"), s("snapshot-list test --from a --no-leaves"),
        s("snapshot-list test --from a --descendants --leaves --name"),
        s("snapshot-list test --roots --leaves"), s("snapshot-list test --roots --name"),
        s("snapshot-list test --from a --descendants --topological --name"),
        s("snapshot-list test --metadata --tree"),
        s("snapshot-delete test b --metadata; snapshot-list test --tree"),
        s("snapshot-delete test a --metadata; snapshot-list test --parent --roots"),
        s("snapshot-list test --descendants"), s("snapshot-list test --tree --name"),
        s("snapshot-list test --parent --roots"), s("snapshot-list test --parent --tree"),
        s("snapshot-list test --roots --tree"), s("snapshot-list test --roots --from a"),
        s("snapshot-list test --roots --current"), s("snapshot-list test --tree --leaves"),
        s("snapshot-list test --tree --no-leaves"), s("snapshot-list test --tree --inactive"),
        s("snapshot-list test --tree --active"), s("snapshot-list test --tree --disk-only"),
        s("snapshot-list test --tree --internal"), s("snapshot-list test --tree --external"),
        s("snapshot-list test --tree --no-metadata"),
        c + ["%s; snapshot-list test --parent" % two],
        c + ["%s; snapshot-list test --tree" % two],
        r + ["%s; snapshot-list test --tree; snapshot-list test" % setup],
        q + ["%s; snapshot-list test; snapshot-list test --tree" % setup],
        (s("snapshot-list test --parent"), None, {"TZ": "Asia/Kolkata"}),
        (s("snapshot-list test"), None, {"TZ": "America/New_York"}),
        # snapshot-parent
        s("snapshot-parent test b"), s("snapshot-parent test a"), s("snapshot-parent test g"),
        s("snapshot-parent test --current"), s("snapshot-parent test"),
        s("snapshot-parent test a --current"), s("snapshot-parent test nosuch"),
        c + ["snapshot-parent", "test", "--current"], c + ["snapshot-parent", "nosuch", "a"],
        c + ["snapshot-parent"], c + ["snapshot-parent", "test", ""],
        r + ["%s; snapshot-parent test h" % setup],
        q + ["%s; snapshot-parent test h; snapshot-parent test f" % setup],
        # snapshot-revert
        s("snapshot-revert test a; domstate test --reason; snapshot-current test --name"),
        s("snapshot-revert test b; domstate test --reason; snapshot-current test --name"),
        s("snapshot-revert test C; domstate test --reason"),
        s("snapshot-revert test --current; domstate test"),
        s("snapshot-revert test a --running; domstate test --reason"),
        s("snapshot-revert test a --paused; domstate test --reason"),
        s("snapshot-revert test b --paused; domstate test --reason"),
        s("snapshot-revert test b --running --paused"),
        s("snapshot-revert test f"), s("snapshot-revert test h"),
        s("snapshot-revert test a --force; domstate test"),
        s("snapshot-revert test a --reset-nvram"),
        s("snapshot-revert test"), s("snapshot-revert test a --current"),
        s("snapshot-revert test nosuch"), c + ["snapshot-revert", "test", "--current"],
        c + ["snapshot-revert", "nosuch", "a"], c + ["snapshot-revert"],
        c + ["snapshot-revert", "test", ""],
        c + ["snapshot-create-as test s1; destroy test; snapshot-revert test s1; "
             "domstate test --reason"],
        c + ["snapshot-create-as test s1; snapshot-revert test s1 --force"],
        r + ["%s; snapshot-revert test a" % setup],
        q + ["%s; snapshot-revert test a; domstate test" % setup],
    ]
    # --halt emulated after a refusal (an invalid flag): not for a transient domain.
    yield from [
        c + ["snapshot-create test --current --halt; snapshot-create-as test s --halt --disk-only; "
             "snapshot-create-as test s2 --halt --no-metadata; domstate test"],
        c + ["snapshot-create test %s --redefine --halt; domstate test" % files["a"]],
    ]
    transient = os.path.join(d, "transient-node.xml")
    with open(transient, "w") as f:
        f.write("<node><domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
                "<name>tvm</name><memory>65536</memory><os><type>hvm</type></os>"
                "<test:transient/></domain></node>\n")
    yield ["-c", "test://" + transient,
           "snapshot-create tvm --current --halt; snapshot-create-as tvm s --halt --disk-only; "
           "snapshot-create-as tvm s2 --halt; snapshot-create-as tvm s3; snapshot-list tvm --name"]
    # Snapshots loaded with a custom test driver: read-only connections see
    # them, and a parent that is not there. libvirt's own warnings on loading
    # them (its log on stderr) are sent away.
    drv = os.path.join(fixtures, "test_driver")
    quiet_log = {"LIBVIRT_LOG_OUTPUTS": "1:file:/dev/null"}
    for node in ("snapshot-node.xml", "snapshot-node-orphan.xml",
                 "snapshot-node-two-current.xml"):
        for ro in ([], ["-r"]):
            yield (ro + ["-c", "test://" + os.path.join(drv, node),
                        "snapshot-list snapvm; snapshot-list snapvm --tree; "
                        "snapshot-list snapvm --parent; snapshot-list snapvm --roots; "
                        "snapshot-list snapvm --leaves --name; snapshot-info snapvm top; "
                        "snapshot-parent snapvm top; snapshot-current snapvm --name; "
                        "snapshot-info snapvm --current; snapshot-dumpxml snapvm base; "
                        "snapshot-list snapvm --from base --tree; "
                        "snapshot-list snapvm --current --descendants"], None, quiet_log)
        yield (["-r", "-c", "test://" + os.path.join(drv, node),
               "snapshot-revert snapvm base; snapshot-delete snapvm top; "
               "snapshot-current snapvm base; snapshot-create-as snapvm x; "
               "snapshot-delete snapvm --current --metadata"], None, quiet_log)
        yield (["-c", "test://" + os.path.join(drv, node),
               "snapshot-revert snapvm base; domstate snapvm --reason; "
               "snapshot-revert snapvm top --paused; domstate snapvm --reason; "
               "snapshot-delete snapvm base --children-only; snapshot-list snapvm --tree"],
               None, quiet_log)
