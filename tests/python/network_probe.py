# SPDX-License-Identifier: LGPL-2.1-or-later
"""Probes network calls on test:///default and prints every result: run by
test_network.py once on Debian's libvirt and once on virtkit's, the outputs must
be identical (generated UUIDs aside)."""
import libvirt, os, sys

# The connection under test: a daemon when tests/remote/daemon.py runs them.
URI = os.environ.get("VIRTKIT_REMOTE_URI", "test:///default")
libvirt.registerErrorHandler(lambda *a: None, None)
def err(label, f):
    try:
        r = f()
        if isinstance(r, libvirt.virNetwork): r = ("net", r.name(), r.XMLDesc())
        print(label, "OK", r)
    except libvirt.libvirtError as e:
        print(label, "ERR", e.get_error_code(), e.get_error_domain(), repr(e.get_error_message()), e.err[3:])
c = libvirt.open(URI)
n = c.networkLookupByName("default")
bad = [
 "<network><name>x</name><uuid>11111111-2222-3333-4444-555555555555</uuid><ip address='1.2.3.4' netmask='255.0.0.0' prefix='8'/></network>",
 "<network><name>x</name><ip address='1.2.3.4' prefix='33'/></network>",
 "<network><name>x</name><ip family='ipv6' address='1.2.3.4'/></network>",
 "<network><name>x</name><ip family='ipv5' address='1.2.3.4'/></network>",
 "<network><name>x</name><ip address='foo'/></network>",
 "<network><name>x</name><ip address='1.2.3.4' netmask='bar'/></network>",
 "<network><name>x</name><ip address='1.2.3.4' prefix='abc'/></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.9' end='10.0.0.2'/></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.0' end='10.0.0.2'/></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.5' end='10.0.0.255'/></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='zz' end='10.0.0.5'/></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><range end='10.0.0.5'/></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><host mac='01:00:00:00:00:01' ip='10.0.0.3'/></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><host mac='zz' ip='10.0.0.3'/></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><host name='-a' ip='10.0.0.3'/></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><host name='a'/></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.2' end='10.0.0.9'><lease expiry='1' unit='seconds'/></range></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.2' end='10.0.0.9'><lease expiry='10' unit='days'/></range></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.2' end='10.0.0.9'><lease expiry='-1'/></range></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'/><route address='10.9.0.0' prefix='16' gateway='10.1.0.1'/></network>",
 "<network><name>x</name><forward mode='bridge'/><bridge name='b' stp='on'/></network>",
 "<network><name>x</name><forward mode='bridge' dev='eth0'/><bridge name='b'/></network>",
 "<network><name>x</name><forward mode='vepa'/><bridge name='b'/></network>",
 "<network><name>x</name><forward mode='bridge'/><mtu size='1500'/></network>",
 "<network><name>x</name><mtu size='abc'/></network>",
 "<network><name>x</name><mac address='01:00:00:00:00:01'/></network>",
 "<network><name>x</name><mac address='zz'/></network>",
 "<network><name>x</name><bridge delay='x'/></network>",
 "<network><name>x</name><bridge macTableManager='foo'/></network>",
 "<network ipv6='maybe'><name>x</name></network>",
 "<network trustGuestRxFilters='maybe'><name>x</name></network>",
 "<network><name>x</name><dns enable='no'><host ip='1.2.3.4'><hostname>a</hostname></host></dns></network>",
 "<network><name>x</name><dns><host ip='1.2.3.4'/></dns></network>",
 "<network><name>x</name><dns><host><hostname>a</hostname></host></dns></network>",
 "<network><name>x</name><dns><forwarder/></dns></network>",
 "<network><name>x</name><dns><txt name='a b' value='x'/></dns></network>",
 "<network><name>x</name><dns><srv service='s' protocol='tcp' port='5'/></dns></network>",
 "<network><name>x</name><dns><srv protocol='tcp'/></dns></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'/><forward mode='nat'><nat><address start='1.2.3.4'/></nat></forward></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'/><forward mode='nat'><nat><port start='10' end='5'/></nat></forward></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'/><forward mode='route'><nat/></forward></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'/><forward mode='nat' dev='a'><interface dev='b'/></forward></network>",
 "<network><name>x</name><forward mode='bridge'><interface dev='b'/><interface dev='b'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='usb'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><pf dev='a'/><pf dev='b'/></forward></network>",
 "<network><name>x</name><forward mode='bridge'><driver name='foo'/></forward></network>",
 "<network><name>x</name><bandwidth><inbound peak='5'/></bandwidth></network>",
 "<network><name>x</name><bandwidth><inbound average='5' floor='3'/></bandwidth></network>",
 "<network><name>x</name><vlan><tag id='5000'/></vlan></network>",
 "<network><name>x</name><vlan/></network>",
 "<network><name>x</name><portgroup/></network>",
 "<network><name>x</name><uuid>11111111-2222-3333-4444-55555555555</uuid></network>",
 "<network><name>x</name><domain name='a' localOnly='maybe'/></network>",
 "<network><name>x</name><ip address='10.0.0.1' prefix='24'><tftp root='/x'/></ip><ip family='ipv6' address='::1' prefix='64'><tftp root='/y'/></ip></network>",
 "<network><name>x</name><ip address='10.0.0.1'><dhcp><range start='10.0.0.2' end='10.0.0.9'/></dhcp></ip></network>",
 "<network><name>x</name><ip address='10.1'/></network>",
 "<network><name>x</name><ip family='ipv6' address='2001:DB8::0001' prefix='64'/></network>",
 "<network><name>x</name><ip address='192.168.1.1' prefix='24'><dhcp><bootp file='a'/><bootp server='1.2.3.4'/></dhcp></ip></network>",
 "<network><name>x&amp;y</name><dns><txt name='t' value='a&lt;b'/></dns></network>",
 "<network><name>x</name><virtualport/></network>",
 "<network><name>x</name><virtualport type='foo'/></network>",
 "<network><name>x</name><virtualport type='802.1Qbh'><parameters managerid='3'/></virtualport></network>",
 "<network><name>x</name><virtualport type='802.1Qbg'><parameters profileid='p'/></virtualport></network>",
 "<network><name>x</name><virtualport type='802.1Qbg'><parameters managerid='300'/></virtualport></network>",
 "<network><name>x</name><virtualport type='802.1Qbg'><parameters typeid='zz'/></virtualport></network>",
 "<network><name>x</name><virtualport type='midonet'><parameters instanceid='nope'/></virtualport></network>",
 "<network><name>x</name><virtualport type='midonet'><parameters interfaceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f' managerid='1'/></virtualport></network>",
 "<network><name>x</name><portgroup name='p'><virtualport><parameters profileid='0123456789012345678901234567890123456789'/></virtualport></portgroup></network>",
 "<network><name>x</name><portgroup name='p'><virtualport type='openvswitch'/><vlan trunk='no'><tag id='1'/><tag id='2'/></vlan></portgroup></network>",
 "<network><name>x</name><portgroup name='p'><bandwidth classID='3'/></portgroup></network>",
 "<network><name>x</name><vlan trunk='maybe'><tag id='1'/></vlan></network>",
 "<network><name>x</name><vlan><tag id='1' nativeMode='tagged'/><tag id='2' nativeMode='untagged'/></vlan></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='pci' domain='0' bus='1' slot='2' function='3'/><address type='pci' domain='0' bus='1' slot='2' function='3'/></forward></network>",
 "<network><name>x</name><forward mode='passthrough' dev='eth0'><address type='pci' bus='1'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='pci' slot='0x40'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='pci' function='9'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='pci' bus='1' function='9'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='pci' bus='zz'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='pci' domain='0x10000' multifunction='on'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='pci' bus='0x100'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='pci' multifunction='maybe'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='netdev'/></forward></network>",
 "<network><name>x</name><forward mode='hostdev'><address type='none'/></forward></network>",
]
for i, x in enumerate(bad):
    err("bad%d" % i, lambda: c.networkDefineXML(x))
    try: c.networkLookupByName("x").undefine()
    except libvirt.libvirtError: pass
    try: c.networkLookupByName("x&y").undefine()
    except libvirt.libvirtError: pass
