# SPDX-License-Identifier: LGPL-2.1-or-later
"""virsh's storage pool commands (pool-*, find-storage-pool-sources*), on the
test driver's default pool, pools defined from files and options, and the
custom test driver's pools."""
import os
from caselib import write

DEF = "test:///default"
UUID = "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"  # default-pool's
LONG = "abcdefghijklmnopqrstuvwxyz0123456789"  # a name as long as a UUID



def cases(fixtures, tmp):
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    node = ["-c", "test://" + os.path.join(fixtures, "test_driver", "pool-node.xml")]
    fix = os.path.join(fixtures, "test_driver", "pool")
    p1 = write(tmp, "pool1.xml",
               "<pool type='dir'>\n  <name>p1</name>\n"
               "  <uuid>11111111-2222-3333-4444-555555555555</uuid>\n"
               "  <target><path>/p1</path></target>\n</pool>\n")
    upper = write(tmp, "pool-upper.xml",
                  "<pool type='dir'><name>Alpha</name>"
                  "<uuid>22222222-2222-3333-4444-555555555555</uuid>"
                  "<target><path>/alpha</path></target></pool>\n")
    longname = write(tmp, "pool-long.xml",
                     "<pool type='dir'><name>%s</name>"
                     "<uuid>33333333-2222-3333-4444-555555555555</uuid>"
                     "<target><path>/long</path></target></pool>\n" % LONG)
    logical = write(tmp, "pool-logical.xml",
                    "<pool type='logical'><name>vg0</name>"
                    "<uuid>44444444-2222-3333-4444-555555555555</uuid>"
                    "<source><device path='/dev/sdq'/></source>"
                    "<target><path>/dev/vg0</path></target></pool>\n")
    bad = write(tmp, "pool-bad.xml", "<pool type='dir'><name>bad</name>\n")
    badtype = write(tmp, "pool-badtype.xml",
                    "<pool type='bogus'><name>bt</name><target><path>/x</path></target></pool>\n")
    noname = write(tmp, "pool-noname.xml", "<pool type='dir'><target><path>/x</path></target></pool>\n")
    dup = write(tmp, "pool-dup.xml",
                "<pool type='dir'><name>default-pool</name>"
                "<uuid>55555555-2222-3333-4444-555555555555</uuid>"
                "<target><path>/dup</path></target></pool>\n")
    notpool = write(tmp, "notpool.xml", "<volume><name>x</name><capacity>1</capacity></volume>\n")
    empty = write(tmp, "pool-empty.xml", "")
    srcspec = write(tmp, "srcspec.xml", "<source>\n  <host name='example.com'/>\n</source>\n")
    missing = os.path.join(tmp, "missing.xml")
    yield from [
        # pool-list
        c + ["pool-list"], c + ["pool-list", "--all"], c + ["pool-list", "--inactive"],
        c + ["pool-list", "--details"], c + ["pool-list", "--all", "--details"],
        c + ["pool-list", "--name"], c + ["pool-list", "--uuid"],
        c + ["pool-list", "--name", "--uuid"], c + ["pool-list", "--uuid", "--name", "--all"],
        c + ["pool-list", "--persistent"], c + ["pool-list", "--transient"],
        c + ["pool-list", "--autostart"], c + ["pool-list", "--no-autostart"],
        c + ["pool-list", "--persistent", "--transient", "--all"],
        c + ["pool-list", "--autostart", "--no-autostart", "--all"],
        c + ["pool-list", "--all", "--inactive"], c + ["pool-list", "--details", "--uuid"],
        c + ["pool-list", "--details", "--name"], c + ["pool-list", "--bogus"],
        c + ["pool-list", "extra"],
        c + ["pool-list", "--type", "dir"], c + ["pool-list", "--type", "logical"],
        c + ["pool-list", "--type", "dir,logical,fs,netfs,disk,iscsi,iscsi-direct,scsi,mpath,"
             "rbd,sheepdog,gluster,zfs,vstorage"],
        c + ["pool-list", "--type", "bogus"], c + ["pool-list", "--type", ""],
        c + ["pool-list", "--type", "dir,"], c + ["pool-list", "--type", "dir,,x"],
        c + ["pool-list", "--type", ","], c + ["pool-list", "--type"],
        c + ["pool-define %s; pool-define %s; pool-create %s; pool-define %s; pool-list --all; "
             "pool-list --all --details; pool-list --inactive --details; "
             "pool-list --transient --all; pool-list --persistent --all --name; "
             "pool-list --all --type logical --details; pool-list --all --type dir --uuid; "
             "pool-list --inactive --name --uuid" % (p1, upper, logical, longname)],
        c + ["pool-autostart default-pool; pool-list --autostart; pool-list --no-autostart --all; "
             "pool-destroy default-pool; pool-list; pool-list --inactive; "
             "pool-list --all --details; pool-list --details"],
        q + ["pool-list"], q + ["pool-list --all --details"], q + ["pool-list --name"],
        r + ["pool-list", "--all", "--details"],
        # pool-info
        c + ["pool-info", "default-pool"], c + ["pool-info", UUID], c + ["pool-info", "--bytes",
                                                                         "default-pool"],
        c + ["pool-info", "--pool", "default-pool"], c + ["pool-info", "nosuch"],
        c + ["pool-info"], c + ["pool-info", ""], c + ["pool-info", UUID.replace("d", "e")],
        c + ["pool-destroy default-pool; pool-info default-pool; pool-info --bytes default-pool"],
        c + ["pool-define %s; pool-info p1; pool-start p1; pool-autostart p1; pool-info p1 --bytes"
             % p1],
        c + ["pool-create %s; pool-info vg0" % logical],
        r + ["pool-info", "default-pool"],
        # pool-name / pool-uuid
        c + ["pool-name", UUID], c + ["pool-name", "default-pool"], c + ["pool-name", "nosuch"],
        c + ["pool-name"], c + ["pool-uuid", "default-pool"], c + ["pool-uuid", UUID],
        c + ["pool-uuid", "nosuch"], c + ["pool-uuid"],
        c + ["pool-define %s; pool-uuid %s; pool-info %s; pool-name %s" % (longname, LONG, LONG,
                                                                           LONG)],
        r + ["pool-name", UUID], r + ["pool-uuid", "default-pool"],
        # pool-dumpxml
        c + ["pool-dumpxml", "default-pool"], c + ["pool-dumpxml", UUID],
        c + ["pool-dumpxml", "--inactive", "default-pool"], c + ["pool-dumpxml", "nosuch"],
        c + ["pool-dumpxml"], c + ["pool-dumpxml", "default-pool", "--xpath", "/pool/name"],
        c + ["pool-dumpxml", "default-pool", "--xpath", "//path", "--wrap"],
        c + ["pool-dumpxml", "default-pool", "--xpath", "/pool/@type"],
        c + ["pool-dumpxml", "default-pool", "--xpath", "count(/pool)"],
        c + ["pool-dumpxml", "default-pool", "--xpath", "/nothing", "--wrap"],
        c + ["pool-dumpxml", "default-pool", "--xpath", ""],
        c + ["pool-dumpxml", "default-pool", "--wrap"],
        c + ["pool-dumpxml", "nosuch", "--xpath", ""],
        c + ["pool-define %s; pool-dumpxml p1; pool-dumpxml --inactive p1" % p1],
        r + ["pool-dumpxml", "default-pool"],
        # pool-define / pool-create / pool-undefine
        c + ["pool-define", p1], c + ["pool-define", "--file", p1, "--validate"],
        c + ["pool-define", missing], c + ["pool-define", bad], c + ["pool-define", badtype],
        c + ["pool-define", noname], c + ["pool-define", dup], c + ["pool-define", notpool],
        c + ["pool-define", empty], c + ["pool-define"], c + ["pool-define", ""],
        c + ["pool-define", "--validate", bad], c + ["pool-define", tmp],
        c + ["pool-define %s; pool-define %s; pool-list --all" % (p1, p1)],
        c + ["pool-create", p1], c + ["pool-create", p1, "--build"],
        c + ["pool-create", p1, "--build", "--overwrite"],
        c + ["pool-create", p1, "--no-overwrite"],
        c + ["pool-create", p1, "--overwrite", "--no-overwrite"],
        c + ["pool-create", missing], c + ["pool-create", bad], c + ["pool-create", dup],
        c + ["pool-create", noname], c + ["pool-create"], c + ["pool-create", ""],
        c + ["pool-create %s; pool-list --all --details; pool-destroy p1; pool-list --all" % p1],
        c + ["pool-create %s; pool-undefine p1; pool-create %s" % (p1, p1)],
        c + ["pool-define %s; pool-undefine p1; pool-undefine p1; pool-list --all" % p1],
        c + ["pool-undefine", "default-pool"], c + ["pool-undefine", "nosuch"],
        c + ["pool-undefine"],
        c + ["pool-destroy default-pool; pool-undefine default-pool; pool-list --all"],
        c + ["pool-destroy default-pool; pool-undefine " + UUID],
        r + ["pool-define", p1], r + ["pool-create", p1], r + ["pool-undefine", "default-pool"],
        q + ["pool-define %s; pool-create %s; pool-undefine p1" % (p1, logical)],
        # pool-define-as / pool-create-as
        c + ["pool-define-as", "p2", "dir", "--print-xml"],
        c + ["pool-define-as", "p2", "dir", "--target", "/p2", "--print-xml"],
        c + ["pool-define-as", "--name", "p2", "--type", "netfs", "--source-host", "h.example",
             "--source-path", "/export", "--source-format", "nfs", "--target", "/mnt",
             "--source-protocol-ver", "3", "--print-xml"],
        c + ["pool-define-as", "p2", "iscsi", "--source-host", "h", "--source-dev", "iqn.x",
             "--source-initiator", "iqn.init", "--auth-type", "chap", "--auth-username", "u",
             "--secret-usage", "s", "--target", "/dev/disk/by-path", "--print-xml"],
        c + ["pool-define-as", "p2", "rbd", "--source-host", "h", "--source-name", "rbdpool",
             "--auth-type", "ceph", "--auth-username", "admin", "--secret-uuid",
             "11111111-2222-3333-4444-555555555555", "--print-xml"],
        c + ["pool-define-as", "p2", "rbd", "--auth-type", "ceph", "--auth-username", "admin",
             "--print-xml"],
        c + ["pool-define-as", "p2", "scsi", "--adapter-name", "scsi_host1", "--print-xml"],
        c + ["pool-define-as", "p2", "scsi", "--adapter-wwnn", "20000000c9831b4b",
             "--adapter-wwpn", "10000000c9831b4b", "--adapter-parent", "scsi_host5",
             "--adapter-name", "ignored", "--print-xml"],
        c + ["pool-define-as", "p2", "scsi", "--adapter-wwnn", "a", "--adapter-wwpn", "b",
             "--adapter-parent-wwnn", "c", "--adapter-parent-wwpn", "d", "--print-xml"],
        c + ["pool-define-as", "p2", "scsi", "--adapter-wwnn", "a", "--adapter-wwpn", "b",
             "--adapter-parent-wwnn", "c", "--adapter-parent-fabric-wwn", "f", "--print-xml"],
        c + ["pool-define-as", "p2", "scsi", "--adapter-wwnn", "a", "--print-xml"],
        c + ["pool-define-as", "p2", "logical", "--source-name", "vg", "--source-dev",
             "/dev/sdb", "--source-format", "lvm2", "--target", "/dev/vg", "--print-xml"],
        c + ["pool-define-as", "p2", "dir", "--secret-usage", "a", "--secret-uuid", "b"],
        c + ["pool-define-as", "p2", "dir", "--source-host", ""],
        c + ["pool-define-as", "p2", "dir", "--target", ""],
        c + ["pool-define-as", "p2", "dir", "--source-initiator", ""],
        c + ["pool-define-as", "p2"], c + ["pool-define-as"], c + ["pool-define-as", "", "dir"],
        c + ["pool-define-as", "p2", ""], c + ["pool-define-as", "p2", "bogus"],
        c + ["pool-define-as", "p<&", "dir", "--target", "/x", "--print-xml"],
        c + ["pool-define-as", "p<&", "dir", "--target", "/x"],
        # generated UUIDs: on the custom driver, whose output has them normalised
        node + ["pool-define-as p2 dir --target /p2; pool-list --all --details; pool-dumpxml p2; "
                "pool-start p2; pool-info p2"],
        c + ["pool-define-as", "default-pool", "dir", "--target", "/x"],
        c + ["pool-define-as", "p2", "dir", "--build"],
        c + ["pool-create-as", "p3", "dir", "--print-xml", "--target", "/p3"],
        node + ["pool-create-as p3 dir --target /p3; pool-list --all --details; pool-info p3"],
        c + ["pool-create-as", "p3", "dir", "--target", "/p3", "--build"],
        c + ["pool-create-as", "p3", "dir", "--target", "/p3", "--build", "--overwrite"],
        c + ["pool-create-as", "p3", "dir", "--target", "/p3", "--no-overwrite"],
        c + ["pool-create-as", "p3", "dir", "--overwrite", "--no-overwrite"],
        c + ["pool-create-as", "p3", "dir", "--overwrite", "--no-overwrite", "--print-xml"],
        c + ["pool-create-as", "p3", "dir", "--secret-usage", "a", "--secret-uuid", "b",
             "--overwrite", "--no-overwrite"],
        c + ["pool-create-as", "p3", "bogus"], c + ["pool-create-as", "p3"],
        c + ["pool-create-as", "default-pool", "dir", "--target", "/x"],
        c + ["pool-create-as", "vg1", "logical", "--source-dev", "/dev/sdz", "--target",
             "/dev/vg1"],
        r + ["pool-define-as", "p2", "dir", "--target", "/p2"],
        r + ["pool-create-as", "p3", "dir", "--target", "/p3"],
        r + ["pool-create-as", "p3", "dir", "--print-xml"],
        q + ["pool-define-as p2 dir --target /p2; pool-create-as p3 dir --target /p3; "
             "pool-create-as p4 dir --print-xml"],
        # pool-start / pool-destroy / pool-build / pool-delete / pool-refresh
        c + ["pool-start", "default-pool"], c + ["pool-start", "nosuch"], c + ["pool-start"],
        c + ["pool-destroy default-pool; pool-start default-pool; pool-info default-pool"],
        c + ["pool-destroy default-pool; pool-start default-pool --build"],
        c + ["pool-destroy default-pool; pool-start default-pool --build --overwrite"],
        c + ["pool-destroy default-pool; pool-start default-pool --no-overwrite"],
        c + ["pool-destroy default-pool; pool-start default-pool --overwrite --no-overwrite"],
        c + ["pool-start", "nosuch", "--overwrite", "--no-overwrite"],
        c + ["pool-destroy", "default-pool"], c + ["pool-destroy", UUID],
        c + ["pool-destroy default-pool; pool-destroy default-pool"],
        c + ["pool-destroy", "nosuch"], c + ["pool-destroy"],
        c + ["pool-build", "default-pool"], c + ["pool-build", "default-pool", "--overwrite"],
        c + ["pool-build", "default-pool", "--no-overwrite"],
        c + ["pool-build", "default-pool", "--overwrite", "--no-overwrite"],
        c + ["pool-destroy default-pool; pool-build default-pool; pool-build default-pool "
             "--overwrite; pool-build default-pool --no-overwrite --overwrite"],
        c + ["pool-build", "nosuch"], c + ["pool-build"],
        c + ["pool-delete", "default-pool"], c + ["pool-delete", "nosuch"], c + ["pool-delete"],
        c + ["pool-destroy default-pool; pool-delete default-pool; pool-list --all"],
        c + ["pool-refresh", "default-pool"], c + ["pool-refresh", UUID],
        c + ["pool-refresh", "nosuch"], c + ["pool-refresh"],
        c + ["pool-destroy default-pool; pool-refresh default-pool"],
        r + ["pool-start", "default-pool"], r + ["pool-destroy", "default-pool"],
        r + ["pool-build", "default-pool"], r + ["pool-delete", "default-pool"],
        r + ["pool-refresh", "default-pool"],
        q + ["pool-destroy default-pool; pool-build default-pool; pool-start default-pool; "
             "pool-refresh default-pool; pool-destroy default-pool; pool-delete default-pool"],
        # pool-autostart
        c + ["pool-autostart", "default-pool"], c + ["pool-autostart", "--disable",
                                                     "default-pool"],
        c + ["pool-autostart default-pool; pool-info default-pool; pool-autostart default-pool "
             "--disable; pool-info default-pool"],
        c + ["pool-autostart", UUID], c + ["pool-autostart", "nosuch"], c + ["pool-autostart"],
        c + ["pool-create %s; pool-autostart p1; pool-autostart --disable p1" % p1],
        r + ["pool-autostart", "default-pool"], r + ["pool-autostart", "default-pool",
                                                     "--disable"],
        q + ["pool-autostart default-pool; pool-autostart --disable default-pool"],
        # pool-capabilities
        c + ["pool-capabilities"], r + ["pool-capabilities"], c + ["pool-capabilities", "x"],
        # find-storage-pool-sources(-as)
        c + ["find-storage-pool-sources-as", "logical"],
        c + ["find-storage-pool-sources-as", "netfs"],
        c + ["find-storage-pool-sources-as", "netfs", "--host", "example.com"],
        c + ["find-storage-pool-sources-as", "netfs", "example.com", "2049"],
        c + ["find-storage-pool-sources-as", "netfs", "--host", "h", "--port", "1",
             "--initiator", "iqn.x"],
        c + ["find-storage-pool-sources-as", "netfs", "--host", "h", "--port", ""],
        c + ["find-storage-pool-sources-as", "netfs", "--host", ""],
        c + ["find-storage-pool-sources-as", "netfs", "--initiator", ""],
        c + ["find-storage-pool-sources-as", "logical", "--port", "1"],
        c + ["find-storage-pool-sources-as", "dir"], c + ["find-storage-pool-sources-as", "bogus"],
        c + ["find-storage-pool-sources-as", "iscsi", "--host", "h"],
        c + ["find-storage-pool-sources-as", ""], c + ["find-storage-pool-sources-as"],
        c + ["find-storage-pool-sources", "logical"], c + ["find-storage-pool-sources", "netfs"],
        c + ["find-storage-pool-sources", "netfs", srcspec],
        c + ["find-storage-pool-sources", "netfs", "--srcSpec", srcspec],
        c + ["find-storage-pool-sources", "netfs", missing],
        c + ["find-storage-pool-sources", "netfs", ""],
        c + ["find-storage-pool-sources", "netfs", bad],
        c + ["find-storage-pool-sources", "dir"], c + ["find-storage-pool-sources", "bogus"],
        c + ["find-storage-pool-sources"],
        r + ["find-storage-pool-sources-as", "logical"],
        r + ["find-storage-pool-sources", "netfs", srcspec],
        # the custom test driver's pools
        node + ["pool-list", "--all", "--details"], node + ["pool-info", "filevg"],
        node + ["pool-dumpxml", "inline-pool"], node + ["pool-dumpxml", "filevg"],
        node + ["pool-list", "--type", "logical", "--name"],
        node + ["pool-destroy filevg; pool-list --all --details; pool-info filevg"],
        # the lookups' debug messages
        ["-d", "0"] + c + ["pool-info default-pool; pool-list --details; pool-uuid default-pool; "
                           "pool-name " + UUID],
        ["-d", "1"] + c + ["pool-info nosuch; pool-dumpxml " + UUID],
    ]
    # every pool fixture: defined, listed, started, dumped, undefined
    for f in sorted(os.listdir(fix)):
        if f.startswith("pool-"):
            path = os.path.join(fix, f)
            yield c + ["pool-define %s; pool-list --all --details; pool-dumpxml --inactive "
                       "--xpath /pool/name" % path]
            yield c + ["pool-create", path]
