# SPDX-License-Identifier: LGPL-2.1-or-later
"""virsh's host interface commands (iface-*), on the test driver's eth1, on
interfaces defined from files, and on the custom iface-node.xml driver."""
import os
from caselib import write

DEF = "test:///default"
MAC = "aa:bb:cc:dd:ee:ff"  # eth1's



def cases(fixtures, tmp):
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    td = os.path.join(fixtures, "test_driver")
    node = ["-c", "test://" + os.path.join(td, "iface-node.xml")]
    eth1 = os.path.join(td, "iface-eth1.xml")
    bridge = os.path.join(td, "iface-bridge.xml")
    bad = os.path.join(td, "iface-bad.xml")
    eth5 = write(tmp, "eth5.xml",
                 "<interface type='ethernet' name='eth5'>\n  <start mode='none'/>\n"
                 "  <mac address='52:54:00:00:00:05'/>\n</interface>\n")
    unclosed = write(tmp, "iface-unclosed.xml", "<interface type='ethernet' name='x'>\n")
    missing = os.path.join(tmp, "nosuch-iface.xml")
    yield from [
        # iface-list
        c + ["iface-list"], c + ["iface-list", "--all"], c + ["iface-list", "--inactive"],
        c + ["iface-list", "--all", "--inactive"], c + ["iface-list", "--bogus"],
        c + ["iface-destroy eth1; iface-list; iface-list --inactive; iface-list --all"],
        c + ["iface-define %s; iface-list --all; iface-start eth5; iface-list" % eth5],
        q + ["iface-list --all"], r + ["iface-list", "--all"],
        node + ["iface-list", "--all"], node + ["iface-list", "--inactive"],
        # iface-name / iface-mac
        c + ["iface-name", MAC], c + ["iface-name", "AA:BB:CC:DD:EE:FF"],
        c + ["iface-name", "eth1"], c + ["iface-name", "00:11:22:33:44:55"],
        c + ["iface-name", "aa:bb:cc:dd:ee"], c + ["iface-name", "aa:bb:cc:dd:ee:ff:00"],
        c + ["iface-name", "a:b:c:d:e:f"], c + ["iface-name", "aa:bb:cc:dd:ee:ff "],
        c + ["iface-name", "+a:bb:cc:dd:ee:ff"], c + ["iface-name", "aaa:bb:cc:dd:ee:ff"],
        c + ["iface-name"], c + ["iface-name", ""],
        c + ["iface-mac", "eth1"], c + ["iface-mac", MAC], c + ["iface-mac", "nosuch"],
        c + ["iface-mac"], c + ["iface-mac", "--interface", "eth1"],
        c + ["iface-destroy eth1; iface-mac eth1; iface-name %s" % MAC],
        r + ["iface-mac eth1; iface-name %s" % MAC],
        # (iface-name on iface-node.xml: Debian's test driver compares br0's
        # missing MAC with g_ascii_strcasecmp, which logs a GLib-CRITICAL.)
        node + ["iface-mac", "eth0"], node + ["iface-mac", "br0"],
        # iface-dumpxml
        c + ["iface-dumpxml", "eth1"], c + ["iface-dumpxml", MAC], c + ["iface-dumpxml", "nosuch"],
        c + ["iface-dumpxml", "eth1", "--inactive"], c + ["iface-dumpxml"],
        c + ["iface-dumpxml", "00:00:00:00:00:00"],
        c + ["iface-dumpxml", "eth1", "--xpath", "//mac/@address"],
        c + ["iface-dumpxml", "eth1", "--xpath", "//ip", "--wrap"],
        c + ["iface-dumpxml", "eth1", "--xpath", "//nosuch", "--wrap"],
        c + ["iface-dumpxml", "eth1", "--xpath", ""],
        c + ["iface-dumpxml", "eth1", "--xpath", "count(//ip)"],
        c + ["iface-dumpxml", "eth1", "--wrap"], c + ["iface-dumpxml", "nosuch", "--xpath", ""],
        r + ["iface-dumpxml", "eth1"], node + ["iface-dumpxml", "br0"],
        node + ["iface-dumpxml", "eth0"],
        # iface-define / iface-undefine
        c + ["iface-define", eth5], c + ["iface-define", eth1], c + ["iface-define", bridge],
        c + ["iface-define", bad], c + ["iface-define", unclosed], c + ["iface-define", missing],
        c + ["iface-define", tmp], c + ["iface-define"], c + ["iface-define", ""],
        c + ["iface-define", "--validate", eth5], c + ["iface-define", "--validate", bad],
        c + ["iface-define %s; iface-dumpxml br0; iface-list --all" % bridge],
        c + ["iface-define %s; iface-define %s; iface-list --all" % (eth5, eth5)],
        q + ["iface-define %s; iface-undefine eth5" % eth5], r + ["iface-define", eth5],
        c + ["iface-undefine", "eth1"], c + ["iface-destroy eth1; iface-undefine eth1; iface-list --all"],
        c + ["iface-undefine", MAC], c + ["iface-undefine", "nosuch"], c + ["iface-undefine"],
        c + ["iface-define %s; iface-undefine eth5; iface-undefine eth5" % eth5],
        r + ["iface-undefine", "eth1"],
        # iface-start / iface-destroy
        c + ["iface-start", "eth1"], c + ["iface-destroy", "eth1"], c + ["iface-destroy", MAC],
        c + ["iface-destroy eth1; iface-destroy eth1"],
        c + ["iface-destroy eth1; iface-start eth1; iface-list"],
        c + ["iface-destroy eth1; iface-start %s" % MAC],
        c + ["iface-start", "nosuch"], c + ["iface-destroy", "nosuch"],
        c + ["iface-start"], c + ["iface-destroy"],
        q + ["iface-destroy eth1; iface-start eth1"],
        r + ["iface-destroy", "eth1"], r + ["iface-start", "eth1"],
        c + ["iface-define %s; iface-start eth5; iface-start eth5; iface-destroy eth5" % eth5],
        # iface-begin / iface-commit / iface-rollback
        c + ["iface-begin"], c + ["iface-commit"], c + ["iface-rollback"],
        c + ["iface-begin; iface-begin"], c + ["iface-begin; iface-commit; iface-commit"],
        c + ["iface-begin; iface-destroy eth1; iface-undefine eth1; iface-rollback; iface-list --all"],
        c + ["iface-begin; iface-define %s; iface-commit; iface-rollback; iface-list --all" % eth5],
        q + ["iface-begin; iface-rollback"], r + ["iface-begin"], r + ["iface-commit"],
        r + ["iface-rollback"], c + ["iface-begin", "x"],
        # iface-bridge / iface-unbridge (the test driver has no inactive XML)
        c + ["iface-bridge", "eth1", "br0"], c + ["iface-bridge", "eth1", "br0", "--no-stp"],
        c + ["iface-bridge", "eth1", "br0", "--delay", "5", "--no-start"],
        c + ["iface-bridge", "eth1", "br0", "--delay", "-1"],
        c + ["iface-bridge", "eth1", "br0", "--delay", "x"],
        c + ["iface-bridge", "eth1", "eth1"], c + ["iface-bridge", "nosuch", "br0"],
        c + ["iface-bridge", MAC, "br0"], c + ["iface-bridge", "eth1"], c + ["iface-bridge"],
        c + ["iface-bridge", "eth1", ""],
        c + ["iface-define %s; iface-bridge eth1 br0; iface-bridge eth1 eth2" % bridge],
        r + ["iface-bridge", "eth1", "br0"],
        c + ["iface-unbridge", "eth1"], c + ["iface-unbridge", "nosuch"], c + ["iface-unbridge"],
        c + ["iface-unbridge", MAC], c + ["iface-unbridge", "eth1", "--no-start"],
        c + ["iface-define %s; iface-unbridge br0" % bridge], r + ["iface-unbridge", "eth1"],
    ]