A, F, L, D, M = 2, 1, 3, 4, 1
for sect, cmd, xml, flags, idx in [
    (4, 3, "<host mac='52:54:00:00:00:01' ip='192.168.122.10'/>", 0, -1),
    (4, 3, "<host mac='52:54:00:00:00:01' ip='10.0.0.10'/>", 0, -1),
    (4, 3, "<host mac='52:54:00:00:00:02' ip='192.168.122.11'/>", 0, 5),
    (4, 2, "<host name='q' ip='192.168.122.12'/>", 3, -1),
    (4, 1, "<host name='zz' ip='192.168.122.13'/>", 0, -1),
    (4, 1, "<host mac='52:54:00:00:00:01' ip='192.168.122.20'/>", 0, -1),
    (4, 4, "<host/>", 0, -1),
    (4, 5, "<host name='q'/>", 0, -1),
    (4, 3, "<bogus", 0, -1),
    (5, 1, "<range start='192.168.122.2' end='192.168.122.3'/>", 0, -1),
    (5, 3, "<range start='192.168.122.2' end='192.168.122.3'/>", 0, -1),
    (5, 4, "<range start='192.168.122.2' end='192.168.122.3'/>", 0, -1),
    (5, 4, "<range start='192.168.122.2' end='192.168.122.3'/>", 0, -1),
    (6, 3, "<forward/>", 0, -1), (2, 3, "<domain/>", 0, -1), (3, 3, "<ip/>", 0, -1),
    (7, 3, "<interface dev='eth9'/>", 0, -1), (7, 2, "<interface dev='eth8'/>", 0, -1),
    (7, 3, "<interface dev='eth9'/>", 0, -1), (7, 4, "<interface dev='eth9'/>", 0, -1),
    (7, 4, "<interface dev='eth9'/>", 0, -1), (7, 1, "<interface dev='eth9'/>", 0, -1),
    (7, 3, "<interface/>", 0, -1),
    (8, 3, "<pf dev='a'/>", 0, -1),
    (9, 3, "<portgroup name='p1' default='yes'/>", 0, -1),
    (9, 3, "<portgroup name='p2' default='yes'/>", 0, -1),
    (9, 3, "<portgroup name='p1'/>", 0, -1),
    (9, 1, "<portgroup name='p1'><vlan><tag id='3'/></vlan></portgroup>", 0, -1),
    (9, 1, "<portgroup name='p3'/>", 0, -1),
    (9, 4, "<portgroup name='p3'/>", 0, -1),
    (10, 3, "<host ip='1.2.3.4'><hostname>a</hostname></host>", 0, -1),
    (10, 3, "<host ip='1.2.3.4'><hostname>b</hostname></host>", 0, -1),
    (10, 3, "<host ip='1.2.3.5'><hostname>a</hostname></host>", 0, -1),
    (10, 4, "<host><hostname>a</hostname></host>", 0, -1),
    (10, 4, "<host ip='1.2.3.5'/>", 0, -1),
    (10, 4, "<host ip='9.9.9.9'/>", 0, -1),
    (11, 3, "<txt name='t1' value='v'/>", 0, -1), (11, 3, "<txt name='t1' value='w'/>", 0, -1),
    (11, 1, "<txt name='t1' value='w'/>", 0, -1), (11, 4, "<txt name='t2'/>", 0, -1),
    (11, 4, "<txt name='t1'/>", 0, -1),
    (12, 3, "<srv service='s' protocol='tcp' target='t' port='5'/>", 0, -1),
    (12, 3, "<srv service='s' protocol='tcp' target='t' port='6'/>", 0, -1),
    (12, 3, "<srv service='s2' protocol='udp'/>", 0, -1),
    (12, 4, "<srv protocol='tcp'/>", 0, -1), (12, 4, "<srv service='s2'/>", 0, -1),
    (12, 4, "<srv service='zz'/>", 0, -1),
    (1, 3, "<bridge/>", 0, -1), (99, 3, "<x/>", 0, -1), (4, 9, "<host name='k' ip='192.168.122.40'/>", 0, -1),
    (4, 3, "<host name='k' ip='192.168.122.40'/>", 1, -1),
    (4, 3, "<host name='k2' ip='192.168.122.41'/>", 2, -1),
]:
    err("upd%d/%d" % (sect, cmd), lambda: n.update(cmd, sect, idx, xml, flags))
