# SPDX-License-Identifier: LGPL-2.1-or-later
"""Domain device commands: attach-device, attach-disk, attach-interface,
detach-device, detach-device-alias, detach-disk, detach-interface,
update-device, update-memory-device, change-media, domif-setlink, domiftune.
(On the test driver, attaching and detaching fail; what virsh builds and
finds first is compared, mostly through --print-xml.)"""
import os

DEF = "test:///default"

DEV_DOMAIN = """<domain type='test'>
  <name>dev</name>
  <uuid>11111111-2222-3333-4444-555555555555</uuid>
  <maxMemory slots='16' unit='KiB'>8388608</maxMemory>
  <memory unit='KiB'>2621440</memory>
  <vcpu>2</vcpu>
  <cpu><numa><cell id='0' cpus='0' memory='1048576' unit='KiB'/>
  <cell id='1' cpus='1' memory='1048576' unit='KiB'/></numa></cpu>
  <os><type>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><source file='/var/a.img'/><target dev='vda' bus='virtio'/>
      <backingStore type='file'><format type='raw'/><source file='/var/base.img'/></backingStore>
    </disk>
    <disk type='file' device='cdrom'><source file='/var/cd.iso' startupPolicy='optional'/>
      <target dev='hdc' bus='ide'/><readonly/></disk>
    <disk type='file' device='floppy'><target dev='fda'/></disk>
    <disk type='block' device='cdrom'><source dev='/dev/sr0'/><target dev='hdd' bus='ide'/></disk>
    <interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/></interface>
    <interface type='network'><mac address='52:54:00:00:00:02'/><source network='default'/>
      <target dev='vnet5'/><link state='up'/></interface>
    <interface type='bridge'><mac address='52:54:00:00:00:03'/><source bridge='br0'/></interface>
    <interface type='bridge'><mac address='52:54:00:00:00:03'/><source bridge='br1'/></interface>
    <memory model='dimm'><target><size unit='KiB'>524288</size><node>0</node></target>
      <alias name='ua-dimm0'/></memory>
    <memory model='virtio-mem'><target><size unit='KiB'>1048576</size><node>1</node>
      <block unit='KiB'>2048</block><requested unit='KiB'>524288</requested></target>
      <alias name='ua-vmem'/></memory>
  </devices>
</domain>
"""

DISK = """<disk type='file' device='disk'>
  <source file='/var/lib/new.img'/>
  <target dev='vdb' bus='virtio'/>
</disk>
"""


