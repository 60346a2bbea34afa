# SPDX-License-Identifier: LGPL-2.1-or-later
"""Block and guest filesystem commands: blkdeviotune, blockcommit, blockcopy,
blockjob, blockpull, blockresize, domblkthreshold, domfsfreeze, domfsthaw,
domfsinfo, domfstrim. (The test driver has no block jobs: what virsh checks
before the call and the call's error are compared.)"""
import os

DEF = "test:///default"

COPY_XML = """<disk type='file'>
  <source file='/var/lib/copy.img'/>
  <driver type='qcow2'/>
</disk>
"""


def cases(fixtures, tmp):
    copy = os.path.join(tmp, "domb_copy.xml")
    with open(copy, "w") as f:
        f.write(COPY_XML)
    missing = os.path.join(tmp, "domb_missing.xml")
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    bc = "blockcopy test vda "
    yield from [
        # blkdeviotune
        c + ["blkdeviotune", "test", "vda"], c + ["blkdeviotune", "test", "vda", "--config"],
        c + ["blkdeviotune", "test", "vda", "--live"],
        c + ["blkdeviotune", "test", "vda", "--current", "--live"],
        c + ["blkdeviotune", "test", "vda", "--current", "--config"],
        c + ["blkdeviotune", "test", "vdz"], c + ["blkdeviotune", "test", "vdz", "--config"],
        c + ["blkdeviotune", "nosuch", "vda"], c + ["blkdeviotune", "test"],
        c + ["blkdeviotune", "test", ""],
        c + ["blkdeviotune test vda --total-bytes-sec 10M; blkdeviotune test vda"],
        c + ["blkdeviotune test vda --read-bytes-sec 1k --write-bytes-sec 2KB "
             "--read-bytes-sec-max 3G --write-bytes-sec-max 4 --total-bytes-sec-max 0; "
             "blkdeviotune test vda"],
        c + ["blkdeviotune test vda --total-iops-sec 100 --total-iops-sec-max 200 "
             "--total-iops-sec-max-length 3 --total-bytes-sec 5 --total-bytes-sec-max 6 "
             "--total-bytes-sec-max-length 7; blkdeviotune test vda"],
        c + ["blkdeviotune test vda --read-iops-sec 1 --write-iops-sec 2 --read-iops-sec-max 3 "
             "--write-iops-sec-max 4 --size-iops-sec 5 --read-iops-sec-max-length 6 "
             "--write-iops-sec-max-length 7 --read-bytes-sec 8 --read-bytes-sec-max 9 "
             "--read-bytes-sec-max-length 10; blkdeviotune test vda"],
        c + ["blkdeviotune test vda --group-name grp --total-iops-sec 9 --config; "
             "blkdeviotune test vda --config; blkdeviotune test vda"],
        c + ["blkdeviotune test vda --total_bytes_sec 5 --read_iops_sec 6 --group_name g; "
             "blkdeviotune test vda"],
        c + ["blkdeviotune", "test", "vda", "--total-bytes-sec", "1x"],
        c + ["blkdeviotune", "test", "vda", "--total-bytes-sec", "99999999999999999999"],
        c + ["blkdeviotune", "test", "vda", "--total-bytes-sec", "99999999999E"],
        c + ["blkdeviotune", "test", "vda", "--total-bytes-sec", "-1"],
        c + ["blkdeviotune", "test", "vda", "--total-iops-sec", "-1"],
        c + ["blkdeviotune", "test", "vda", "--total-iops-sec", "1k"],
        c + ["blkdeviotune", "test", "vda", "--size-iops-sec", ""],
        c + ["blkdeviotune", "test", "vda", "--group-name", ""],
        c + ["blkdeviotune", "test", "vda", "--total-bytes-sec", "5", "--read-bytes-sec", "5"],
        c + ["blkdeviotune", "test", "vda", "--total-iops-sec", "5", "--read-iops-sec", "5"],
        c + ["blkdeviotune", "test", "vdz", "--total-iops-sec", "5"],
        c + ["destroy test; blkdeviotune test vda; blkdeviotune test vda --live"],
        c + ["destroy test; blkdeviotune test vda --total-iops-sec 4; blkdeviotune test vda"],
        r + ["blkdeviotune", "test", "vda"], r + ["blkdeviotune", "test", "vda", "--total-iops-sec", "1"],
        q + ["blkdeviotune test vda --total-iops-sec 4; blkdeviotune test vda"],
        # blockcommit
        c + ["blockcommit", "test", "vda"], c + ["blockcommit", "test", "vda", "--active"],
        c + ["blockcommit", "test", "vda", "--wait"], c + ["blockcommit", "test", "vda", "--verbose"],
        c + ["blockcommit", "test", "vda", "--async"],
        c + ["blockcommit", "test", "vda", "--wait", "--verbose", "--async"],
        c + ["blockcommit", "test", "vda", "--pivot"], c + ["blockcommit", "test", "vda", "--keep-overlay"],
        c + ["blockcommit", "test", "vda", "--pivot", "--keep-overlay"],
        c + ["blockcommit", "test", "vda", "--timeout", "5", "--verbose"],
        c + ["blockcommit", "test", "vda", "--timeout", "0"],
        c + ["blockcommit", "test", "vda", "--timeout", "-1"],
        c + ["blockcommit", "test", "vda", "--timeout", "3000000"],
        c + ["blockcommit", "test", "vda", "--timeout", "x"],
        c + ["blockcommit", "test", "vda", "--base", "/b", "--top", "/t", "--shallow", "--delete",
             "--keep-relative", "--bandwidth", "10", "--bytes"],
        c + ["blockcommit", "test", "vda", "--base", ""], c + ["blockcommit", "test", "vda", "--top", ""],
        c + ["blockcommit", "test", "vda", "--bandwidth", "-1"],
        c + ["blockcommit", "test", "vda", "--bandwidth", "10M"],
        c + ["blockcommit", "test", "vda", "--bandwidth", "10x"],
        c + ["blockcommit", "test", "vda", "--bandwidth", "99999999999E"],
        c + ["blockcommit", "test", "vda", "--bandwidth", "abc"],
        c + ["blockcommit", "test", ""], c + ["blockcommit", "nosuch", "vda"], c + ["blockcommit", "test"],
        r + ["blockcommit", "test", "vda"],
        # blockcopy
        c + [bc + "/var/copy.img"], c + [bc + "--dest /var/copy.img --wait"],
        c + [bc + "--dest /var/copy.img --wait --verbose --pivot --async"],
        c + [bc + "--dest /var/copy.img --finish"], c + [bc + "--dest /var/copy.img --verbose"],
        c + [bc + "--dest /var/copy.img --async"], c + [bc + "--dest /var/copy.img --pivot --finish"],
        c + [bc + "--dest /var/copy.img --timeout 2 --verbose"],
        c + [bc + "--dest /var/copy.img --timeout 0"], c + [bc], c + [bc + "--dest ''"],
        c + [bc + "--dest /x --xml %s" % copy], c + [bc + "--format raw --xml %s" % copy],
        c + [bc + "--blockdev --xml %s" % copy], c + [bc + "--xml %s" % copy],
        c + [bc + "--xml %s --print-xml" % copy], c + [bc + "--xml %s" % missing],
        c + [bc + "--dest /var/copy.img --print-xml"],
        c + [bc + "--dest /dev/sdb --blockdev --format raw --print-xml"],
        c + [bc + "--dest \"/a'b&c\" --format 'q<2>' --print-xml"],
        c + [bc + "--dest /var/copy.img --raw"], c + [bc + "--dest /var/copy.img --format raw --blockdev"],
        c + [bc + "--dest /var/copy.img --format qcow2"],
        c + [bc + "--dest /var/copy.img --shallow --reuse-external --bandwidth 5 --bytes"],
        c + [bc + "--dest /var/copy.img --granularity 512 --buf-size 1024 --bandwidth 3"],
        c + [bc + "--dest /var/copy.img --granularity -1"], c + [bc + "--dest /var/copy.img --buf-size x"],
        c + [bc + "--dest /var/copy.img --transient-job --synchronous-writes"],
        c + [bc + "--dest /var/copy.img --transient-job --bandwidth 99999999999999"],
        c + [bc + "--dest /var/copy.img --transient-job --bandwidth 17592186044416"],
        c + [bc + "--dest /var/copy.img --transient-job --bandwidth 17592186044415"],
        c + [bc + "--dest /var/copy.img --bandwidth 1G"],
        c + ["blockcopy nosuch vda --dest /x"], c + ["blockcopy nosuch vda --dest /x --print-xml"],
        c + ["blockcopy test --dest /x"], r + [bc + "--dest /var/copy.img"],
        r + [bc + "--dest /var/copy.img --print-xml"],
        # blockjob
        c + ["blockjob", "test", "vda"], c + ["blockjob", "test", "vda", "--info"],
        c + ["blockjob", "test", "vda", "--raw"], c + ["blockjob", "test", "vda", "--bytes"],
        c + ["blockjob", "test", "vda", "--abort"], c + ["blockjob", "test", "vda", "--async"],
        c + ["blockjob", "test", "vda", "--pivot"], c + ["blockjob", "test", "vda", "--bandwidth", "10"],
        c + ["blockjob", "test", "vda", "--bandwidth", "10M", "--bytes"],
        c + ["blockjob", "test", "vda", "--bandwidth", "1x"],
        c + ["blockjob", "test", "vda", "--raw", "--abort"], c + ["blockjob", "test", "vda", "--raw", "--pivot"],
        c + ["blockjob", "test", "vda", "--raw", "--async"],
        c + ["blockjob", "test", "vda", "--raw", "--bandwidth", "1"],
        c + ["blockjob", "test", "vda", "--info", "--abort"],
        c + ["blockjob", "test", "vda", "--info", "--pivot"],
        c + ["blockjob", "test", "vda", "--info", "--async"],
        c + ["blockjob", "test", "vda", "--info", "--bandwidth", "1"],
        c + ["blockjob", "test", "vda", "--bytes", "--abort"],
        c + ["blockjob", "test", "vda", "--bytes", "--pivot"],
        c + ["blockjob", "test", "vda", "--bytes", "--async"],
        c + ["blockjob", "nosuch", "vda"], c + ["blockjob", "test"], c + ["blockjob", "test", ""],
        r + ["blockjob", "test", "vda"], r + ["blockjob", "test", "vda", "--abort"],
        # blockpull
        c + ["blockpull", "test", "vda"], c + ["blockpull", "test", "vda", "--wait"],
        c + ["blockpull", "test", "vda", "--verbose"], c + ["blockpull", "test", "vda", "--async"],
        c + ["blockpull", "test", "vda", "--wait", "--verbose", "--async", "--timeout", "3"],
        c + ["blockpull", "test", "vda", "--base", "/b"],
        c + ["blockpull", "test", "vda", "--keep-relative", "--bytes", "--bandwidth", "5"],
        c + ["blockpull", "test", "vda", "--bytes", "--bandwidth", "5M"],
        c + ["blockpull", "test", "vda", "--timeout", "0"],
        c + ["blockpull", "test", "vda", "--bandwidth", "q"],
        c + ["blockpull", "test", "vda", "--base", ""],
        c + ["blockpull", "nosuch", "vda"], c + ["blockpull", "test"],
        r + ["blockpull", "test", "vda"],
        # blockresize
        c + ["blockresize", "test", "vda", "1G"], c + ["blockresize", "test", "vda", "1000b"],
        c + ["blockresize", "test", "vda", "1024"], c + ["blockresize", "test", "vda", "0"],
        c + ["blockresize", "test", "vda", "1x"], c + ["blockresize", "test", "vda", "-1"],
        c + ["blockresize", "test", "vda", "99999999999999999E"],
        c + ["blockresize", "test", "vda", "99999999999999999999"],
        c + ["blockresize", "test", "vda", "x"], c + ["blockresize", "test", "vda", ""],
        c + ["blockresize", "test", "vda"], c + ["blockresize", "nosuch", "vda", "1"],
        c + ["blockresize", "test", "", "1"], c + ["blockresize", "--domain", "test", "--path", "vda",
                                                    "--size", "5M"],
        r + ["blockresize", "test", "vda", "1G"],
        # domblkthreshold
        c + ["domblkthreshold", "test", "vda", "100"], c + ["domblkthreshold", "test", "vda", "1G"],
        c + ["domblkthreshold", "test", "vda", "1x"], c + ["domblkthreshold", "test", "vda", "-1"],
        c + ["domblkthreshold", "test", "vda", "99999999999E"],
        c + ["domblkthreshold", "test", "vda"], c + ["domblkthreshold", "test", "", "1"],
        c + ["domblkthreshold", "nosuch", "vda", "1"], r + ["domblkthreshold", "test", "vda", "1"],
        # domfsinfo / domfsfreeze / domfsthaw / domfstrim
        c + ["domfsinfo", "test"], c + ["domfsinfo", "nosuch"], c + ["domfsinfo"],
        c + ["destroy test; domfsinfo test"], q + ["domfsinfo", "test"], r + ["domfsinfo", "test"],
        c + ["domfsfreeze", "test"], c + ["domfsfreeze", "test", "/"],
        c + ["domfsfreeze", "test", "/", "/boot"], c + ["domfsfreeze", "test", "--mountpoint", "/boot"],
        c + ["domfsfreeze", "test", "/nosuch"],
        c + ["domfsfreeze test; domfsfreeze test; domfsthaw test; domfsthaw test"],
        c + ["domfsfreeze test /; domfsthaw test /boot; domfsthaw test /"],
        c + ["domfsfreeze", "nosuch"], c + ["domfsfreeze"], c + ["destroy test; domfsfreeze test"],
        q + ["domfsfreeze test; domfsthaw test"], r + ["domfsfreeze", "test"],
        c + ["domfsthaw", "test"], c + ["domfsthaw", "test", "/boot"], c + ["domfsthaw", "test", "/x"],
        c + ["domfsthaw", "nosuch"], c + ["destroy test; domfsthaw test"], r + ["domfsthaw", "test"],
        c + ["domfstrim", "test"], c + ["domfstrim", "test", "--minimum", "1024"],
        c + ["domfstrim", "test", "--mountpoint", "/"], c + ["domfstrim", "test", "--minimum", "-1"],
        c + ["domfstrim", "test", "--minimum", "x"], c + ["domfstrim", "test", "--mountpoint", ""],
        c + ["domfstrim", "nosuch"], c + ["destroy test; domfstrim test"], r + ["domfstrim", "test"],
    ]
