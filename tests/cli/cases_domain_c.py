# SPDX-License-Identifier: LGPL-2.1-or-later
"""Domain management commands (guest, metadata, display, IOThreads, CPU
statistics, undefine's storage removal and the qemu/lxc commands), run
through Debian's virsh and virtkit-sh side by side."""
import os

DEF = "test:///default"

# Volumes in a pool, and a domain whose disks use them in every way undefine
# looks them up (by path, by pool and name, an unknown pool, a file outside
# libvirt, a disk without source).
VOL_NODE = """<node>
  <domain type='test'><name>v1</name><memory>8192</memory><os><type>hvm</type></os><devices>
    <disk type='file' device='disk'><source file='/inline/a.img'/><target dev='vda'/></disk>
    <disk type='volume' device='disk'><source pool='inline-pool' volume='b.img'/><target dev='vdb'/></disk>
    <disk type='volume' device='disk'><source pool='nopool' volume='c.img'/><target dev='vdc'/></disk>
    <disk type='file' device='disk'><source file='/x/y.img'/><target dev='vdd'/></disk>
    <disk type='file' device='cdrom'><target dev='hdc'/></disk>
  </devices></domain>
  <pool type='dir'>
    <name>inline-pool</name>
    <uuid>35bb2ad9-388a-cdfe-461a-b8907f6e53fe</uuid>
    <target><path>/inline</path></target>
    <volume><name>a.img</name><capacity unit='M'>10</capacity></volume>
    <volume><name>b.img</name><capacity unit='M'>10</capacity></volume>
  </pool>
</node>
"""

# Running domains with every kind of graphics domdisplay knows.
GFX_NODE = """<node>
  <domain type='test'><name>g1</name><memory>8192</memory><os><type>hvm</type></os><devices>
    <graphics type='vnc' port='5901' listen='0.0.0.0' passwd='secret'/>
    <graphics type='spice' port='5902' tlsPort='5903' listen='::1' passwd='sp'/>
    <graphics type='rdp' port='3389' listen='10.0.0.1'/>
    <graphics type='dbus' address='unix:path=/run/x.sock'/>
    <console type='pty' tty='/dev/pts/7'><target type='serial'/></console>
  </devices></domain>
  <domain type='test'><name>g2</name><memory>8192</memory><os><type>hvm</type></os><devices>
    <graphics type='vnc' port='5905'><listen type='address' address='192.168.1.1'/></graphics>
    <graphics type='spice'><listen type='socket' socket='/run/spice.sock'/></graphics>
    <graphics type='dbus' address='tcp:host=x'/>
  </devices></domain>
  <domain type='test'><name>g3</name><memory>8192</memory><os><type>hvm</type></os><devices>
    <graphics type='vnc' port='5999' listen='::'/>
    <graphics type='spice' port='5910' listen='0'/>
  </devices></domain>
</node>
"""


