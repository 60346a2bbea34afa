# SPDX-License-Identifier: LGPL-2.1-or-later
"""Domain management commands (lifecycle and tuning), run through Debian's
virsh and virtkit-sh side by side."""
import os

DEF = "test:///default"


def cases(fixtures, tmp):
    yield from memtune_cases()
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    d = os.path.join(tmp, "doma")
    os.makedirs(d, exist_ok=True)
    dom = os.path.join(d, "dom.xml")
    with open(dom, "w") as f:
        f.write("<domain type='test'><name>newdom</name>"
                "<uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid><memory>8192</memory>"
                "<os><type>hvm</type></os></domain>\n")
    img = os.path.join(d, "s.img")
    core = os.path.join(d, "core")
    shot = os.path.join(d, "shot.png")
    nosuch = os.path.join(d, "nosuch")
    lines = [
        # destroy / start / undefine / define options
        "destroy test --graceful", "destroy test --remove-logs", "destroy nosuch --graceful",
        "destroy test; start test --paused; list", "destroy test; start test --autodestroy",
        "destroy test; start test --bypass-cache", "destroy test; start test --force-boot",
        "destroy test; start test --reset-nvram", "destroy test; start test --pass-fds 1,x",
        "destroy test; start test --pass-fds 0", "destroy test; start test --pass-fds 1,",
        "destroy test; start test --console", "start test --pass-fds x",
        "undefine test --delete-storage-volume-snapshots", "undefine test --nvram --keep-nvram",
        "undefine test --tpm --keep-tpm", "undefine test --wipe-storage",
        "undefine test --storage vda", "undefine test --remove-all-storage",
        "destroy test; undefine test --storage vda --remove-all-storage",
        "undefine test --managed-save --snapshots-metadata --checkpoints-metadata",
        "undefine test --nvram", "undefine test --keep-tpm --keep-nvram",
        "destroy test; undefine test --tpm; list --all", "define %s --validate" % dom,
        # autostart
        "autostart test", "autostart test --disable", "autostart nosuch", "autostart",
        # create
        "create %s" % dom, "create %s --paused; list" % dom, "create %s --pass-fds 1,x" % dom,
        "create %s --pass-fds 0" % dom, "create %s --validate" % dom, "create %s" % nosuch,
        "create %s --console --paused" % dom, "create %s --autodestroy" % dom,
        "create %s --reset-nvram" % dom, "create %s --pass-fds ''" % dom,
        # domrename
        "domrename test x", "destroy test; domrename test x; list --all", "domrename test ''",
        "domrename nosuch x",
        # dompmsuspend / dompmwakeup
        "dompmsuspend test mem", "dompmsuspend test bogus", "dompmsuspend test mem --duration x",
        "dompmsuspend test disk --duration 5", "dompmwakeup test", "dompmwakeup nosuch",
        # dump, save, managedsave: virsh's job watcher hangs for ever now and
        # then when the job ends before its loop starts, so only the failures
        # found before the job starts
        "dump test ''", "dump nosuch %s" % core, "dump", "dump test",
        # inject-nmi / reset
        "inject-nmi test", "inject-nmi nosuch", "reset test", "reset nosuch",
        "destroy test; reset test",
        "managedsave nosuch", "managedsave",
        "managedsave-remove test", "managedsave-dumpxml test", "managedsave-dumpxml nosuch",
        "managedsave-dumpxml test --xpath ''", "managedsave-dumpxml test --xpath //name --wrap",
        "managedsave-define test %s" % dom, "managedsave-define test %s --running" % dom,
        "managedsave-define test %s --running --paused" % dom,
        "managedsave-define test %s" % nosuch, "managedsave-remove nosuch",
        "save nosuch %s" % img, "save test ''", "save", "save test",
        # restore / save-image-*
        "save-image-define %s %s" % (nosuch, dom), "save-image-define %s %s" % (img, nosuch),
        "save-image-dumpxml %s" % nosuch, "save-image-dumpxml %s --xpath ''" % nosuch,
        "restore %s" % nosuch, "restore %s --paused" % nosuch,
        "restore %s --xml %s" % (nosuch, nosuch), "restore %s --reset-nvram" % nosuch,
        "restore %s --xml %s --running --bypass-cache" % (nosuch, dom),
        # screenshot
        "screenshot test %s" % shot, "screenshot test %s --screen 1" % shot,
        "screenshot test %s --screen x" % shot, "screenshot nosuch %s" % shot,
        "screenshot test /nonexistent/dir/x.png", "destroy test; screenshot test %s" % shot,
        # set-lifecycle-action
        "set-lifecycle-action test poweroff destroy", "set-lifecycle-action test bogus destroy",
        "set-lifecycle-action test crash bogus",
        "set-lifecycle-action test crash preserve --config; dumpxml test --xpath //on_crash",
        "set-lifecycle-action test crash preserve --current --live",
        "set-lifecycle-action test reboot rename-restart --live",
        # jobs
        "domjobabort test", "domjobabort test --postcopy", "domjobabort nosuch",
        "domjobinfo test", "domjobinfo test --completed", "domjobinfo test --keep-completed",
        "domjobinfo test --rawstats", "domjobinfo test --anystats", "domjobinfo nosuch",
        # domxml-from-native / domxml-to-native
        "domxml-from-native qemu-argv %s" % dom, "domxml-from-native qemu-argv %s" % nosuch,
        "domxml-to-native qemu-argv --domain test", "domxml-to-native qemu-argv %s" % dom,
        "domxml-to-native qemu-argv", "domxml-to-native qemu-argv %s --domain test" % dom,
        "domxml-to-native qemu-argv --domain nosuch",
        # vcpucount / vcpuinfo / vcpupin / emulatorpin
        "vcpucount test", "vcpucount test --maximum", "vcpucount test --live --config",
        "vcpucount test --current", "vcpucount test --active --current", "vcpucount test --guest",
        "vcpucount test --maximum --config", "vcpucount test --active --maximum",
        "vcpucount test --guest --config", "destroy test; vcpucount test", "vcpucount nosuch",
        "vcpuinfo test", "vcpuinfo test --pretty", "destroy test; vcpuinfo test",
        "destroy test; vcpuinfo test --pretty", "vcpuinfo nosuch",
        "vcpupin test", "vcpupin test 1", "vcpupin test 5", "vcpupin test 0 1-2",
        "vcpupin test 0 1-2; vcpupin test", "vcpupin test 0 r --config; vcpupin test --config",
        "vcpupin test 0 x", "vcpupin test 0 ^1", "vcpupin test 0 99", "vcpupin test 0 5000",
        "vcpupin test --cpulist 1", "vcpupin test --live --config", "vcpupin test 0 1 --current",
        "destroy test; vcpupin test --live", "vcpupin test x", "vcpupin test 0 '1,^1,3'",
        "emulatorpin test", "emulatorpin test 1-3; emulatorpin test",
        "emulatorpin test 1-3 --config; emulatorpin test --config", "emulatorpin test x",
        "emulatorpin test '0, 2 - 3'", "emulatorpin test 0 --live --current",
        "emulatorpin nosuch",
        # setvcpus / guestvcpus / setvcpu
        "setvcpus test 1; vcpucount test", "setvcpus test 0", "setvcpus test x",
        "setvcpus test 1 --maximum", "setvcpus test 1 --maximum --config; vcpucount test",
        "setvcpus test 1 --guest", "setvcpus test 3 --live", "setvcpus test 1 --hotpluggable",
        "setvcpus test 1 --current --live", "setvcpus nosuch 1",
        "guestvcpus test", "guestvcpus test --enable", "guestvcpus test --cpulist 1",
        "guestvcpus test --cpulist 1 --enable", "guestvcpus test --enable --disable",
        "setvcpu test 1", "setvcpu test 1 --enable", "setvcpu test 1 --enable --disable",
        "setvcpu test 1 --disable --config",
        # schedinfo
        "schedinfo test", "schedinfo test --weight 10", "schedinfo test --set weight=20",
        "schedinfo test --set weight", "schedinfo test --set cap=5", "schedinfo test --weight x",
        "schedinfo test --live --config", "schedinfo test --config",
        "schedinfo test --weight 10 --live --config", "schedinfo nosuch",
        "schedinfo test --current --live",
        # setmaxmem
        "setmaxmem test 1G", "destroy test; setmaxmem test 1G; dominfo test", "setmaxmem test x",
        "setmaxmem test 1G --config", "setmaxmem test 5x", "setmaxmem test 99999999999999T",
        "setmaxmem test 99999999999999999999", "setmaxmem nosuch 1G",
        # memtune / numatune / perf / blkiotune
        "memtune test", "memtune test --hard-limit 100", "memtune test --hard-limit x",
        "memtune test --hard-limit 10Q", "memtune test --hard-limit 99999999999999999T",
        "memtune test --soft-limit 5 --config", "memtune nosuch",
        "numatune test", "numatune test --mode interleave", "numatune test --mode bogus",
        "numatune test --nodeset 0", "numatune test --mode 0x1", "numatune test --config",
        "perf test", "perf test --enable cmt", "perf test --enable cmt,,mbmt --disable bogus",
        "perf test --config", "perf test --enable ''",
        "blkiotune test", "blkiotune test --weight 100", "blkiotune test --weight 0",
        "blkiotune test --weight x", "blkiotune test --device-weights /dev/sda,100",
        "blkiotune test --device-weights ''", "blkiotune test --config",
    ]
    for line in lines:
        yield c + [line]
    yield from [
        r + ["autostart", "test"], r + ["create", dom], r + ["managedsave", "test"],
        r + ["restore", img], r + ["setvcpus", "test", "1"], r + ["reset", "test"],
        r + ["vcpupin", "test", "0", "1"], r + ["memtune", "test", "--hard-limit", "5"],
        r + ["schedinfo", "test", "--weight", "5"], r + ["setmaxmem", "test", "1G"],
        q + ["emulatorpin test"], q + ["perf test"], q + ["vcpupin test"],
        q + ["autostart test; managedsave-remove test; create %s" % dom],
        q + ["restore %s; dompmsuspend test mem" % img],
    ]


def memtune_cases():
    """memtune's sizes: negative is unlimited, otherwise KiB rounded up."""
    c = ["-c", "test:///default"]
    for line in ("memtune test --hard-limit -1 --config; memtune test --config",
                 "memtune test --hard-limit 1G; memtune test",
                 "memtune test --soft-limit 1500; memtune test",
                 "memtune test --swap-hard-limit 1025b; memtune test"):
        yield c + [line]
