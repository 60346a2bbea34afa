# SPDX-License-Identifier: LGPL-2.1-or-later
"""virsh's storage volume commands (vol-*), on volumes made in the test
driver's default pool and on the custom test driver's pools and volumes."""
import os
from caselib import write

DEF = "test:///default"
POOL_UUID = "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"  # default-pool's



def cases(fixtures, tmp):
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    node = ["-c", "test://" + os.path.join(fixtures, "test_driver", "pool-node.xml")]
    nq = ["-q"] + node
    fix = os.path.join(fixtures, "test_driver", "vol")
    v1 = write(tmp, "vol1.xml", "<volume>\n  <name>v1</name>\n"
               "  <capacity unit='M'>10</capacity>\n  <allocation unit='M'>1</allocation>\n"
               "</volume>\n")
    v2 = write(tmp, "vol2.xml", "<volume><name>v2</name><capacity>4096</capacity></volume>\n")
    upper = write(tmp, "vol-upper.xml",
                  "<volume><name>Alpha</name><capacity>1</capacity></volume>\n")
    bad = write(tmp, "vol-bad.xml", "<volume><name>bad</name>\n")
    noname = write(tmp, "vol-noname.xml", "<volume><capacity>1</capacity></volume>\n")
    nocap = write(tmp, "vol-nocap.xml", "<volume><name>nocap</name></volume>\n")
    notvol = write(tmp, "notvol.xml", "<pool type='dir'><name>x</name></pool>\n")
    empty = write(tmp, "vol-empty.xml", "")
    data = write(tmp, "data.bin", "some bytes\n")
    missing = os.path.join(tmp, "missing.xml")
    download = os.path.join(tmp, "download.bin")
    nodir = os.path.join(tmp, "nodir", "x.bin")
    mk = "vol-create-as default-pool v1 10M --allocation 1M; "  # a volume to work on
    p = " --pool default-pool"
    path = "/default-pool/v1"
    yield from [
        # vol-create-as
        c + ["vol-create-as", "default-pool", "v1", "10M"],
        c + ["vol-create-as", "default-pool", "v1", "10M", "--print-xml"],
        c + ["vol-create-as", "--pool", "default-pool", "--name", "v1", "--capacity", "1G",
             "--allocation", "512M", "--format", "qcow2", "--print-xml"],
        c + ["vol-create-as", POOL_UUID, "v1", "1024"],
        c + ["vol-create-as", "default-pool", "v1", "1024", "--prealloc-metadata"],
        c + ["vol-create-as", "default-pool", "v1", "0", "--allocation", "0", "--print-xml"],
        c + ["vol-create-as", "default-pool", "v1", "1kB", "--allocation", "2KiB",
             "--print-xml"],
        c + ["vol-create-as", "default-pool", "v1", "1b", "--allocation", "1bytes",
             "--print-xml"],
        c + ["vol-create-as", "default-pool", "v1", "3e", "--allocation", "1EB",
             "--print-xml"],
        c + ["vol-create-as", "default-pool", "v1", "10x"],
        c + ["vol-create-as", "default-pool", "v1", "10kx"],
        c + ["vol-create-as", "default-pool", "v1", "-5"],
        c + ["vol-create-as", "default-pool", "v1", "abc"],
        c + ["vol-create-as", "default-pool", "v1", " 5"],
        c + ["vol-create-as", "default-pool", "v1", "+5", "--print-xml"],
        c + ["vol-create-as", "default-pool", "v1", "99999999999999E"],
        c + ["vol-create-as", "default-pool", "v1", "0099999999999999999P"],
        c + ["vol-create-as", "default-pool", "v1", "99999999999999999999"],
        c + ["vol-create-as", "default-pool", "v1", "1", "--allocation", "abc"],
        c + ["vol-create-as", "default-pool", "v1", "1", "--allocation", ""],
        c + ["vol-create-as", "default-pool", "v1", "1", "--allocation", "2q"],
        c + ["vol-create-as", "default-pool", "v1", ""], c + ["vol-create-as", "default-pool",
                                                               "", "1"],
        c + ["vol-create-as", "default-pool", "v1", "1", "--format", ""],
        c + ["vol-create-as", "default-pool", "v1", "1", "--backing-vol", ""],
        c + ["vol-create-as", "default-pool", "v1"], c + ["vol-create-as", "default-pool"],
        c + ["vol-create-as"], c + ["vol-create-as", "nosuch", "v1", "1"],
        c + ["vol-create-as", "", "v1", "1"],
        c + ["vol-create-as", "default-pool", "v<&", "1", "--print-xml"],
        c + ["vol-create-as", "default-pool", "v<&", "1"],
        c + [mk + "vol-create-as default-pool v1 5M"],
        c + [mk + "vol-create-as default-pool v2 10M --backing-vol v1 --backing-vol-format raw "
             "--print-xml; vol-create-as default-pool v2 10M --backing-vol %s --format qcow2 "
             "--backing-vol-format qcow2; vol-dumpxml v2%s; vol-list default-pool --details"
             % (path, p)],
        c + ["vol-create-as", "default-pool", "v2", "1", "--backing-vol", "nosuch"],
        c + ["vol-create-as", "default-pool", "v2", "1", "--backing-vol", "nosuch",
             "--print-xml"],
        c + ["pool-destroy default-pool; vol-create-as default-pool v1 1"],
        r + ["vol-create-as", "default-pool", "v1", "1"],
        r + ["vol-create-as", "default-pool", "v1", "1", "--print-xml"],
        q + ["vol-create-as default-pool v1 1; vol-create-as default-pool v2 1 --print-xml"],
        # vol-create
        c + ["vol-create", "default-pool", v1], c + ["vol-create", "default-pool", v1,
                                                     "--validate"],
        c + ["vol-create", "default-pool", v1, "--prealloc-metadata"],
        c + ["vol-create", POOL_UUID, v2], c + ["vol-create", "--pool", "default-pool",
                                                "--file", v2],
        c + ["vol-create", "default-pool", missing], c + ["vol-create", "default-pool", bad],
        c + ["vol-create", "default-pool", noname], c + ["vol-create", "default-pool", nocap],
        c + ["vol-create", "default-pool", notvol], c + ["vol-create", "default-pool", empty],
        c + ["vol-create", "default-pool", ""], c + ["vol-create", "default-pool"],
        c + ["vol-create"], c + ["vol-create", "nosuch", v1], c + ["vol-create", "nosuch",
                                                                  missing],
        c + ["vol-create", "default-pool", tmp],
        c + ["vol-create default-pool %s; vol-create default-pool %s" % (v1, v1)],
        c + ["pool-destroy default-pool; vol-create default-pool %s" % v1],
        r + ["vol-create", "default-pool", v1],
        q + ["vol-create default-pool %s; vol-list default-pool" % v1],
        # vol-create-from
        c + [mk + "vol-create-from default-pool %s v1 --inputpool default-pool; "
             "vol-list default-pool --details" % v2],
        c + [mk + "vol-create-from default-pool %s %s" % (v2, path)],
        c + [mk + "vol-create-from default-pool %s v1" % v2],
        c + [mk + "vol-create-from default-pool %s v1 --inputpool nosuch" % v2],
        c + [mk + "vol-create-from default-pool %s %s --prealloc-metadata --reflink --validate"
             % (v2, path)],
        c + [mk + "vol-create-from default-pool %s %s" % (missing, path)],
        c + [mk + "vol-create-from default-pool %s %s" % (bad, path)],
        c + [mk + "vol-create-from default-pool %s %s" % (v1, path)],
        c + [mk + "vol-create-from nosuch %s %s" % (v2, path)],
        c + ["vol-create-from", "default-pool", v2, "nosuch"],
        c + ["vol-create-from", "default-pool", missing, "nosuch"],
        c + ["vol-create-from", "default-pool", v2], c + ["vol-create-from"],
        c + ["vol-create-from", "default-pool", "", "x"],
        r + ["vol-create-from", "default-pool", v2, path],
        # vol-clone
        c + [mk + "vol-clone v1 v2%s; vol-list default-pool" % p],
        c + [mk + "vol-clone %s v2; vol-clone %s v3 --prealloc-metadata --reflink" % (path,
                                                                                        path)],
        c + [mk + "vol-clone v1 v2%s --print-xml" % p],
        c + [mk + "vol-clone v1 'a&b'%s --print-xml" % p],
        c + [mk + "vol-clone v1 '<x>'%s --print-xml" % p],
        c + [mk + "vol-clone v1 v1%s" % p],
        c + [mk + "vol-clone v1 ''%s" % p],
        c + ["vol-clone", "v1", "v2"], c + ["vol-clone", "v1", "v2", "--pool", "default-pool"],
        c + ["vol-clone", "v1", "v2", "--pool", "nosuch"], c + ["vol-clone", "v1"],
        c + ["vol-clone"], c + ["vol-clone", "v1", "v2", "--pool", ""],
        r + ["vol-clone", "v1", "v2", "--pool", "default-pool"],
        q + [mk + "vol-clone v1 v2%s" % p],
        # vol-delete
        c + [mk + "vol-delete v1%s; vol-delete v1%s; vol-list default-pool" % (p, p)],
        c + [mk + "vol-delete %s; vol-delete %s" % (path, path)],
        c + [mk + "vol-delete %s --delete-snapshots" % path],
        c + [mk + "vol-delete v1"], c + ["vol-delete", "nosuch"], c + ["vol-delete"],
        c + ["vol-delete", "v1", "--pool", "nosuch"],
        c + [mk + "pool-destroy default-pool; vol-delete v1%s; vol-delete %s" % (p, path)],
        r + [mk + "vol-delete v1%s" % p],
        q + [mk + "vol-delete v1%s" % p],
        # vol-wipe
        c + [mk + "vol-wipe v1%s" % p], c + [mk + "vol-wipe %s --algorithm zero" % path],
        c + [mk + "vol-wipe %s --algorithm dod" % path],
        c + [mk + "vol-wipe %s --algorithm trim" % path],
        c + [mk + "vol-wipe %s --algorithm bogus" % path],
        c + [mk + "vol-wipe %s --algorithm ''" % path],
        c + ["vol-wipe", "nosuch", "--algorithm", "bogus"], c + ["vol-wipe"],
        r + [mk + "vol-wipe v1%s" % p],
        # vol-info
        c + [mk + "vol-info v1%s; vol-info %s; vol-info --bytes %s" % (p, path, path)],
        c + [mk + "vol-info %s --physical" % path],
        c + [mk + "vol-info %s --physical --bytes" % path],
        c + [mk + "vol-info --vol v1 --pool %s" % POOL_UUID],
        c + ["vol-info", "nosuch"], c + ["vol-info", "nosuch", "--pool", "default-pool"],
        c + ["vol-info", "nosuch", "--pool", "nosuch"], c + ["vol-info"],
        c + ["vol-info", ""], c + ["vol-info", "v1", "--pool", ""],
        c + [mk + "pool-destroy default-pool; vol-info v1%s; vol-info %s" % (p, path)],
        r + [mk + "vol-info v1%s" % p],
        # vol-resize
        c + [mk + "vol-resize v1 20M%s" % p], c + [mk + "vol-resize %s 20M --allocate" % path],
        c + [mk + "vol-resize %s 5M --delta" % path],
        c + [mk + "vol-resize %s -- -1M" % path],
        c + [mk + "vol-resize %s --shrink -- -1M" % path],
        c + [mk + "vol-resize %s --shrink --capacity '  -1M'" % path],
        c + [mk + "vol-resize %s --capacity '  2M'" % path],
        c + [mk + "vol-resize %s --shrink 1M" % path],
        c + [mk + "vol-resize %s abc" % path], c + [mk + "vol-resize %s 1x" % path],
        c + [mk + "vol-resize %s ''" % path], c + [mk + "vol-resize %s --shrink -- --1" % path],
        c + [mk + "vol-resize %s" % path], c + ["vol-resize", "nosuch", "1M"],
        c + ["vol-resize"], r + [mk + "vol-resize v1 20M%s" % p],
        # vol-dumpxml
        c + [mk + "vol-dumpxml v1%s; vol-dumpxml %s" % (p, path)],
        c + [mk + "vol-dumpxml %s --xpath /volume/name" % path],
        c + [mk + "vol-dumpxml %s --xpath //capacity --wrap" % path],
        c + [mk + "vol-dumpxml %s --xpath /nothing" % path],
        c + [mk + "vol-dumpxml %s --xpath ''" % path],
        c + [mk + "vol-dumpxml %s --xpath 'string(/volume/name)'" % path],
        c + [mk + "vol-dumpxml %s --wrap" % path],
        c + ["vol-dumpxml", "nosuch"], c + ["vol-dumpxml", "nosuch", "--xpath", ""],
        c + ["vol-dumpxml"], r + [mk + "vol-dumpxml v1%s" % p],
        # vol-list
        c + ["vol-list", "default-pool"], c + ["vol-list", "default-pool", "--details"],
        c + ["vol-list", POOL_UUID], c + ["vol-list", "nosuch"], c + ["vol-list"],
        c + ["vol-list", ""],
        c + ["vol-create default-pool %s; vol-create default-pool %s; vol-create default-pool %s; "
             "vol-list default-pool; vol-list default-pool --details" % (v2, upper, v1)],
        c + ["pool-destroy default-pool; vol-list default-pool"],
        r + ["vol-list", "default-pool", "--details"],
        q + [mk + "vol-list default-pool; vol-list default-pool --details"],
        # vol-name / vol-pool / vol-key / vol-path
        c + [mk + "vol-name %s; vol-pool %s; vol-pool --uuid %s; vol-key v1%s; vol-path v1%s"
             % (path, path, path, p, p)],
        c + [mk + "vol-name v1"], c + [mk + "vol-pool v1"], c + [mk + "vol-key v1"],
        c + [mk + "vol-path v1"], c + [mk + "vol-key %s; vol-path %s" % (path, path)],
        c + ["vol-name", "nosuch"], c + ["vol-pool", "nosuch"], c + ["vol-key", "nosuch"],
        c + ["vol-path", "nosuch"], c + ["vol-key", "nosuch", "--pool", "default-pool"],
        c + ["vol-path", "nosuch", "--pool", "nosuch"],
        c + ["vol-name"], c + ["vol-pool"], c + ["vol-key"], c + ["vol-path"],
        c + ["vol-name", ""], c + ["vol-name", "x", "--pool", "default-pool"],
        c + [mk + "pool-destroy default-pool; vol-name %s; vol-pool %s; vol-key v1%s"
             % (path, path, p)],
        r + [mk + "vol-name %s; vol-pool %s; vol-key v1%s; vol-path v1%s" % (path, path, p, p)],
        # vol-upload / vol-download (the test driver has no streams for volumes)
        c + [mk + "vol-upload v1 %s%s" % (data, p)],
        c + [mk + "vol-upload %s %s --offset 10 --length 5 --sparse" % (path, data)],
        c + [mk + "vol-upload %s %s" % (path, missing)],
        c + [mk + "vol-upload %s %s --offset -1" % (path, data)],
        c + [mk + "vol-upload %s %s --length -1" % (path, data)],
        c + [mk + "vol-upload %s %s --offset abc" % (path, data)],
        c + [mk + "vol-upload %s %s --length 1x" % (path, data)],
        c + ["vol-upload", "nosuch", data], c + ["vol-upload", "nosuch", data, "--offset", "x"],
        c + ["vol-upload", "v1"], c + ["vol-upload"], c + [mk + "vol-upload %s ''" % path],
        c + [mk + "vol-download v1 %s%s" % (download, p)],
        c + [mk + "vol-download %s %s --offset 10 --length 5 --sparse" % (path, download)],
        c + [mk + "vol-download %s %s" % (path, data)],
        c + [mk + "vol-download %s %s" % (path, nodir)],
        c + [mk + "vol-download %s %s --offset -1" % (path, download)],
        c + [mk + "vol-download %s %s --length -1" % (path, download)],
        c + [mk + "vol-download %s %s --length 99999999999999999999" % (path, download)],
        c + ["vol-download", "nosuch", download], c + ["vol-download", "v1"],
        c + ["vol-download"],
        r + [mk + "vol-upload v1 %s%s" % (data, p)],
        r + [mk + "vol-download v1 %s%s" % (download, p)],
        # the custom test driver's volumes
        node + ["vol-list", "inline-pool", "--details"], node + ["vol-list", "filevg"],
        node + ["vol-info a.img --pool inline-pool; vol-info /inline/a.img --bytes"],
        node + ["vol-info", "--pool", "filevg", "/inline/a.img"],
        node + ["vol-info", "--pool", "inline-pool", "custom-key"],
        node + ["vol-info", "--pool", "filevg", "custom-key"],
        node + ["vol-key custom-key; vol-key /custom/b.img; vol-name custom-key; "
                "vol-path custom-key; vol-pool custom-key; vol-pool --uuid /custom/b.img"],
        node + ["vol-path --pool filevg lv1; vol-key lv1 filevg; vol-dumpxml lv1 --pool filevg"],
        node + ["vol-dumpxml", "--pool", "inline-pool", "b.img"],
        node + ["vol-dumpxml", "--pool", "inline-pool", "fromfile.qcow2"],
        node + ["vol-clone b.img c.img --pool inline-pool; vol-list inline-pool --details; "
                "vol-dumpxml c.img --pool inline-pool"],
        node + ["vol-create-from filevg %s b.img --inputpool inline-pool; vol-list filevg" % v2],
        node + ["vol-create-as inline-pool snap 1M --backing-vol b.img --print-xml"],
        node + ["vol-create-as filevg snap 1M --backing-vol custom-key --print-xml"],
        node + ["vol-delete custom-key; vol-list inline-pool"],
        node + ["vol-delete b.img --pool filevg"],
        nq + ["vol-list inline-pool --details; vol-delete a.img --pool inline-pool"],
        # the lookups' debug messages
        ["-d", "0"] + c + [mk + "vol-info v1%s; vol-name %s; vol-create-as default-pool v2 1M "
                           "--backing-vol v1 --print-xml; vol-create-as default-pool v2 1M "
                           "--backing-vol %s --print-xml" % (p, path, path)],
        ["-d", "1"] + c + ["vol-list default-pool; vol-info nosuch --pool default-pool"],
    ]
    # every volume fixture: created, listed, dumped, cloned
    for f in sorted(os.listdir(fix)):
        if f.startswith("vol-"):
            path = os.path.join(fix, f)
            yield c + ["vol-create default-pool %s; vol-list default-pool --details" % path]
            yield node + ["vol-create inline-pool %s; vol-list inline-pool --details; "
                          "vol-create filevg %s" % (path, path)]
