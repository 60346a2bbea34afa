// SPDX-License-Identifier: LGPL-2.1-or-later
// <hostdev> and <interface> devices (xml/domain_hostdev.cc, xml/domain_net.cc)
// through virDomainDefineXML on the test driver: what libvirt 9.0.0 keeps of
// each kind (printed back with its implied SCSI controller and address) and
// the errors it gives, with the device addresses they share (ccw, zpci, usb).
// Expected values are Debian libvirt 9.0.0's; the file builds against that
// libvirt too.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>

#include "../support/domain_xml.h"
#include "../support/last_error.h"

namespace {

using virtkit_testing::expect_error;

class DomainHostdev : public virtkit_testing::TestDriverFixture<> {
 protected:
  // Defines a domain with `devices`; returns its <devices> lines, trimmed
  // and joined, or "(failed)".
  std::string define(const std::string &devices) {
    return virtkit_testing::define_devices(conn_, devices);
  }
};

struct Good {
  const char *devices;
  const char *printed;
};

struct Bad {
  const char *devices;
  int code, domain;
  const char *message;
};

const Good kGood[] = {
    {"<hostdev mode='subsystem' type='pci' managed='yes'><driver name='vfio'/><source "
     "writeFiltering='no'><address domain='0x0000' bus='0x06' slot='0x12' "
     "function='0x5'/></source><rom bar='off' file='/x.rom'/><boot order='1'/><acpi "
     "index='3'/></hostdev>",
     "<hostdev mode='subsystem' type='pci' managed='yes'><driver name='vfio'/><source "
     "writeFiltering='no'><address domain='0x0000' bus='0x06' slot='0x12' "
     "function='0x5'/></source><boot order='1'/><rom bar='off' file='/x.rom'/><acpi "
     "index='3'/></hostdev>"},
    {"<hostdev mode='subsystem' type='usb'><source startupPolicy='optional' "
     "guestReset='off'><vendor id='0x1234'/><product id='0xbeef'/><address bus='1' "
     "device='2'/></source></hostdev>",
     "<hostdev mode='subsystem' type='usb' managed='no'><source startupPolicy='optional' "
     "guestReset='off'><vendor id='0x1234'/><product id='0xbeef'/><address bus='1' "
     "device='2'/></source></hostdev>"},
    {"<hostdev mode='subsystem' type='scsi' sgio='filtered' rawio='yes'><source><adapter "
     "name='scsi_host0'/><address bus='0' target='0' "
     "unit='0'/></source><readonly/><shareable/></hostdev>",
     "<controller type='scsi' index='0'/><hostdev mode='subsystem' type='scsi' managed='no' "
     "sgio='filtered' rawio='yes'><source><adapter name='scsi_host0'/><address bus='0' target='0' "
     "unit='0'/></source><readonly/><shareable/><address type='drive' controller='0' bus='0' "
     "target='0' unit='0'/></hostdev>"},
    {"<hostdev mode='subsystem' type='scsi'><source protocol='iscsi' "
     "name='iqn.1992-01.com.example'><host name='example.org' port='3260'/><auth "
     "username='myname'><secret type='iscsi' usage='mycluster_myname'/></auth><initiator><iqn "
     "name='iqn.2020-07.com.example:test'/></initiator></source></hostdev>",
     "<controller type='scsi' index='0'/><hostdev mode='subsystem' type='scsi' "
     "managed='no'><source protocol='iscsi' name='iqn.1992-01.com.example/0'><host "
     "name='example.org' port='3260'/><auth username='myname'><secret type='iscsi' "
     "usage='mycluster_myname'/></auth><initiator><iqn "
     "name='iqn.2020-07.com.example:test'/></initiator></source><address type='drive' "
     "controller='0' bus='0' target='0' unit='0'/></hostdev>"},
    {"<hostdev mode='subsystem' type='scsi_host' model='virtio'><source protocol='vhost' "
     "wwpn='naa.50014057667280d8'/></hostdev>",
     "<hostdev mode='subsystem' type='scsi_host' managed='no' model='virtio'><source "
     "protocol='vhost' wwpn='naa.50014057667280d8'/></hostdev>"},
    {"<hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on' "
     "ramfb='on'><source><address uuid='53764d0e-85a0-42b4-af5c-2046b460b1dc'/></source></hostdev>",
     "<hostdev mode='subsystem' type='mdev' managed='no' model='vfio-pci' display='on' "
     "ramfb='on'><source><address "
     "uuid='53764d0e-85a0-42b4-af5c-2046b460b1dc'/></source></hostdev>"},
    {"<hostdev mode='capabilities' "
     "type='storage'><source><block>/dev/sdf1</block></source></hostdev>",
     "<hostdev mode='capabilities' "
     "type='storage'><source><block>/dev/sdf1</block></source></hostdev>"},
    {"<hostdev mode='capabilities' "
     "type='misc'><source><char>/dev/input/event3</char></source></hostdev>",
     "<hostdev mode='capabilities' "
     "type='misc'><source><char>/dev/input/event3</char></source></hostdev>"},
    {"<hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host0'/><address bus='0' "
     "target='0' unit='0'/></source></hostdev><hostdev mode='subsystem' "
     "type='scsi'><source><adapter name='scsi_host0'/><address bus='0' target='0' "
     "unit='1'/></source></hostdev>",
     "<controller type='scsi' index='0'/><hostdev mode='subsystem' type='scsi' "
     "managed='no'><source><adapter name='scsi_host0'/><address bus='0' target='0' "
     "unit='0'/></source><address type='drive' controller='0' bus='0' target='0' "
     "unit='0'/></hostdev><hostdev mode='subsystem' type='scsi' managed='no'><source><adapter "
     "name='scsi_host0'/><address bus='0' target='0' unit='1'/></source><address type='drive' "
     "controller='0' bus='0' target='0' unit='1'/></hostdev>"},
    {"<disk type='file' device='disk'><source file='/x'/><target dev='sda' "
     "bus='scsi'/></disk><hostdev mode='subsystem' type='scsi'><source><adapter "
     "name='scsi_host0'/><address bus='0' target='0' unit='0'/></source></hostdev>",
     "<disk type='file' device='disk'><source file='/x'/><target dev='sda' bus='scsi'/><address "
     "type='drive' controller='0' bus='0' target='0' unit='0'/></disk><controller type='scsi' "
     "index='0'/><hostdev mode='subsystem' type='scsi' managed='no'><source><adapter "
     "name='scsi_host0'/><address bus='0' target='0' unit='0'/></source><address type='drive' "
     "controller='0' bus='0' target='0' unit='1'/></hostdev>"},
    {"<hostdev mode='subsystem' type='pci'><source><address domain='0' bus='1' slot='2' "
     "function='0'/></source><teaming type='transient' persistent='ua-net'/></hostdev>",
     "<hostdev mode='subsystem' type='pci' managed='no'><source><address domain='0x0000' "
     "bus='0x01' slot='0x02' function='0x0'/></source><teaming type='transient' "
     "persistent='ua-net'/></hostdev>"},
    {"<interface type='hostdev' managed='yes'><mac address='52:54:00:6d:90:02'/><source><address "
     "type='pci' domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source><driver "
     "name='vfio'/><vlan><tag id='42'/></vlan><virtualport type='802.1Qbh'><parameters "
     "profileid='finance'/></virtualport><teaming type='transient' persistent='ua-backup0'/><rom "
     "enabled='no'/></interface>",
     "<interface type='hostdev' managed='yes'><mac address='52:54:00:6d:90:02'/><driver "
     "name='vfio'/><source><address type='pci' domain='0x0000' bus='0x06' slot='0x12' "
     "function='0x5'/></source><vlan><tag id='42'/></vlan><virtualport type='802.1Qbh'><parameters "
     "profileid='finance'/></virtualport><target dev='testnet0'/><teaming type='transient' "
     "persistent='ua-backup0'/><rom enabled='no'/></interface>"},
    {"<interface type='udp'><mac address='52:54:00:8c:b9:05'/><source address='192.168.10.1' "
     "port='5555'><local address='192.168.10.1' port='5556'/></source><model "
     "type='virtio'/><driver name='vhost' txmode='iothread' ioeventfd='on' event_idx='off' "
     "queues='5' rx_queue_size='256' tx_queue_size='256' rss='on' iommu='on'><host csum='off' "
     "gso='off' tso4='off' tso6='off' ecn='off' ufo='off' mrg_rxbuf='off'/><guest csum='off' "
     "tso4='off' tso6='off' ecn='off' ufo='off'/></driver></interface>",
     "<interface type='udp'><mac address='52:54:00:8c:b9:05'/><source address='192.168.10.1' "
     "port='5555'><local address='192.168.10.1' port='5556'/></source><target "
     "dev='testnet0'/><model type='virtio'/><driver name='vhost' txmode='iothread' ioeventfd='on' "
     "event_idx='off' queues='5' rx_queue_size='256' tx_queue_size='256' rss='on' iommu='on'><host "
     "csum='off' gso='off' tso4='off' tso6='off' ecn='off' ufo='off' mrg_rxbuf='off'/><guest "
     "csum='off' tso4='off' tso6='off' ecn='off' ufo='off'/></driver></interface>"},
    {"<interface type='vhostuser'><mac address='52:54:00:ee:96:6b'/><source type='unix' "
     "path='/tmp/vhost0.sock' mode='server'/><model "
     "type='VIRTIO'/><tune><sndbuf>1600</sndbuf></tune><mtu size='1500'/><coalesce><rx><frames "
     "max='7'/></rx></coalesce></interface>",
     "<interface type='vhostuser'><mac address='52:54:00:ee:96:6b'/><source type='unix' "
     "path='/tmp/vhost0.sock' mode='server'/><target dev='testnet0'/><model "
     "type='virtio'/><tune><sndbuf>1600</sndbuf></tune><mtu size='1500'/><coalesce><rx><frames "
     "max='7'/></rx></coalesce></interface>"},
    {"<interface type='vds'><mac address='52:54:00:ee:96:6e'/><source "
     "switchid='12345678-1234-1234-1234-123456789abc' portid='5' portgroupid='pg' "
     "connectionid='7'/></interface>",
     "<interface type='vds'><mac address='52:54:00:ee:96:6e'/><source "
     "switchid='12345678-1234-1234-1234-123456789abc' portid='5' portgroupid='pg' "
     "connectionid='7'/><target dev='testnet0'/></interface>"},
    {"<interface type='internal'><mac address='52:54:00:ee:96:6f'/><source "
     "name='intnet'/></interface>",
     "<interface type='internal'><mac address='52:54:00:ee:96:6f'/><source name='intnet'/><target "
     "dev='testnet0'/></interface>"},
    {"<interface type='vdpa'><mac address='52:54:00:ee:96:70'/><source "
     "dev='/dev/vhost-vdpa-0'/><model type='virtio'/></interface>",
     "<interface type='vdpa'><mac address='52:54:00:ee:96:70'/><source "
     "dev='/dev/vhost-vdpa-0'/><target dev='testnet0'/><model type='virtio'/></interface>"},
    {"<interface type='bridge'><mac address='52:54:00:ee:96:73'/><source "
     "bridge='br0'/><virtualport type='openvswitch'><parameters "
     "interfaceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f' profileid='x'/></virtualport><vlan "
     "trunk='yes'><tag id='42' nativeMode='untagged'/><tag id='47'/></vlan></interface>",
     "<interface type='bridge'><mac address='52:54:00:ee:96:73'/><source bridge='br0'/><vlan "
     "trunk='yes'><tag id='42' nativeMode='untagged'/><tag id='47'/></vlan><virtualport "
     "type='openvswitch'><parameters interfaceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f' "
     "profileid='x'/></virtualport><target dev='testnet0'/></interface>"},
    {"<interface type='ethernet'><mac address='52:54:00:ee:96:75'/><source><ip "
     "address='192.168.125.1' prefix='24' peer='192.168.125.2'/><route family='ipv4' "
     "address='10.20.0.0' prefix='16' gateway='192.168.125.2'/></source><ip "
     "address='192.168.122.5' prefix='24'/><ip address='fe80::1'/><route family='ipv4' "
     "address='192.168.122.0' prefix='24' gateway='192.168.122.1'/></interface>",
     "<interface type='ethernet'><mac address='52:54:00:ee:96:75'/><source><ip "
     "address='192.168.125.1' family='ipv4' prefix='24' peer='192.168.125.2'/><route family='ipv4' "
     "address='10.20.0.0' prefix='16' gateway='192.168.125.2'/></source><ip "
     "address='192.168.122.5' family='ipv4' prefix='24'/><ip address='fe80::1' "
     "family='ipv6'/><route family='ipv4' address='192.168.122.0' prefix='24' "
     "gateway='192.168.122.1'/><target dev='testnet0'/></interface>"},
    {"<hostdev mode='capabilities' type='net'><source><interface>eth0</interface></source><ip "
     "address='192.168.122.2' family='ipv4'/><route family='ipv4' address='0.0.0.0' "
     "gateway='192.168.122.1'/></hostdev>",
     "<hostdev mode='capabilities' type='net'><source><interface>eth0</interface></source><ip "
     "address='192.168.122.2' family='ipv4'/><route family='ipv4' address='0.0.0.0' "
     "gateway='192.168.122.1'/></hostdev>"},
    {"<hostdev mode='subsystem' type='pci'><source><address domain='0' bus='1' slot='2' "
     "function='0'/></source><address type='pci' domain='0' bus='0' slot='5' function='0'><zpci "
     "uid='0x19' fid='31'/></address></hostdev>",
     "<hostdev mode='subsystem' type='pci' managed='no'><source><address domain='0x0000' "
     "bus='0x01' slot='0x02' function='0x0'/></source><address type='pci' domain='0x0000' "
     "bus='0x00' slot='0x05' function='0x0'><zpci uid='0x0019' "
     "fid='0x0000001f'/></address></hostdev>"},
    {"<interface type='hostdev'><mac address='52:54:00:ee:96:79'/><source><vendor "
     "id='0x1234'/><product id='0xbeef'/></source><boot order='1' loadparm='ab.1'/></interface>",
     "<interface type='hostdev'><mac address='52:54:00:ee:96:79'/><source><vendor "
     "id='0x1234'/><product id='0xbeef'/></source><target dev='testnet0'/><boot order='1' "
     "loadparm='AB.1'/></interface>"},
    {"<memballoon model='virtio'><address type='ccw' cssid='0xfe' ssid='0' "
     "devno='10'/></memballoon>",
     "<memballoon model='virtio'><address type='ccw' cssid='0xfe' ssid='0x0' "
     "devno='0x000a'/></memballoon>"},
    {"<input type='tablet' bus='usb'><address type='usb' bus='0' port='1.2.3.4'/></input>",
     "<input type='tablet' bus='usb'><address type='usb' bus='0' port='1.2.3.4'/></input>"},
    {"<input type='tablet' bus='usb'><address type='usb' port='4'/></input>",
     "<input type='tablet' bus='usb'><address type='usb' bus='0' port='4'/></input>"},
    {"<input type='tablet' bus='usb'><address type='usb' bus='1' port='0'/></input>",
     "<input type='tablet' bus='usb'><address type='usb' bus='1'/></input>"},
    {"<input type='tablet' bus='usb'><address type='usb' bus='1' port='2.0.3'/></input>",
     "<input type='tablet' bus='usb'><address type='usb' bus='1' port='2'/></input>"},
};

const Bad kBad[] = {
    {"<hostdev mode='subsystem' type='mdev' model='vfio-pci'><source><address/></source></hostdev>",
     VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
     "unsupported configuration: Missing 'uuid' attribute for element <address>"},
    {"<hostdev mode='subsystem' type='pci'><source><address domain='0' bus='1' slot='2' "
     "function='0'/></source></hostdev><hostdev mode='subsystem' type='pci'><source><address "
     "domain='0' bus='1' slot='2' function='0'/></source></hostdev>",
     VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
     "XML error: Hostdev already exists in the domain configuration"},
    {"<hostdev mode='subsystem' type='bogus'><source/></hostdev>", VIR_ERR_CONFIG_UNSUPPORTED,
     VIR_FROM_DOMAIN, "unsupported configuration: unknown host device source address type 'bogus'"},
    {"<hostdev mode='bogus' type='pci'><source/></hostdev>", VIR_ERR_CONFIG_UNSUPPORTED,
     VIR_FROM_DOMAIN, "unsupported configuration: unknown hostdev mode 'bogus'"},
    {"<hostdev mode='subsystem' type='pci'/>", VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
     "XML error: Missing <source> element in hostdev device"},
    {"<hostdev mode='subsystem' type='pci' sgio='filtered'><source/></hostdev>", VIR_ERR_XML_ERROR,
     VIR_FROM_DOMAIN, "XML error: sgio is only supported for scsi host device"},
    {"<hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host0'/><address bus='0' "
     "target='0' unit='0'/></source><address type='drive' controller='0' bus='0' target='0' "
     "unit='0'/></hostdev><disk type='file' device='disk'><source file='/x'/><target dev='sda' "
     "bus='scsi'/></disk>",
     VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
     "unsupported configuration: using disk target name 'sda' conflicts with SCSI host device "
     "address controller='0' bus='0' target='0' unit='0"},
    {"<hostdev mode='subsystem' type='mdev' model='vfio-pci'><source><address "
     "uuid='53764d0e-85a0-42b4-af5c-2046b460b1dc'/></source><address type='drive' controller='0' "
     "bus='0' target='0' unit='0'/></hostdev>",
     VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
     "XML error: Unsupported address type 'drive' with mediated device model 'vfio-pci'"},
    {"<hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/></source></hostdev>",
     VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "internal error: missing product"},
    {"<controller type='usb' model='none'/><hostdev mode='subsystem' type='usb'><source><vendor "
     "id='0x1234'/><product id='0x1'/></source></hostdev>",
     VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
     "unsupported configuration: Can't add host USB device: USB is disabled in this host"},
    {"<interface type='bridge' trustGuestRxFilters='yes'><mac address='52:54:00:ee:96:6c' "
     "type='static' check='no'/><source bridge='br0'/><target dev='tap0' managed='no'/><guest "
     "dev='eth0'/><filterref filter='clean-traffic'><parameter name='IP' "
     "value='10.0.0.1'/><parameter name='A' value='1'/><parameter name='IP' "
     "value='10.0.0.2'/></filterref><backend tap='/dev/net/tun' vhost='/dev/vhost-net'/><script "
     "path='/x'/><downscript path='/y'/><port isolated='yes'/></interface>",
     VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
     "unsupported configuration: unmanaged target dev is not supported on interfaces of type "
     "'bridge'"},
    {"<interface type='direct'><mac address='52:54:00:ee:96:6d'/><source dev='eth0' "
     "mode='bridge'/><virtualport type='802.1Qbg'><parameters managerid='11' typeid='1193047' "
     "typeidversion='2' instanceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f'/></virtualport><model "
     "type='e1000'/><driver iommu='on'/></interface>",
     VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
     "unsupported configuration: iommu driver option is only supported for virtio devices"},
    {"<interface type='user'><mac address='52:54:00:ee:96:71'/><virtualport/></interface>",
     VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
     "unsupported configuration: <virtualport> element unsupported for <interface type='user'>"},
    {"<interface type='udp'><source address='1.2.3.4' port='5'/></interface>", VIR_ERR_XML_ERROR,
     VIR_FROM_DOMAIN, "XML error: '<local>' element missing for 'udp' socket interface"},
    {"<interface type='ethernet'><mac address='52:54:00:ee:96:72'/><teaming type='persistent' "
     "persistent='x'/></interface>",
     VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
     "unsupported configuration: teaming persistent attribute not allowed if teaming type is "
     "'persistent'"},
    {"<interface type='ethernet'><mac address='52:54:00:ee:96:72'/><driver "
     "iommu='on'/></interface>",
     VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
     "unsupported configuration: iommu driver option is only supported for virtio devices"},
    {"<interface type='vhostuser'><source type='unix' path='/x' mode='client'/></interface>",
     VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN,
     "internal error: Wrong or no <model> 'type' attribute specified with <interface "
     "type='vhostuser'/>. vhostuser requires the virtio-net* frontend"},
    {"<interface type='hostdev'><mac address='52:54:00:6d:90:02'/><source><address type='pci' "
     "domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source></interface><hostdev "
     "mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x06' slot='0x12' "
     "function='0x5'/></source></hostdev>",
     VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
     "XML error: Hostdev already exists in the domain configuration"},
    {"<interface type='user'><mac address='52:54:00:ee:96:74'/><backend type='passt'/></interface>",
     VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN,
     "XML error: Invalid value for attribute 'type' in element 'backend': 'passt'."},
    {"<interface type='network'><mac address='52:54:00:ee:96:76'/><source network='default'><ip "
     "address='192.168.125.1'/></source></interface>",
     VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
     "unsupported configuration: Invalid attempt to set network interface host-side IP route "
     "and/or address info on interface of type 'network'. This is only supported on interfaces of "
     "type 'ethernet'"},
    {"<interface type='ethernet'><mac address='52:54:00:ee:96:77'/><ip address='192.168.122.5' "
     "prefix='33'/></interface>",
     VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: Invalid prefix value '33' in <ip>"},
    {"<interface type='hostdev'><mac address='52:54:00:ee:96:78'/><source><address type='pci' "
     "domain='0' bus='6' slot='0x12' function='5'/></source><address type='drive' controller='0' "
     "bus='0' target='0' unit='0'/></interface>",
     VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN,
     "internal error: PCI host devices must use 'pci' or 'unassigned' address type"},
    {"<interface type='network'><mac address='52:54:00:ee:96:7a'/><source network='default'/><boot "
     "order='1' loadparm='abcdefghi'/></interface>",
     VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN,
     "internal error: loadparm value 'ABCDEFGHI' must be between 1 and 8 characters"},
    {"<memballoon model='virtio'><address type='ccw' cssid='0xfe'/></memballoon>",
     VIR_ERR_INTERNAL_ERROR, VIR_FROM_DEVICE,
     "internal error: Invalid partial specification for virtio ccw address"},
    {"<memballoon model='virtio'><address type='ccw' cssid='0xff' ssid='0' "
     "devno='0'/></memballoon>",
     VIR_ERR_INTERNAL_ERROR, VIR_FROM_DEVICE,
     "internal error: Invalid specification for virtio ccw address: cssid='0xff' ssid='0x0' "
     "devno='0x0000'"},
    {"<input type='tablet' bus='usb'><address type='usb' bus='0' port='1.2.3.4.5'/></input>",
     VIR_ERR_INTERNAL_ERROR, VIR_FROM_DEVICE,
     "internal error: Cannot parse <address> 'port' attribute"},
};

TEST_F(DomainHostdev, KeptAsLibvirtPrintsThem) {
  for (const Good &g : kGood) EXPECT_EQ(define(g.devices), g.printed) << g.devices;
}

TEST_F(DomainHostdev, ErrorsAreLibvirts) {
  for (const Bad &b : kBad) {
    SCOPED_TRACE(b.devices);
    EXPECT_EQ(define(b.devices), "(failed)");
    expect_error(b.code, b.domain, b.message);
  }
}

}  // namespace
