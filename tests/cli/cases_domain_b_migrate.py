# SPDX-License-Identifier: LGPL-2.1-or-later
"""Migration commands: migrate, migrate-setmaxdowntime, migrate-getmaxdowntime,
migrate-compcache, migrate-setspeed, migrate-getspeed, migrate-postcopy.
(The test driver cannot migrate: virsh's option checks, the destination
connection and the migration call's error are compared.)

virsh 9.0.0 runs the migration in a thread that may stop the main thread's
event loop before that loop runs; virsh then hangs forever (often enough to
matter here). Only invocations that fail before that thread starts are
compared by default; VIRTKIT_CLI_RACY=1 adds those that reach it (compare
them where a hung virsh can be retried)."""
import os

DEF = "test:///default"


def cases(fixtures, tmp):
    dxml = os.path.join(tmp, "domb_migrate.xml")
    with open(dxml, "w") as f:
        f.write("<domain type='test'><name>test</name><memory>8192</memory>"
                "<os><type>hvm</type></os></domain>\n")
    missing = os.path.join(tmp, "domb_missing.xml")
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    m = "migrate test %s " % DEF
    yield from [
        # option checks, lookups and the destination: no migration thread yet
        c + ["migrate", "test"], c + ["migrate"], c + ["migrate", "nosuch", DEF],
        c + [m + "--live --offline"], c + [m + "--timeout-suspend --timeout-postcopy"],
        c + [m + "--postcopy-after-precopy"], c + [m + "--postcopy-resume"],
        c + [m + "--timeout-postcopy"], c + [m + "--persistent-xml %s" % dxml],
        c + [m + "--tls-destination host"], c + [m + "--timeout 5"], c + [m + "--timeout -1"],
        c + [m + "--timeout x --live"], c + [m + "--timeout-suspend"],
        c + [m + "--timeout-postcopy --postcopy"], c + ["migrate test ''"],
        c + ["migrate test test:///" + missing.lstrip("/")],
        c + ["migrate test bogus:///x"],
        ["-k", "5", "-K", "3"] + c + [m.strip()],
        # the tunables
        c + ["migrate-setmaxdowntime", "test", "100"], c + ["migrate-setmaxdowntime", "test", "0"],
        c + ["migrate-setmaxdowntime", "test", "-1"], c + ["migrate-setmaxdowntime", "test", "x"],
        c + ["migrate-setmaxdowntime", "test"], c + ["migrate-setmaxdowntime", "nosuch", "1"],
        r + ["migrate-setmaxdowntime", "test", "1"],
        c + ["migrate-getmaxdowntime", "test"], c + ["migrate-getmaxdowntime", "nosuch"],
        c + ["migrate-getmaxdowntime"], r + ["migrate-getmaxdowntime", "test"],
        c + ["migrate-compcache", "test"], c + ["migrate-compcache", "test", "--size", "1048576"],
        c + ["migrate-compcache", "test", "--size", "-1"], c + ["migrate-compcache", "test", "--size", "x"],
        c + ["migrate-compcache", "test", "--size", ""], c + ["migrate-compcache", "nosuch"],
        r + ["migrate-compcache", "test"],
        c + ["migrate-setspeed", "test", "100"], c + ["migrate-setspeed", "test", "-1"],
        c + ["migrate-setspeed", "test", "100", "--postcopy"], c + ["migrate-setspeed", "test", "x"],
        c + ["migrate-setspeed", "test", "99999999999999999999"], c + ["migrate-setspeed", "test"],
        c + ["migrate-setspeed", "nosuch", "1"], r + ["migrate-setspeed", "test", "1"],
        c + ["migrate-getspeed", "test"], c + ["migrate-getspeed", "test", "--postcopy"],
        c + ["migrate-getspeed", "nosuch"], r + ["migrate-getspeed", "test"],
        c + ["migrate-postcopy", "test"], c + ["migrate-postcopy", "nosuch"], c + ["migrate-postcopy"],
        r + ["migrate-postcopy", "test"],
    ]
    if os.environ.get("VIRTKIT_CLI_RACY") == "1":
        yield from racy_cases(c, r, m, dxml, missing, tmp)


def racy_cases(c, r, m, dxml, missing, tmp):
    """Invocations where virsh reaches its migration thread."""
    return [
        # the destination connection, then the migration call
        c + [m.strip()], c + [m + "--live"], c + [m + "--offline"], c + [m + "--offline --persistent"],
        c + [m + "--p2p"], c + [m + "--direct"], c + [m + "--p2p --tunnelled"], c + [m + "--tunneled"],
        c + ["migrate --p2p test qemu+ssh://nowhere/system"], c + ["migrate --direct test tcp://x"],
        c + [m + "--copy-storage-all"], c + [m + "--copy-storage-inc"],
        c + [m + "--copy-storage-all --copy-storage-inc"],
        c + [m + "--copy-storage-synchronous-writes"],
        c + [m + "--copy-storage-all --copy-storage-synchronous-writes"],
        c + [m + "--copy-storage-inc --copy-storage-synchronous-writes --p2p"],
        c + [m + "--persistent --undefinesource --suspend --change-protection --unsafe"],
        c + [m + "--live --compressed --auto-converge --rdma-pin-all --abort-on-error --verbose"],
        c + [m + "--live --postcopy --postcopy-after-precopy"],
        c + [m + "--live --postcopy --postcopy-resume"], c + [m + "--zerocopy --parallel"],
        c + [m + "--live --timeout 5 --timeout-suspend"],
        c + [m + "--live --timeout 5 --postcopy --timeout-postcopy"],
        c + [m + "--tls --tls-destination h"], c + [m + "--tls --tls-destination ''"],
        c + [m + "--migrateuri tcp://h --graphicsuri spice://h --listen-address 0.0.0.0 --dname t2"],
        c + [m + "--migrateuri ''"], c + [m + "--dname ''"], c + [m + "--graphicsuri ''"],
        c + [m + "--disks-port 4000 --disks-uri tcp://h"], c + [m + "--disks-port x"],
        c + [m + "--disks-port 0"], c + [m + "--disks-uri ''"],
        c + [m + "--migrate-disks vda,vdb --copy-storage-all"], c + [m + "--migrate-disks ''"],
        c + [m + "--comp-methods xbzrle,mt --comp-mt-level 1 --comp-mt-threads 2 "
             "--comp-mt-dthreads 3 --comp-xbzrle-cache 1024"],
        c + [m + "--comp-mt-level x"], c + [m + "--comp-mt-threads 1.5"],
        c + [m + "--comp-mt-dthreads ''"], c + [m + "--comp-xbzrle-cache -1"],
        c + [m + "--xml %s" % dxml], c + [m + "--xml %s" % missing], c + [m + "--xml %s" % tmp],
        c + [m + "--persistent --persistent-xml %s" % dxml],
        c + [m + "--persistent --persistent-xml %s" % missing],
        c + [m + "--auto-converge-initial 10 --auto-converge-increment 5"],
        c + [m + "--auto-converge-initial x"], c + [m + "--auto-converge-increment 9999999999"],
        c + [m + "--postcopy-bandwidth 10 --bandwidth 20 --parallel-connections 4"],
        c + [m + "--postcopy-bandwidth -1"], c + [m + "--bandwidth x"],
        c + [m + "--parallel-connections y"],
        c + ["migrate", "--domain", "test", "--desturi", DEF, "--live", "--p2p"],
        r + [m.strip()], r + [m + "--p2p"],
        c + ["destroy test; " + m.strip()], c + ["destroy test; " + m + "--offline --persistent"],
        c + ["suspend test; " + m + "--live"],
    ]