def cases(fixtures, tmp):
    yield from agent_timeout_cases()
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    d = os.path.join(tmp, "domc")
    os.makedirs(d, exist_ok=True)

    def write(name, text, mode=0o644):
        path = os.path.join(d, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    vol_node = write("vol.xml", VOL_NODE)
    gfx_node = write("gfx.xml", GFX_NODE)
    keys = write("keys", "ssh-rsa AAAA a@b\nssh-ed25519 BBBB c@d\n")
    empty = write("empty", "")
    big = write("big", "a" * 70000)
    hdr = write("hdr", "header")
    # editors: change the first 'a', write a title with a newline, leave as is
    ed = write("ed.sh", '#!/bin/sh\nsed -i "s/a/Z/" "$1"\n', 0o755)
    edt = write("edt.sh", '#!/bin/sh\nprintf "new title\\n" > "$1"\n', 0o755)
    nosuch = os.path.join(d, "nosuch")

    lines = [
        # undefine's storage removal
        "destroy test; undefine test --remove-all-storage",
        "destroy test; undefine test --storage vda,foo --wipe-storage",
        "destroy test; undefine test --storage /guest/diskimage1",
        "destroy test; undefine test --storage foo,,bar",
        # domhostname
        "domhostname test", "domhostname test --source agent", "domhostname test --source lease",
        "domhostname test --source bogus", "domhostname test --source ''", "domhostname nosuch",
        # get-user-sshkeys / set-user-sshkeys / set-user-password
        "get-user-sshkeys test root", "get-user-sshkeys test ''", "get-user-sshkeys nosuch root",
        "set-user-sshkeys test root", "set-user-sshkeys test root --remove",
        "set-user-sshkeys test root --reset --remove --file %s" % keys,
        "set-user-sshkeys test root --reset", "set-user-sshkeys test root --file %s" % keys,
        "set-user-sshkeys test root --file %s --remove" % keys,
        "set-user-sshkeys test root --file %s" % nosuch, "set-user-sshkeys test root --file %s" % empty,
        "set-user-sshkeys test root --file %s" % d, "set-user-sshkeys test root --file ''",
        "set-user-password test root pw", "set-user-password test root pw --encrypted",
        "set-user-password test '' pw", "set-user-password nosuch root pw",
        # guestinfo
        "guestinfo test", "guestinfo test --hostname", "guestinfo test --os", "guestinfo nosuch",
        "guestinfo test --user --os --timezone --hostname --filesystem --disk --interface",
        # send-key
        "send-key test 1 2", "send-key test KEY_A KEY_B", "send-key test --codeset os_x ANSI_A",
        "send-key test --codeset win32 VK_A", "send-key test --codeset xt KEY_A",
        "send-key test --codeset xt 30", "send-key test --codeset rfb 30",
        "send-key test --codeset bogus 30", "send-key test --holdtime x 30",
        "send-key test --holdtime 100 30", "send-key test 0x10000", "send-key test -- -1",
        "send-key test 0x1e", "send-key test KEY_BOGUS", "send-key test --codeset usb 4",
        "send-key test 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
        "send-key test 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "send-key nosuch 1",
        # send-process-signal
        "send-process-signal test 1 kill", "send-process-signal test 1 SIGKILL",
        "send-process-signal test 1 sig_term", "send-process-signal test 1 9",
        "send-process-signal test 1 -5", "send-process-signal test 1 bogus",
        "send-process-signal test x kill", "send-process-signal test 1 ''",
        "send-process-signal test 1 rt32", "send-process-signal test 1 100",
        # launch security
        "domlaunchsecinfo test", "domlaunchsecinfo nosuch", "domsetlaunchsecstate test",
        "domsetlaunchsecstate test --secrethdr %s" % hdr,
        "domsetlaunchsecstate test --secrethdr %s --secret %s" % (hdr, hdr),
        "domsetlaunchsecstate test --secrethdr %s --secret %s" % (nosuch, hdr),
        "domsetlaunchsecstate test --secrethdr %s --secret %s" % (big, hdr),
        "domsetlaunchsecstate test --secrethdr %s --secret %s --set-address x" % (hdr, hdr),
        "domsetlaunchsecstate test --secrethdr %s --secret %s --set-address 5" % (hdr, hdr),
        "domsetlaunchsecstate test --secrethdr '' --secret %s" % hdr,
        # domdirtyrate-calc / dom-fd-associate
        "domdirtyrate-calc test", "domdirtyrate-calc test --seconds 5",
        "domdirtyrate-calc test --seconds x", "domdirtyrate-calc test --mode dirty-ring",
        "domdirtyrate-calc test --mode bogus", "domdirtyrate-calc nosuch",
        "dom-fd-associate test grp 1", "dom-fd-associate test grp 1,x",
        "dom-fd-associate test grp 0 --seclabel-writable --seclabel-restore",
        "dom-fd-associate test '' 1",
        # desc
        "desc test", "desc test --title", "desc test hello world; desc test",
        "desc test --title my title; desc test --title", "desc test ''; desc test",
        "desc test --config new; desc test --config; desc test --live",
        "desc test --live new; desc test --config", "desc test --current --live",
        "desc test --current --config x", "desc nosuch",
        "destroy test; desc test --live x",
        # metadata
        "metadata test http://x", "metadata test http://x --key k --set '<a/>'; metadata test http://x",
        "metadata test http://x --set '<a/>'", "metadata test http://x --key k --set 'bad'",
        "metadata test http://x --key k --set '<a/>'; metadata test http://x --remove; "
        "metadata test http://x",
        "metadata test http://x --remove", "metadata test http://x --edit --set x",
        "metadata test http://x --remove --set x", "metadata test http://x --remove --edit",
        "metadata test http://x --edit", "metadata test '' --key k",
        "metadata test http://x --key ''", "metadata test http://x --current --live",
        "metadata test http://x --config --key k --set '<a/>'; metadata test http://x --config; "
        "metadata test http://x --live",
        "metadata nosuch http://x",
        # IOThreads
        "iothreadinfo test", "iothreadinfo test --config", "iothreadinfo test --live",
        "iothreadinfo test --current --live", "iothreadinfo nosuch",
        "iothreadadd test 5; iothreadinfo test", "iothreadadd test 0", "iothreadadd test -- -1",
        "iothreadadd test x", "iothreadadd test 5 --config; iothreadinfo test --config",
        "iothreadadd test 5 --live --config; iothreadinfo test",
        "iothreadadd test 5 --current --config", "destroy test; iothreadadd test 5 --live",
        "iothreadadd test 5; iothreadadd test 5", "iothreaddel test 5",
        "iothreadadd test 5; iothreaddel test 5; iothreadinfo test", "iothreaddel test 0",
        "iothreaddel test x", "iothreadadd test 5 --config; iothreaddel test 5 --config",
        "iothreadadd test 5; iothreadpin test 5 0; iothreadinfo test",
        "iothreadadd test 5; iothreadpin test 5 0-1 --live", "iothreadpin test 5 0",
        "iothreadpin test x 0", "iothreadpin test 5 99", "iothreadpin test 5 bogus",
        "iothreadpin test 5 r", "iothreadpin test 5 ''",
        "iothreadadd test 5 --config; iothreadpin test 5 1 --config; iothreadinfo test --config",
        "iothreadset test 5", "iothreadset test 0 --poll-max-ns 5",
        "iothreadset test x --poll-max-ns 5", "iothreadadd test 5; iothreadset test 5 --poll-max-ns 5",
        "iothreadadd test 5; iothreadset test 5 --poll-max-ns 5 --poll-grow 2 --poll-shrink 3 "
        "--thread-pool-min 1 --thread-pool-max 4",
        "iothreadadd test 5; iothreadset test 5 --poll-grow x",
        "iothreadadd test 5; iothreadset test 5 --poll-shrink -- -1",
        "iothreadadd test 5; iothreadset test 5 --thread-pool-min -- -1",
        "iothreadadd test 5; iothreadset test 5 --thread-pool-max x",
        "iothreadadd test 5; iothreadset test 5 --poll-max-ns x",
        "iothreadadd test 5; iothreadset test 5 --poll-max-ns 5 --config",
        "iothreadset test 7 --poll-max-ns 5", "iothreadset nosuch 7 --poll-max-ns 5",
        # cpu-stats
        "cpu-stats test", "cpu-stats test --total", "cpu-stats test --start 0",
        "cpu-stats test --start -- -1", "cpu-stats test --start x", "cpu-stats test --count 1",
        "cpu-stats test --count -- -1", "cpu-stats test --start 100", "cpu-stats test --count 100",
        "cpu-stats test --start 1 --count 1 --total", "cpu-stats nosuch",
        "destroy test; cpu-stats test",
        # display commands on a domain without graphics
        "domdisplay test", "domdisplay nosuch", "vncdisplay test", "vncdisplay nosuch",
        "ttyconsole test", "ttyconsole nosuch", "destroy test; domdisplay test",
        "destroy test; vncdisplay test", "domdisplay test --all --type vnc",
        # qemu-attach / qemu-monitor-command / qemu-agent-command / lxc-enter-namespace
        "qemu-attach 1", "qemu-attach 0", "qemu-attach x", "qemu-attach -- -1",
        "qemu-attach 4294967295", "qemu-attach ''",
        "qemu-monitor-command test foo", "qemu-monitor-command test foo bar",
        "qemu-monitor-command test foo '\"a\":1'", "qemu-monitor-command test foo '{\"a\":1}'",
        "qemu-monitor-command test '{\"execute\":1}'", "qemu-monitor-command test '{\"execute\":1}' x",
        "qemu-monitor-command test foo '\"a\":1' 'x'", "qemu-monitor-command test --hmp --pretty x",
        "qemu-monitor-command test --hmp --return-value x",
        "qemu-monitor-command test --hmp x --pass-fds 1,x", "qemu-monitor-command test --hmp info",
        "qemu-monitor-command test x --pass-fds 0", "qemu-monitor-command test x --pass-fds ''",
        "qemu-monitor-command nosuch foo",
        "qemu-agent-command test x", "qemu-agent-command test '{\"execute\":\"guest-ping\"}' --timeout 5",
        "qemu-agent-command test x --timeout 0", "qemu-agent-command test x --timeout x",
        "qemu-agent-command test x --async --block", "qemu-agent-command test x --timeout 5 --block",
        "qemu-agent-command test x --async", "qemu-agent-command test x --block --pretty",
        "qemu-agent-command nosuch x",
        "lxc-enter-namespace test /bin/true", "lxc-enter-namespace test --noseclabel /bin/true -x",
        "lxc-enter-namespace nosuch /bin/true",
    ]
    for line in lines:
        yield c + [line]

    # QMP wrapping: every way the arguments fail to make a JSON object, as
    # separate words (no shell quoting to get in the way)
    for args in [
            ["[1"], ["1", "2"], ["1"], ['"a":1', '"a":2'], ['"a":1', '"b":{"a":1,"c":[1,2,{"a":2}]}'],
            ['"a":{"x":1,"x":2}'], ['"a":[1,{"b":1,"b":{}}]'], ['"a":{'], ['"a":tru'],
            ['"a":true', '"b":null', '"c":false', '"d":-1.5e+3'], ['"a":1}', "{"], ['"a\\x":1'],
            ['"a\\u00e9":1'], ['"a\\u00g9":1'], ['"a":-'], ['"a":1.'], ['"a":1e'], ['"a":1e+'],
            ['"a":01'], ['"a":/'], ['"a" 1'], ['"a":[1 2]'], ['"a":1 "b":2'], ['"a":1 true'],
            ['"a":"xy'], ['"a":"x\\u12g"'], ['"a":[1,"b":2]'], ['"a":[]', '"b":{}', '"c":[[]]'],
            ["]"], ["}"], [":"], [""], ['"a":@'], ['"' + "a" * 71 + '":1 x'], ['"a":"b\nc"', "x"],
            ['"a":[1,]'], ['"a":]'], ['"a":,'], ['"a":1,'], ['"a"'], ['"a":'],
            ['"a":"x\xe9"'], ['"a":"\x01"'], ['"a":"\t"'], ['"a":1', '"\\u0061":2'],
            ['"a":1' + " " * 40 + "x"], [" " * 50 + "x"], ['"a":\n@'], ['"a":nul'],
            ['"a":-0.5E-3'], ['"a":1', '"b":[1,2', '"c":3]'], ['"a":"\\/\\b\\f\\n\\r\\t\\"\\\\"'],
            ['"a":"\\u"'], ['"a":\v1'], ['"a":1e5x'], ['"x":tr'], ['"a":"\x7f"'], ['"a":1 ,"b":2'],
            ['"a":"x"y'], ['"a":-x'], ['"a":.5'], ['"a":+1']]:
        yield c + ["qemu-monitor-command", "test", "foo"] + args
    yield c + ["qemu-monitor-command", "test", '{"a":1', "x"]
    yield c + ["qemu-monitor-command", "test", '{"a":1}', '{"b":2}']

    # undefine with volumes libvirt manages
    vol = ["-c", "test://" + vol_node]
    for line in ["destroy v1; undefine v1 --remove-all-storage",
                 "destroy v1; undefine v1 --remove-all-storage --wipe-storage",
                 "destroy v1; undefine v1 --storage vdb,/inline/a.img",
                 "destroy v1; undefine v1 --storage vdb,/inline/a.img,zz",
                 "destroy v1; undefine v1 --storage vdc,vdd",
                 "destroy v1; undefine v1 --remove-all-storage --delete-storage-volume-snapshots; "
                 "list --all",
                 "undefine v1 --remove-all-storage"]:
        yield vol + [line]
        yield ["-q"] + vol + [line]

    # graphics and consoles
    gfx = ["-c", "test://" + gfx_node]
    for line in ["domdisplay g1", "domdisplay g1 --all", "domdisplay g1 --all --include-password",
                 "domdisplay g1 --include-password", "domdisplay g1 --type spice --include-password",
                 "domdisplay g1 --type rdp", "domdisplay g1 --type dbus", "domdisplay g1 --type bogus",
                 "domdisplay g1 --type ''", "domdisplay g2", "domdisplay g2 --all",
                 "domdisplay g2 --type dbus", "domdisplay g3 --all", "domdisplay g3",
                 "destroy g1; domdisplay g1", "vncdisplay g1", "vncdisplay g2", "vncdisplay g3",
                 "destroy g1; vncdisplay g1", "ttyconsole g1", "ttyconsole g2",
                 "destroy g1; ttyconsole g1"]:
        yield gfx + [line]
    yield ["-q"] + gfx + ["domdisplay g1 --all"]

    # editors for desc --edit and metadata --edit
    for editor, line in [
            (ed, "desc test --edit"), (edt, "desc test --title --edit"),
            (ed, "desc test abc --edit; desc test"), (edt, "desc test --title --edit; desc test --title"),
            (edt, "desc test --title new title --edit"), ("true", "desc test --edit"),
            ("false", "desc test --edit"), ("true", "desc test --title --edit"),
            (edt, "desc test --edit; desc test"), (ed, "desc nosuch --edit"),
            (ed, "metadata test http://x --edit"),
            (ed, "metadata test http://x --key k --set '<a>a</a>'; "
                 "metadata test http://x --key k --edit; metadata test http://x"),
            ("true", "metadata test http://x --key k --edit"),
            (edt, "metadata test http://x --key k --edit")]:
        yield (c + [line], None, {"EDITOR": editor})
    yield (q + ["desc test --edit"], None, {"EDITOR": ed})

    yield from [
        r + ["domhostname", "test"], r + ["set-user-password", "test", "root", "pw"],
        r + ["send-key", "test", "1"], r + ["desc", "test"], r + ["desc", "test", "x"],
        r + ["metadata", "test", "http://x", "--key", "k", "--set", "<a/>"],
        r + ["iothreadadd", "test", "5"], r + ["iothreadset", "test", "7", "--poll-max-ns", "5"],
        r + ["cpu-stats", "test"], r + ["qemu-attach", "5"], r + ["qemu-attach", "0"],
        r + ["qemu-monitor-command", "test", "foo"],
        r + ["qemu-monitor-command", "test", "foo", "--pass-fds", "0"],
        r + ["qemu-monitor-command", "test", "foo", "bar"], r + ["qemu-agent-command", "test", "x"],
        r + ["lxc-enter-namespace", "test", "/bin/true"],
        r + ["undefine", "test", "--remove-all-storage"],
        q + ["set-user-password test root pw"], q + ["iothreadinfo test"], q + ["desc test"],
        q + ["desc test x"], q + ["qemu-attach 1"],
        q + ["metadata test http://x --key k --set '<a/>'; metadata test http://x --remove"],
        q + ["domdirtyrate-calc test"],
    ]


def agent_timeout_cases():
    c = ["-c", "test:///default"]
    for args in (["test"], ["test", "--timeout", "5"], ["test", "--timeout", "x"], ["nosuch"],
                 ["test", "--timeout", "-2"]):
        yield c + ["guest-agent-timeout"] + args
    yield ["-r", "-c", "test:///default", "guest-agent-timeout", "test"]