print(n.XMLDesc())
n.destroy()
print(n.XMLDesc())
err("create", n.create); print(n.XMLDesc())
err("upd-inactive-live", lambda: n.update(3, 4, -1, "<host name='k3' ip='192.168.122.42'/>", 1))
m = c.networkDefineXML("<network><name>p</name><ip address='10.2.0.1' prefix='16'/></network>")
m.create()
err("def-while-active", lambda: c.networkDefineXML("<network><name>p</name><uuid>%s</uuid><bridge name='changed'/><ip address='10.2.0.1' prefix='16'/></network>" % m.UUIDString()))
print(m.XMLDesc().replace(m.UUIDString(), "U"))
m.destroy(); print(m.XMLDesc().replace(m.UUIDString(), "U"))
err("createxml-inactive-persistent", lambda: c.networkCreateXML("<network><name>p</name><uuid>%s</uuid><bridge name='live'/></network>" % m.UUIDString()))
print(m.XMLDesc().replace(m.UUIDString(), "U"), m.isPersistent(), m.isActive())
m.destroy(); print(m.XMLDesc().replace(m.UUIDString(), "U"))

def err2(label, f):
    try:
        print(label, "OK", f())
    except libvirt.libvirtError as e:
        print(label, "ERR", e.get_error_code(), e.get_error_domain(), repr(e.get_error_message()),
              e.err[3:] if e.err else None)


