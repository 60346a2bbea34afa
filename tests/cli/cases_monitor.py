# SPDX-License-Identifier: LGPL-2.1-or-later
"""Domain Monitoring commands (list, dominfo, domstate, domstats, domblk*,
domif*, dommemstat, domtime, ...): Debian's virsh and virtkit-sh side by side."""
import os

DEF = "test:///default"
UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f"

# Domains with titles, disks of every kind and interfaces, in every state.
NODE = """<node>
  <cpu><nodes>2</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads><active>3</active><mhz>1500</mhz><model>Mono</model></cpu>
  <memory>2048000</memory>
  <domain type='test'>
    <name>alpha</name>
    <uuid>11111111-2222-3333-4444-555555555555</uuid>
    <title>Alpha guest</title>
    <description>first</description>
    <memory>1048576</memory>
    <vcpu>2</vcpu>
    <os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'><source file='/var/lib/a.img'/><target dev='vda' bus='virtio'/></disk>
      <disk type='block' device='disk'><source dev='/dev/sdz'/><target dev='sdb' bus='scsi'/></disk>
      <disk type='network' device='disk'><source protocol='nbd' name='exp'><host name='h' port='10809'/></source><target dev='vdc' bus='virtio'/></disk>
      <disk type='nvme' device='disk'><source type='pci' managed='yes' namespace='1'><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source><target dev='vdd' bus='virtio'/></disk>
      <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>
      <interface type='bridge'><mac address='52:54:00:aa:bb:01'/><source bridge='br0'/><target dev='vnet1'/><model type='virtio'/><link state='down'/></interface>
      <interface type='network'><mac address='52:54:00:aa:bb:02'/><source network='default'/></interface>
      <interface type='user'><mac address='52:54:00:aa:bb:03'/></interface>
    </devices>
  </domain>
  <domain type='test'>
    <name>Beta</name>
    <uuid>11111111-2222-3333-4444-555555555556</uuid>
    <title>Beta &amp; co</title>
    <memory>524288</memory>
    <os><type>hvm</type></os>
    <test:runstate xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>5</test:runstate>
  </domain>
  <domain type='test'>
    <name>gamma</name>
    <uuid>11111111-2222-3333-4444-555555555557</uuid>
    <memory>524288</memory>
    <os><type>hvm</type></os>
    <test:runstate xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>3</test:runstate>
  </domain>
  <domain type='test'>
    <name>delta</name>
    <uuid>11111111-2222-3333-4444-555555555558</uuid>
    <memory>524288</memory>
    <os><type>hvm</type></os>
    <test:runstate xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>7</test:runstate>
  </domain>
</node>
"""