def cases(fixtures, tmp):
    dev = os.path.join(tmp, "domb_dev.xml")
    with open(dev, "w") as f:
        f.write(DEV_DOMAIN)
    disk = os.path.join(tmp, "domb_disk.xml")
    with open(disk, "w") as f:
        f.write(DISK)
    missing = os.path.join(tmp, "domb_missing.xml")
    d = "define %s; " % dev
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    pdisk = "attach-disk test /var/x.img vdb --print-xml"
    pif = "attach-interface test network default --print-xml"
    yield from [
        # attach-device / detach-device / update-device
        c + ["attach-device", "test", disk], c + ["attach-device", "test", disk, "--config"],
        c + ["attach-device", "test", disk, "--live"], c + ["attach-device", "test", disk, "--current"],
        c + ["attach-device", "test", disk, "--persistent"],
        c + ["attach-device", "test", disk, "--persistent", "--current"],
        c + ["attach-device", "test", disk, "--current", "--live"],
        c + ["attach-device", "test", disk, "--current", "--config"],
        c + ["attach-device", "test", missing], c + ["attach-device", "test", tmp],
        c + ["attach-device", "nosuch", disk], c + ["attach-device", "test"], c + ["attach-device"],
        c + ["attach-device", "test", "--file", ""], r + ["attach-device", "test", disk],
        c + ["destroy test; attach-device test %s --persistent" % disk],
        c + ["detach-device", "test", disk], c + ["detach-device", "test", disk, "--config", "--live"],
        c + ["detach-device", "test", disk, "--persistent"], c + ["detach-device", "test", missing],
        c + ["detach-device", "nosuch", missing], c + ["detach-device", "test", disk, "--current"],
        c + ["detach-device", "test", disk, "--persistent", "--current"], c + ["detach-device"],
        r + ["detach-device", "test", disk],
        c + ["update-device", "test", disk], c + ["update-device", "test", disk, "--force"],
        c + ["update-device", "test", disk, "--persistent", "--force"],
        c + ["update-device", "test", disk, "--config", "--live"],
        c + ["update-device", "test", missing], c + ["update-device", "nosuch", disk],
        c + ["update-device", "test", disk, "--current", "--live"], c + ["update-device", "test"],
        r + ["update-device", "test", disk],
        # detach-device-alias
        c + ["detach-device-alias", "test", "ua-x"],
        c + ["detach-device-alias", "test", "ua-x", "--config", "--live"],
        c + ["detach-device-alias", "test", "ua-x", "--current"],
        c + ["detach-device-alias", "test", "ua-x", "--current", "--config"],
        c + ["detach-device-alias", "test", ""], c + ["detach-device-alias", "nosuch", "x"],
        c + ["detach-device-alias", "test"], r + ["detach-device-alias", "test", "ua-x"],
        # attach-disk
        c + ["attach-disk", "test", "/var/x.img", "vdb"],
        c + ["attach-disk", "test", "/var/x.img", "vdb", "--config"],
        c + ["attach-disk", "test", "/var/x.img", "vdb", "--persistent"],
        c + ["attach-disk", "test", "/var/x.img", "vdb", "--live", "--current"],
        c + ["attach-disk", "test", "/var/x.img", "vdb", "--persistent", "--current"],
        c + ["attach-disk", "nosuch", "/var/x.img", "vdb"], c + ["attach-disk", "test", "/x"],
        c + ["attach-disk"], r + ["attach-disk", "test", "/var/x.img", "vdb"],
        c + ["destroy test; attach-disk test /var/x.img vdb --persistent"],
        c + [pdisk], c + ["attach-disk nosuch /var/x.img vdb --print-xml"],
        c + [pdisk + " --driver qemu --subdriver qcow2 --iothread 2 --cache none --io native"],
        c + [pdisk + " --type cdrom --mode readonly --targetbus ide --serial S1 --alias ua-d"],
        c + [pdisk + " --shareable --rawio --wwn 0x5000c50015ea71ac"],
        c + [pdisk + " --wwn 5000c50015ea71ac"], c + [pdisk + " --wwn 5000c500"],
        c + [pdisk + " --wwn 0x5000c50015ea71acff"], c + [pdisk + " --mode bogus"],
        c + [pdisk + " --address pci:0000.00.0a.0"],
        c + [pdisk + " --address pci:0.1.2.3 --multifunction"],
        c + [pdisk + " --address pci:0x0.0x1.0x1f.0x7"],
        c + [pdisk + " --address ccw:fe.0.0001"], c + [pdisk + " --address scsi:0.0.0"],
        c + [pdisk + " --address usb:1.2"], c + [pdisk + " --address ide:0.1.0"],
        c + [pdisk + " --address bogus:0.0.0"], c + [pdisk + " --address nocolon"],
        c + [pdisk + " --address pci:x.0.0.0"], c + [pdisk + " --address pci:-1.0.0.0"],
        c + ["attach-disk test /x sdb --print-xml --address scsi:1.2.3"],
        c + ["attach-disk test /x sdb --print-xml --address usb:1.2"],
        c + ["attach-disk test /x sdb --print-xml --address sata:1.2.3"],
        c + ["attach-disk test /x sdb --print-xml --address pci:0.0.1.0"],
        c + ["attach-disk test /x hdb --print-xml --address ide:0.1.0"],
        c + ["attach-disk test /x hdb --print-xml --address scsi:0.1.0"],
        c + ["attach-disk test /x xvdb --print-xml --address usb:3.4"],
        c + ["attach-disk test /x vdb --print-xml --address usb:3.4"],
        c + ["attach-disk test /dev/null vdb --print-xml"],
        c + ["attach-disk test /dev/null vdb --print-xml --driver file"],
        c + ["attach-disk test /dev/null vdb --print-xml --sourcetype block"],
        c + ["attach-disk test /x vdb --print-xml --sourcetype file"],
        c + ["attach-disk test /x vdb --print-xml --sourcetype bogus"],
        c + ["attach-disk test /x vdb --print-xml --sourcetype network"],
        c + ["attach-disk test /x vdb --print-xml --sourcetype ''"],
        c + ["attach-disk test pool/vol vdb --print-xml --source-protocol rbd"],
        c + ["attach-disk test pool/vol vdb --print-xml --source-protocol rbd "
             "--source-host-name mon.example:6789"],
        c + ["attach-disk test vol vdb --print-xml --source-protocol nbd --sourcetype network "
             "--source-host-name h"],
        c + ["attach-disk test vol vdb --print-xml --source-protocol nbd "
             "--source-host-transport unix --source-host-socket /run/nbd.sock"],
        c + ["attach-disk test vol vdb --print-xml --source-protocol nbd --sourcetype file"],
        c + ["attach-disk test vol vdb --print-xml --source-host-name h"],
        c + ["attach-disk test vol vdb --print-xml --source-host-transport tcp"],
        c + ["attach-disk test vol vdb --print-xml --source-host-socket /s --source-protocol nbd"],
        c + ["attach-disk test vol vdb --print-xml --source-protocol nbd --source-host-name h "
             "--source-host-transport unix --source-host-socket /s"],
        c + ["attach-disk test '' vdb --print-xml"],
        c + ["attach-disk test \"/a'b&c<d>\" vdb --print-xml --driver 'q\"e'"],
        c + ["attach-disk test /x vdb --print-xml --serial ''"],
        c + ["attach-disk test /x '' --print-xml"],
        c + ["attach-disk --domain test --source /x --target vdc --targetbus scsi --print-xml"],
        c + [pdisk + " --config --live"], c + [pdisk + " --current --config"],
        q + [pdisk], q + ["attach-disk test /var/x.img vdb"],
        # attach-interface
        c + ["attach-interface", "test", "network", "default"],
        c + ["attach-interface", "test", "network", "default", "--config"],
        c + ["attach-interface", "test", "bridge", "br0", "--persistent"],
        c + ["attach-interface", "nosuch", "network", "default"],
        c + ["attach-interface", "test", "network"], c + ["attach-interface"],
        r + ["attach-interface", "test", "network", "default"],
        c + [pif], c + ["attach-interface test bridge br0 --print-xml --managed"],
        c + ["attach-interface test direct eth0 --print-xml"],
        c + ["attach-interface test hostdev 0000:00:05.0 --print-xml"],
        c + ["attach-interface test hostdev 0000:00:05.0 --print-xml --managed"],
        c + ["attach-interface test hostdev bogus --print-xml"],
        c + ["attach-interface test vhostuser /run/vhost.sock --print-xml --source-mode server"],
        c + ["attach-interface test vhostuser /run/vhost.sock --print-xml --source-mode client"],
        c + ["attach-interface test vhostuser /run/vhost.sock --print-xml"],
        c + ["attach-interface test vhostuser /s --print-xml --source-mode bogus"],
        c + ["attach-interface test user x --print-xml"],
        c + ["attach-interface test ethernet x --print-xml"],
        c + ["attach-interface test bogus x --print-xml"],
        c + ["attach-interface test '' x --print-xml"],
        c + [pif + " --target vnet7 --mac 52:54:00:aa:bb:cc --script /etc/qemu-ifup "
             "--model virtio --alias ua-net"],
        c + [pif + " --inbound 100"], c + [pif + " --inbound 100,200,300,400"],
        c + [pif + " --inbound ,,,50"], c + [pif + " --inbound ,200"],
        c + [pif + " --inbound 1,2,3,4,5"], c + [pif + " --inbound x"],
        c + [pif + " --inbound 1,y"], c + [pif + " --inbound 1,2,z"], c + [pif + " --inbound 1,2,3,w"],
        c + [pif + " --inbound -1"], c + [pif + " --inbound ''"],
        c + [pif + " --outbound 100"], c + [pif + " --outbound 100,200,300"],
        c + [pif + " --outbound 0,1"], c + [pif + " --outbound 100,,,5"],
        c + [pif + " --inbound 10,20 --outbound 30,40"],
        c + [pif + " --inbound 0,0,0,0"],
        c + [pif + " --current --live"], c + [pif + " --persistent --current"],
        q + ["attach-interface test network default"],
        # detach-disk
        c + ["detach-disk", "test", "vda"], c + ["detach-disk", "test", "vda", "--print-xml"],
        c + ["detach-disk", "test", "/guest/diskimage1", "--print-xml"],
        c + ["detach-disk", "test", "vdz"], c + ["detach-disk", "test", "vda", "--config"],
        c + ["detach-disk", "test", "vda", "--config", "--print-xml"],
        c + ["detach-disk", "test", "vda", "--live", "--config"],
        c + ["detach-disk", "test", "vda", "--persistent"],
        c + ["detach-disk", "test", "vda", "--current"],
        c + ["detach-disk", "test", "vda", "--current", "--live"],
        c + ["detach-disk", "test", "vda", "--persistent", "--current"],
        c + ["detach-disk", "nosuch", "vda"], c + ["detach-disk", "test"], c + ["detach-disk"],
        c + ["detach-disk", "test", ""], r + ["detach-disk", "test", "vda"],
        r + ["detach-disk", "test", "vda", "--print-xml"],
        c + [d + "detach-disk dev vda --print-xml"], c + [d + "detach-disk dev /var/a.img --print-xml"],
        c + [d + "detach-disk dev hdc --print-xml --config"],
        c + [d + "detach-disk dev /dev/sr0 --print-xml"], c + [d + "detach-disk dev fda"],
        c + [d + "detach-disk dev /var/base.img"],
        c + [d + "start dev; detach-disk dev hdd --print-xml --persistent"],
        # detach-interface
        c + ["detach-interface", "test", "network"],
        c + ["detach-interface", "test", "network", "--print-xml"],
        c + ["detach-interface", "test", "network", "--config", "--print-xml"],
        c + ["detach-interface", "test", "network", "--config"],
        c + ["detach-interface", "test", "network", "--live", "--config"],
        c + ["detach-interface", "test", "network", "--persistent"],
        c + ["detach-interface", "test", "network", "--persistent", "--print-xml"],
        c + ["detach-interface", "test", "network", "--live", "--print-xml"],
        c + ["detach-interface", "test", "network", "--mac", "aa:bb:cc:dd:ee:ff"],
        c + ["detach-interface", "test", "network", "--mac", "AA:BB:CC:DD:EE:FF", "--print-xml"],
        c + ["detach-interface", "test", "network", "--mac", "aa:bb:cc:dd:ee:0"],
        c + ["detach-interface", "test", "network", "--mac", ""],
        c + ["detach-interface", "test", "bridge"], c + ["detach-interface", "test", "bridge", "--print-xml"],
        c + ["detach-interface", "test", "network", "--current", "--live"],
        c + ["detach-interface", "test", "network", "--persistent", "--current"],
        c + ["detach-interface", "nosuch", "network"], c + ["detach-interface", "test"],
        c + ["detach-interface", "test", ""], r + ["detach-interface", "test", "network"],
        c + ["destroy test; detach-interface test network --persistent --print-xml"],
        c + [d + "detach-interface dev network"], c + [d + "detach-interface dev network --print-xml"],
        c + [d + "detach-interface dev network --mac 52:54:00:00:00:02 --print-xml"],
        c + [d + "detach-interface dev network --mac 52:54:0:0:0:1 --print-xml"],
        c + [d + "detach-interface dev bridge --mac 52:54:00:00:00:03"],
        c + [d + "detach-interface dev bridge --mac 52:54:00:00:00:03 --config"],
        c + [d + "detach-interface dev bridge --mac 52:54:00:00:00:09 --print-xml"],
        c + [d + "start dev; detach-interface dev network --mac 52:54:00:00:00:01 --persistent "
             "--print-xml"],
        c + [d + "start dev; detach-interface dev network --mac 52:54:00:00:00:01 --persistent"],
        # change-media
        c + ["change-media", "test", "vda", "--eject"], c + ["change-media", "test", "hdc"],
        c + ["change-media", "test", "vda", "--eject", "--insert"],
        c + ["change-media", "test", "vda", "--eject", "--update"],
        c + ["change-media", "test", "vda", "--insert", "--update"],
        c + ["change-media", "test", "vda", "--eject", "--block"],
        c + ["change-media", "test", "vda", "--current", "--live"],
        c + ["change-media", "test", "vda", "--source", ""],
        c + ["change-media", "nosuch", "hdc"], c + ["change-media", "test"],
        r + ["change-media", "test", "hdc"],
        c + [d + "change-media dev hdc --eject --print-xml"],
        c + [d + "change-media dev /var/cd.iso --eject --print-xml"],
        c + [d + "change-media dev hdc --eject"], c + [d + "change-media dev hdc --update"],
        c + [d + "change-media dev hdc --update /var/new.iso --print-xml"],
        c + [d + "change-media dev hdc /var/new.iso --print-xml"],
        c + [d + "change-media dev hdc /dev/sr1 --block --print-xml"],
        c + [d + "change-media dev hdc /var/new.iso --insert"],
        c + [d + "change-media dev hdc --insert"],
        c + [d + "change-media dev fda /var/f.img --insert --print-xml"],
        c + [d + "change-media dev fda /var/f.img --insert --print-xml --config"],
        c + [d + "change-media dev fda --eject"], c + [d + "change-media dev fda /var/f.img --update"],
        c + [d + "change-media dev fda /var/f.img --insert --force --live --config"],
        c + [d + "change-media dev vda /var/new.iso"], c + [d + "change-media dev hdd --eject --print-xml"],
        c + [d + "change-media dev hdd /dev/sr2 --update --block --print-xml"],
        c + [d + "change-media dev /var/base.img --eject"],
        # domif-setlink
        c + ["domif-setlink", "test", "testnet0", "down"],
        c + ["domif-setlink", "test", "testnet0", "down", "--print-xml"],
        c + ["domif-setlink", "test", "aa:bb:cc:dd:ee:ff", "up", "--print-xml"],
        c + ["domif-setlink", "test", "AA:BB:CC:DD:EE:FF", "up", "--config", "--print-xml"],
        c + ["domif-setlink", "test", "TESTNET0", "up", "--persistent"],
        c + ["domif-setlink", "test", "testnet0", "sideways"],
        c + ["domif-setlink", "test", "vnet9", "up"], c + ["domif-setlink", "nosuch", "x", "up"],
        c + ["domif-setlink", "test", "testnet0"], c + ["domif-setlink", "test", "", "up"],
        c + ["domif-setlink", "test", "testnet0", ""], r + ["domif-setlink", "test", "testnet0", "up"],
        c + ["destroy test; domif-setlink test testnet0 down --print-xml"],
        c + ["destroy test; domif-setlink test testnet0 down"],
        c + [d + "domif-setlink dev 52:54:00:00:00:02 down --print-xml"],
        c + [d + "domif-setlink dev 52:54:00:00:00:03 down --print-xml"],
        # domiftune
        c + ["domiftune", "test", "testnet0"], c + ["domiftune", "test", "aa:bb:cc:dd:ee:ff"],
        c + ["domiftune", "test", "testnet0", "--config"],
        c + ["domiftune", "test", "testnet0", "--live"],
        c + ["domiftune", "test", "testnet0", "--current", "--live"],
        c + ["domiftune", "test", "vnet0"], c + ["domiftune", "nosuch", "vnet0"], c + ["domiftune", "test"],
        c + ["domiftune test testnet0 --inbound 100,200,300; domiftune test testnet0"],
        c + ["domiftune test testnet0 --outbound 100,200,300 --config; domiftune test testnet0 "
             "--config; domiftune test testnet0"],
        c + ["domiftune test testnet0 --inbound 100,,,50; domiftune test testnet0"],
        c + ["domiftune test testnet0 --inbound 0; domiftune test testnet0"],
        c + ["domiftune", "test", "testnet0", "--inbound", ",5"],
        c + ["domiftune", "test", "testnet0", "--inbound", "5000000000"],
        c + ["domiftune", "test", "testnet0", "--outbound", "1,5000000000"],
        c + ["domiftune", "test", "testnet0", "--outbound", ",5"],
        c + ["domiftune", "test", "testnet0", "--outbound", "1,2,3,4"],
        c + ["domiftune", "test", "testnet0", "--outbound", "x"],
        c + ["domiftune", "test", "testnet0", "--inbound", "1,2,3,4,5"],
        c + ["domiftune", "test", "testnet0", "--inbound", ""],
        c + ["domiftune", "test", "vnet0", "--inbound", "10"],
        r + ["domiftune", "test", "testnet0"], r + ["domiftune", "test", "testnet0", "--inbound", "1"],
        q + ["domiftune test testnet0 --inbound 7; domiftune test testnet0"],
        # update-memory-device
        c + ["update-memory-device", "test"], c + ["update-memory-device", "nosuch"],
        c + ["update-memory-device", "test", "--node", "0", "--alias", "x"],
        c + ["update-memory-device", "test", "--current", "--config"],
        c + [d + "update-memory-device dev"], c + [d + "update-memory-device dev --print-xml"],
        c + [d + "update-memory-device dev --alias ua-dimm0 --print-xml"],
        c + [d + "update-memory-device dev --alias ua-vmem --print-xml --requested-size 1G"],
        c + [d + "update-memory-device dev --node 1 --print-xml --requested-size 1000"],
        c + [d + "update-memory-device dev --node 1 --print-xml --requested-size 1025b"],
        c + [d + "update-memory-device dev --node 1 --print-xml --requested-size 1x"],
        c + [d + "update-memory-device dev --node 1 --print-xml --requested-size -1"],
        c + [d + "update-memory-device dev --node 0 --print-xml --requested-size 1"],
        c + [d + "update-memory-device dev --node 0 --print-xml --config"],
        c + [d + "update-memory-device dev --node 2 --print-xml"],
        c + [d + "update-memory-device dev --node x --print-xml"],
        c + [d + "update-memory-device dev --alias nosuch"],
        c + [d + "update-memory-device dev --alias '' --print-xml"],
        c + [d + "update-memory-device dev --alias ua-vmem --requested-size 2G"],
        c + [d + "update-memory-device dev --alias ua-vmem --requested-size 2G --live"],
        r + ["update-memory-device", "test"],
    ]