c = libvirt.open(URI)
n = c.networkLookupByName("default")
err2("reg-bad-id", lambda: c.networkEventRegisterAny(None, 7, lambda *a: None, None))
err2("dereg-bad", lambda: c.networkEventDeregisterAny(42))
err2("list0", lambda: c.listNetworks())
err2("numof", c.numOfNetworks)
err2("ro", lambda: libvirt.openReadOnly(URI).networkDefineXML("<network><name>a</name></network>"))
err2("ro-update", lambda: libvirt.openReadOnly(URI).networkLookupByName("default").update(3,4,-1,"<host name='a' ip='192.168.122.5'/>",0))
err2("ro-xml", lambda: libvirt.openReadOnly(URI).networkLookupByName("default").XMLDesc())
err2("ro-create", lambda: libvirt.openReadOnly(URI).networkLookupByName("default").create())
err2("ro-autostart", lambda: libvirt.openReadOnly(URI).networkLookupByName("default").setAutostart(1))
err2("leases", lambda: n.DHCPLeases())
err2("ports", lambda: n.listAllPorts())
err2("portcreate", lambda: n.portCreateXML("<networkport/>"))
err2("validate", lambda: c.networkDefineXMLFlags("<network><name>v</name><bogus/></network>", 1))
err2("validate-ok", lambda: c.networkDefineXMLFlags("<network><name>v2</name></network>", 1).name())
err2("createvalidate", lambda: c.networkCreateXMLFlags("<network><name>v3</name><bogus/></network>", 1))
err2("empty", lambda: c.networkDefineXML(""))
err2("update-badxml", lambda: n.update(3, 4, -1, "<host", 0))