def cases(fixtures, tmp):
    node = os.path.join(tmp, "monitor-node.xml")
    with open(node, "w") as f:
        f.write(NODE)
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    n = ["-c", "test://" + node]
    q = ["-q", "-c", DEF]
    yield from [
        # list
        c + ["list", "--title"], c + ["list", "--title", "--all"], c + ["list", "--managed-save"],
        c + ["list", "--title", "--name"], c + ["list", "--state-shutoff"],
        c + ["list", "--state-running"], c + ["list", "--state-paused", "--all"],
        c + ["list", "--state-other", "--all"], c + ["list", "--table", "--id"],
        c + ["list", "--table", "--uuid"], c + ["list", "--table", "--name"],
        c + ["list", "--with-checkpoint"], c + ["list", "--without-checkpoint"],
        c + ["list", "--with-snapshot", "--all"], c + ["list", "--without-snapshot", "--all"],
        c + ["list", "--autostart"], c + ["list", "--no-autostart", "--all"],
        c + ["list", "--persistent"], c + ["list", "--transient", "--all"],
        c + ["list", "--with-managed-save", "--all"], c + ["list", "--without-managed-save"],
        c + ["list", "--id"], c + ["list", "--uuid", "--id", "--name", "--all"],
        c + ["destroy test; list --id; list --id --all --name; list --title --all"],
        q + ["list", "--title"], q + ["list", "--all"], r + ["list", "--title"],
        n + ["list", "--all"], n + ["list", "--all", "--title"], n + ["list", "--title"],
        n + ["list", "--all", "--title", "--managed-save"], n + ["list", "--state-other", "--all"],
        n + ["list", "--inactive", "--title"], n + ["list", "--all", "--name"],
        n + ["list", "--state-paused", "--state-running"], n + ["list", "--id", "--all"],
        # dominfo
        c + ["dominfo", "test"], n + ["dominfo", "alpha"], n + ["dominfo", "Beta"],
        n + ["dominfo", "delta"], c + ["dominfo", "--domain", "nosuch"], r + ["dominfo", "1"],
        # domstate
        c + ["domstate", "1", "--reason"], n + ["domstate", "gamma", "--reason"],
        n + ["domstate", "delta", "--reason"], n + ["domstate", "Beta", "--reason"],
        n + ["domstate", "Beta"], c + ["domstate", "nosuch", "--reason"],
        c + ["suspend test; domstate test --reason; resume test; domstate test --reason"],
        # domblkerror
        c + ["domblkerror", "test"], c + ["domblkerror", "nosuch"], c + ["domblkerror"],
        n + ["domblkerror", "alpha"], n + ["domblkerror", "Beta"], r + ["domblkerror", "test"],
        c + ["destroy test; domblkerror test"],
        # domblkinfo
        c + ["domblkinfo", "test", "vda"], c + ["domblkinfo", "test", "vda", "--human"],
        c + ["domblkinfo", "test", "--all"], c + ["domblkinfo", "test", "--all", "--human"],
        c + ["domblkinfo", "test"], c + ["domblkinfo", "test", "--device", ""],
        c + ["domblkinfo", "test", "vda", "--all"], c + ["domblkinfo", "test", "nosuch"],
        c + ["domblkinfo", "nosuch", "vda"], q + ["domblkinfo", "test", "--all"],
        c + ["destroy test; domblkinfo test --all; domblkinfo test vda"],
        n + ["domblkinfo", "alpha", "--all"], n + ["domblkinfo", "alpha", "--all", "--human"],
        n + ["domblkinfo", "alpha", "vdc"], n + ["domblkinfo", "alpha", "hdc"],
        n + ["domblkinfo", "Beta", "--all"], n + ["domblkinfo", "alpha", "vdd"],
        n + ["destroy alpha; domblkinfo alpha --all; domblklist alpha --details; domiflist alpha"],
        n + ["suspend alpha; domcontrol alpha; domstate alpha --reason"],
        n + ["domblkstat", "alpha", "hdc"], n + ["domblkstat", "alpha"], r + ["domblkinfo", "test", "vda"],
        # domblklist
        c + ["domblklist", "test"], c + ["domblklist", "test", "--details"],
        c + ["domblklist", "test", "--inactive"], c + ["domblklist", "nosuch"], c + ["domblklist"],
        n + ["domblklist", "alpha"], n + ["domblklist", "alpha", "--details"],
        n + ["domblklist", "alpha", "--inactive", "--details"], n + ["domblklist", "Beta"],
        q + ["domblklist", "test", "--details"], r + ["domblklist", "test"],
        # domblkstat
        c + ["domblkstat", "test"], c + ["domblkstat", "test", "vda"],
        c + ["domblkstat", "test", "vda", "--human"], c + ["domblkstat", "test", "--device", ""],
        c + ["domblkstat", "test", "nosuch"], c + ["domblkstat", "nosuch", "vda"],
        c + ["destroy test; domblkstat test vda"], n + ["domblkstat", "alpha", "sdb", "--human"],
        r + ["domblkstat", "test", "vda"],
        # domcontrol
        c + ["domcontrol", "test"], c + ["domcontrol", "nosuch"], c + ["domcontrol"],
        c + ["destroy test; domcontrol test"], n + ["domcontrol", "gamma"],
        r + ["domcontrol", "test"],
        # domif-getlink
        c + ["domif-getlink", "test", "vnet0"], c + ["domif-getlink", "test", "aa:bb:cc:dd:ee:ff"],
        c + ["domif-getlink", "test", "AA:BB:CC:DD:EE:FF", "--config"],
        c + ["domif-getlink", "test", "aa:bb:cc:dd:ee:00"], c + ["domif-getlink", "test", ""],
        c + ["domif-getlink", "test"], c + ["domif-getlink", "nosuch", "vnet0"],
        c + ["domif-getlink", "test", "x'y"], c + ["domif-getlink", "test", "a:b:c:d:e:f"],
        c + ["domif-getlink", "test", "aa:bb:cc:dd:ee:ff", "--persistent"],
        n + ["domif-getlink", "alpha", "vnet1"], n + ["domif-getlink", "alpha", "52:54:00:AA:BB:02"],
        n + ["domif-getlink", "alpha", "52:54:0:aa:bb:3", "--config"],
        n + ["domif-getlink", "alpha", "vnet9"], r + ["domif-getlink", "test", "aa:bb:cc:dd:ee:ff"],
        # domifaddr
        c + ["domifaddr", "test"], c + ["domifaddr", "test", "--full"],
        c + ["domifaddr", "test", "--source", "lease"], c + ["domifaddr", "test", "--source", "agent"],
        c + ["domifaddr", "test", "--source", "arp"], c + ["domifaddr", "test", "--source", "foo"],
        c + ["domifaddr", "test", "--source", ""], c + ["domifaddr", "test", "--interface", ""],
        c + ["domifaddr", "test", "--interface", "testnet0"],
        c + ["domifaddr", "test", "--interface", "nosuch"], c + ["domifaddr", "nosuch"],
        c + ["domifaddr", "nosuch", "--source", "foo"], c + ["destroy test; domifaddr test"],
        q + ["domifaddr", "test"], n + ["domifaddr", "alpha", "--full"], n + ["domifaddr", "alpha"],
        r + ["domifaddr", "test"],
        # domiflist
        c + ["domiflist", "test"], c + ["domiflist", "test", "--inactive"], c + ["domiflist", "nosuch"],
        n + ["domiflist", "alpha"], n + ["domiflist", "Beta"], q + ["domiflist", "test"],
        r + ["domiflist", "test"],
        # domifstat
        c + ["domifstat", "test", "testnet0"], c + ["domifstat", "test", "vnet0"],
        c + ["domifstat", "test", "aa:bb:cc:dd:ee:ff"], c + ["domifstat", "test"],
        c + ["domifstat", "nosuch", "vnet0"], c + ["domifstat", "test", ""],
        c + ["destroy test; domifstat test testnet0"], n + ["domifstat", "alpha", "vnet1"],
        r + ["domifstat", "test", "testnet0"],
        # dommemstat
        c + ["dommemstat", "test"], c + ["dommemstat", "test", "--period", "5"],
        c + ["dommemstat", "test", "--period", "-1"], c + ["dommemstat", "test", "--period", "x"],
        c + ["dommemstat", "test", "--period", "5", "--config"],
        c + ["dommemstat", "test", "--period", "5", "--live"],
        c + ["dommemstat", "test", "--period", "5", "--current"],
        c + ["dommemstat", "test", "--current", "--live"],
        c + ["dommemstat", "test", "--current", "--config"], c + ["dommemstat", "test", "--config"],
        c + ["dommemstat", "nosuch"], c + ["dommemstat", "test", "5"],
        c + ["destroy test; dommemstat test; dommemstat test --period 3"],
        n + ["dommemstat", "gamma"], r + ["dommemstat", "test"],
        r + ["dommemstat", "test", "--period", "5"],
        # domstats
        c + ["domstats"], c + ["domstats", "--raw"], c + ["domstats", "test"],
        c + ["domstats", "--state", "--cpu-total", "--balloon", "--vcpu", "--interface", "--block",
             "--perf", "--iothread", "--memory", "--dirtyrate", "--vm"],
        c + ["domstats", "--vm", "--enforce"], c + ["domstats", "--perf", "--enforce"],
        c + ["domstats", "--state", "--enforce"], c + ["domstats", "--block", "--backing"],
        c + ["domstats", "--nowait"], c + ["domstats", "--list-inactive"],
        c + ["domstats", "--list-active", "--list-running", "--list-persistent"],
        c + ["domstats", "--list-paused"], c + ["domstats", "--list-shutoff"],
        c + ["domstats", "--list-other"], c + ["domstats", "--list-transient"],
        c + ["domstats", "test", "nosuch"], c + ["domstats", "nosuch"],
        c + ["domstats", "1", UUID, "test"], c + ["domstats", "+1", " 1"], c + ["domstats", "1 "],
        c + ["domstats", ""], c + ["domstats", "test", ""], c + ["domstats", "99999999999"],
        c + ["domstate", "+1"], c + ["domstate", " 1"], c + ["domstate", "1x"], c + ["domstats", "--list-active", "test"],
        c + ["destroy test; domstats; domstats test --state"],
        n + ["domstats", "Beta", "alpha", "gamma", "delta"], n + ["domstats", "--list-paused"],
        n + ["domstats", "--list-inactive"], n + ["domstats", "--list-other"],
        r + ["domstats"], q + ["domstats", "test", "test"],
        # domtime
        c + ["domtime", "test"], c + ["domtime", "test", "--pretty"], c + ["domtime", "test", "--now"],
        c + ["domtime", "test", "--sync"], c + ["domtime", "test", "--time", "5"],
        c + ["domtime", "test", "--time", "5", "--now"], c + ["domtime", "test", "--now", "--sync"],
        c + ["domtime", "test", "--time", "5", "--sync"], c + ["domtime", "test", "--time", "x"],
        c + ["domtime", "nosuch"], c + ["domtime"], c + ["destroy test; domtime test"],
        c + ["domtime test --time 100; domtime test --pretty"],
        r + ["domtime", "test"], r + ["domtime", "test", "--now"],
    ]
