# SPDX-License-Identifier: LGPL-2.1-or-later
"""virsh's node device commands (nodedev-*), on the test driver's devices,
a vHBA created on its scsi_host1, and the custom nodedev-node.xml driver."""
import os
from caselib import write

DEF = "test:///default"
WWN = "2001001b32a9da4e,2101001b32a9da4e"  # the vHBA's wwnn,wwpn
HOST1 = "2000000012341234,1000000012341234"  # scsi_host1's



def cases(fixtures, tmp):
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    td = os.path.join(fixtures, "test_driver")
    node = ["-c", "test://" + os.path.join(td, "nodedev-node.xml")]
    vhba = write(tmp, "vhba.xml",
                 "<device>\n  <parent>scsi_host1</parent>\n"
                 "  <capability type='scsi_host'>\n    <capability type='fc_host'>\n"
                 "      <wwnn>2001001b32a9da4e</wwnn>\n      <wwpn>2101001b32a9da4e</wwpn>\n"
                 "    </capability>\n  </capability>\n</device>\n")
    noparent = write(tmp, "vhba-noparent.xml",
                     "<device>\n  <capability type='scsi_host'>\n"
                     "    <capability type='fc_host'>\n"
                     "      <wwnn>2001001b32a9da4e</wwnn>\n      <wwpn>2101001b32a9da4e</wwpn>\n"
                     "    </capability>\n  </capability>\n</device>\n")
    bad = os.path.join(td, "nodedev-bad.xml")
    net = os.path.join(td, "nodedev-net.xml")
    unclosed = write(tmp, "nodedev-unclosed.xml", "<device>\n")
    missing = os.path.join(tmp, "nosuch-dev.xml")
    yield from [
        # nodedev-list (the test driver refuses the active/inactive filters)
        c + ["nodedev-list"], c + ["nodedev-list", "--all"], c + ["nodedev-list", "--inactive"],
        c + ["nodedev-list", "--tree"], c + ["nodedev-list", "--tree", "--all"],
        c + ["nodedev-list", "--cap", "system"], c + ["nodedev-list", "--cap", "pci,net"],
        c + ["nodedev-list", "--cap", "scsi_host,fc_host,vports,drm,mdev_types,vpd", "--all"],
        c + ["nodedev-list", "--cap", "ap_card,ap_queue,ap_matrix,ccw,css,vdpa,mdev"],
        c + ["nodedev-list", "--cap", "usb_device,usb,scsi_target,scsi,storage,scsi_generic"],
        c + ["nodedev-list", "--cap", "bogus"], c + ["nodedev-list", "--cap", "system,"],
        c + ["nodedev-list", "--cap", "system,,pci"], c + ["nodedev-list", "--cap", ""],
        c + ["nodedev-list", "--cap", "System"],
        c + ["nodedev-list", "--all", "--inactive"],
        c + ["nodedev-list", "--all", "--inactive", "--tree", "--cap", "bogus"],
        c + ["nodedev-list", "--tree", "--cap", "system"],
        c + ["nodedev-list", "--tree", "--inactive"], c + ["nodedev-list", "--tree", "--cap", ""],
        c + ["nodedev-list", "--tree", "--cap", "bogus"], c + ["nodedev-list", "--inactive", "--cap", "bogus"],
        q + ["nodedev-list"], r + ["nodedev-list"], node + ["nodedev-list", "--tree"],
        c + ["nodedev-list", "x"],
        # nodedev-info
        c + ["nodedev-info", "computer"], c + ["nodedev-info", "scsi_host1"],
        c + ["nodedev-info", "nosuch"], c + ["nodedev-info"], c + ["nodedev-info", ""],
        c + ["nodedev-info", HOST1], c + ["nodedev-info", "0x" + HOST1],
        c + ["nodedev-info", "a,b"], c + ["nodedev-info", "a,b,c"], c + ["nodedev-info", "a,,b"],
        c + ["nodedev-info", "0123456789abcdef,xyz"], c + ["nodedev-info", "xyz,0123456789abcdef"],
        c + ["nodedev-info", "0123456789abcdeg,0123456789abcdef"],
        c + ["nodedev-info", "0123456789abcdef0,0123456789abcdef"], c + ["nodedev-info", ","],
        r + ["nodedev-info", "computer"], q + ["nodedev-info", "computer"],
        node + ["nodedev-info", "pci_0000_00_02_0"], node + ["nodedev-info", "block_sda"],
        c + ["nodedev-info computer; nodedev-info nosuch"],
        # nodedev-dumpxml
        c + ["nodedev-dumpxml", "computer"], c + ["nodedev-dumpxml", "scsi_host1"],
        c + ["nodedev-dumpxml", "nosuch"], c + ["nodedev-dumpxml"],
        c + ["nodedev-dumpxml", "computer", "--xpath", "//vendor"],
        c + ["nodedev-dumpxml", "computer", "--xpath", "//hardware", "--wrap"],
        c + ["nodedev-dumpxml", "computer", "--xpath", "//nosuch", "--wrap"],
        c + ["nodedev-dumpxml", "computer", "--xpath", ""],
        c + ["nodedev-dumpxml", "nosuch", "--xpath", ""],
        c + ["nodedev-dumpxml", HOST1], c + ["nodedev-dumpxml", "a,b,c"],
        c + ["nodedev-dumpxml", "--device", "computer", "--wrap"],
        r + ["nodedev-dumpxml", "computer"],
        node + ["nodedev-dumpxml", "block_sda"], node + ["nodedev-dumpxml", "net_eth0_00_11_22_33_44_55"],
        # nodedev-create / nodedev-destroy
        c + ["nodedev-create", vhba], c + ["nodedev-create", "--validate", vhba],
        c + ["nodedev-create", noparent], c + ["nodedev-create", bad], c + ["nodedev-create", net],
        c + ["nodedev-create", unclosed], c + ["nodedev-create", missing],
        c + ["nodedev-create", tmp], c + ["nodedev-create"], c + ["nodedev-create", ""],
        c + ["nodedev-create %s; nodedev-info scsi_host12; nodedev-dumpxml scsi_host12; "
             "nodedev-destroy scsi_host12; nodedev-destroy scsi_host12" % vhba],
        c + ["nodedev-create %s; nodedev-create %s" % (vhba, vhba)],
        c + ["nodedev-create %s; nodedev-destroy %s" % (vhba, WWN)],
        c + ["nodedev-create %s; nodedev-destroy --name scsi_host12" % vhba],
        q + ["nodedev-create %s; nodedev-destroy scsi_host12" % vhba],
        r + ["nodedev-create", vhba], r + ["nodedev-destroy", "scsi_host1"],
        c + ["nodedev-destroy", "scsi_host1"], c + ["nodedev-destroy", "computer"],
        c + ["nodedev-destroy", "nosuch"], c + ["nodedev-destroy"],
        c + ["nodedev-destroy", "a,b"], c + ["nodedev-destroy", HOST1],
        # nodedev-define / nodedev-undefine / nodedev-start / nodedev-autostart
        c + ["nodedev-define", vhba], c + ["nodedev-define", "--validate", vhba],
        c + ["nodedev-define", bad], c + ["nodedev-define", missing], c + ["nodedev-define"],
        r + ["nodedev-define", vhba],
        c + ["nodedev-undefine", "computer"], c + ["nodedev-undefine", "nosuch"],
        c + ["nodedev-undefine"], c + ["nodedev-undefine", "a,b"], r + ["nodedev-undefine", "computer"],
        c + ["nodedev-start", "computer"], c + ["nodedev-start", "nosuch"], c + ["nodedev-start"],
        c + ["nodedev-start", HOST1], r + ["nodedev-start", "computer"],
        c + ["nodedev-autostart", "computer"], c + ["nodedev-autostart", "computer", "--disable"],
        c + ["nodedev-autostart", "nosuch"], c + ["nodedev-autostart", "nosuch", "--disable"],
        c + ["nodedev-autostart"], c + ["nodedev-autostart", "a,b"],
        r + ["nodedev-autostart", "computer"],
        # nodedev-detach / nodedev-reattach / nodedev-reset
        c + ["nodedev-detach", "computer"], c + ["nodedev-detach", "computer", "--driver", "vfio"],
        c + ["nodedev-detach", "computer", "--driver", ""],
        c + ["nodedev-detach", "nosuch"], c + ["nodedev-detach", "nosuch", "--driver", "xen"],
        c + ["nodedev-detach"], c + ["nodedev-dettach", "computer"], c + ["nodedev-dettach"],
        c + ["nodedev-detach", HOST1], r + ["nodedev-detach", "computer"],
        node + ["nodedev-detach", "pci_0000_00_02_0"],
        node + ["nodedev-detach pci_0000_00_02_0 --driver vfio; nodedev-reattach pci_0000_00_02_0"],
        c + ["nodedev-reattach", "computer"], c + ["nodedev-reattach", "nosuch"],
        c + ["nodedev-reattach"], r + ["nodedev-reattach", "computer"],
        c + ["nodedev-reset", "computer"], c + ["nodedev-reset", "nosuch"], c + ["nodedev-reset"],
        r + ["nodedev-reset", "computer"], node + ["nodedev-reset", "pci_0000_00_02_0"],
    ]
