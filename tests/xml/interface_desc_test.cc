// SPDX-License-Identifier: LGPL-2.1-or-later
// The host interface format, read and printed by code generated from
// src/xml/desc/interface.xd: what libvirt 9.0.0 keeps of each document, or
// the error it gives, through virInterfaceDefineXML on the test driver;
// mostly libvirt's irregular readers (XPath strings, the first sibling with
// an attribute, a bad stp dropping the rest of the bridge, the members'
// types). Expected values are Debian libvirt 9.0.0's; the file uses only the
// public API.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>

#include "../support/domain_xml.h"
#include "../support/last_error.h"

namespace {

using virtkit_testing::s;

class InterfaceDesc : public virtkit_testing::TestDriverFixture<> {
 protected:
  // The defined interface's XML, its lines trimmed and joined, or
  // "(failed) <message>".
  std::string define(const char *xml) {
    virInterfacePtr iface = virInterfaceDefineXML(conn_, xml, 0);
    if (!iface) return std::string("(failed) ") + s(virGetLastErrorMessage());
    char *out = virInterfaceGetXMLDesc(iface, 0);
    std::string all = out ? out : "";
    std::free(out);
    virInterfaceUndefine(iface);
    virInterfaceFree(iface);
    std::istringstream in(all);
    std::string r;
    for (std::string line; std::getline(in, line);)
      if (size_t at = line.find_first_not_of(' '); at != std::string::npos) r += line.substr(at);
    return r;
  }
};

struct Case {
  const char *xml;
  const char *want;
};

TEST_F(InterfaceDesc, KeepsOrRefusesAsLibvirt) {
  const Case cases[] = {
      {// start-two
       "<interface type='ethernet' name='e'><start/><start mode='onboot'/></interface>",
       "<interface type='ethernet' name='e'><start mode='onboot'/></interface>"},
      {// start-two-empty
       "<interface type='ethernet' name='e'><start mode=''/><start mode='onboot'/></interface>",
       "<interface type='ethernet' name='e'></interface>"},
      {// start-unspec
       "<interface type='ethernet' name='e'><start mode='unspecified'/></interface>",
       "(failed) XML error: unknown interface startmode unspecified"},
      {// start-bad
       "<interface type='ethernet' name='e'><start mode='always'/></interface>",
       "(failed) XML error: unknown interface startmode always"},
      {// start-empty
       "<interface type='ethernet' name='e'><start mode=''/></interface>",
       "<interface type='ethernet' name='e'></interface>"},
      {// mtu-bad
       "<interface type='ethernet' name='e'><mtu size='abc'/></interface>",
       "(failed) An error occurred, but the cause is unknown"},
      {// mtu-big
       "<interface type='ethernet' name='e'><mtu size='100001'/></interface>",
       "(failed) XML error: value of the 'size' attribute of 'mtu' element must be at most 100000"},
      {// mtu-max
       "<interface type='ethernet' name='e'><mtu size='100000'/></interface>",
       "<interface type='ethernet' name='e'><mtu size='100000'/></interface>"},
      {// mtu-two
       "<interface type='ethernet' name='e'><mtu/><mtu size='900'/></interface>",
       "<interface type='ethernet' name='e'><mtu size='900'/></interface>"},
      {// mtu-neg
       "<interface type='ethernet' name='e'><mtu size='-5'/></interface>",
       "(failed) An error occurred, but the cause is unknown"},
      {// proto-nofamily
       "<interface type='ethernet' name='e'><protocol><dhcp/></protocol></interface>",
       "(failed) XML error: protocol misses the family attribute"},
      {// proto-badfamily
       "<interface type='ethernet' name='e'><protocol family='ipx'/></interface>",
       "(failed) XML error: unsupported protocol family 'ipx'"},
      {// proto-empty
       "<interface type='ethernet' name='e'><protocol family='ipv4'/></interface>",
       "<interface type='ethernet' name='e'><protocol family='ipv4'></protocol></interface>"},
      {// proto-v4-autoconf
       "<interface type='ethernet' name='e'><protocol "
       "family='ipv4'><autoconf/></protocol></interface>",
       "<interface type='ethernet' name='e'><protocol family='ipv4'></protocol></interface>"},
      {// proto-two-dhcp
       "<interface type='ethernet' name='e'><protocol family='ipv4'><dhcp/><dhcp "
       "peerdns='no'/></protocol></interface>",
       "<interface type='ethernet' name='e'><protocol "
       "family='ipv4'><dhcp/></protocol></interface>"},
      {// ip-noaddr-badprefix
       "<interface type='ethernet' name='e'><protocol family='ipv4'><ip "
       "prefix='zz'/></protocol></interface>",
       "<interface type='ethernet' name='e'><protocol family='ipv4'></protocol></interface>"},
      {// ip-hexprefix
       "<interface type='ethernet' name='e'><protocol family='ipv4'><ip address='1.2.3.4' "
       "prefix='0x10'/><ip address='1.2.3.5' prefix='010'/><ip address='1.2.3.6' "
       "prefix='-3'/></protocol></interface>",
       "<interface type='ethernet' name='e'><protocol family='ipv4'><ip address='1.2.3.4' "
       "prefix='16'/><ip address='1.2.3.5' prefix='8'/><ip address='1.2.3.6' "
       "prefix='-3'/></protocol></interface>"},
      {// ip-emptyaddr
       "<interface type='ethernet' name='e'><protocol family='ipv4'><ip address='' "
       "prefix='8'/></protocol></interface>",
       "<interface type='ethernet' name='e'><protocol family='ipv4'><ip address='' "
       "prefix='8'/></protocol></interface>"},
      {// route-two
       "<interface type='ethernet' name='e'><protocol family='ipv4'><route/><route "
       "gateway='1.1.1.1'/></protocol></interface>",
       "<interface type='ethernet' name='e'><protocol family='ipv4'></protocol></interface>"},
      {// mac-two
       "<interface type='ethernet' name='e'><mac/><mac address='00:11:22:33:44:55'/></interface>",
       "<interface type='ethernet' name='e'><mac address='00:11:22:33:44:55'/></interface>"},
      {// mac-empty
       "<interface type='ethernet' name='e'><mac address=''/></interface>",
       "<interface type='ethernet' name='e'></interface>"},
      {// mac-amp
       "<interface type='ethernet' name='a&amp;b'><mac address='x&amp;y'/></interface>",
       "<interface type='ethernet' name='a&amp;b'><mac address='x&y'/></interface>"},
      {// link-bad-state
       "<interface type='ethernet' name='e'><link state='sideways'/></interface>",
       "(failed) XML error: Invalid value for attribute 'state' in element 'link': 'sideways'."},
      {// link-empty-state
       "<interface type='ethernet' name='e'><link state='' speed='0'/></interface>",
       "<interface type='ethernet' name='e'></interface>"},
      {// noname
       "<interface type='ethernet'/>", "(failed) XML error: interface has no name"},
      {// emptyname
       "<interface type='ethernet' name=''/>", "<interface type='ethernet' name=''></interface>"},
      {// bridge-stp-bad
       "<interface type='bridge' name='br0'><bridge stp='yes' delay='5'><interface type='bridge' "
       "name='x'/><interface/></bridge></interface>",
       "<interface type='bridge' name='br0'><bridge></bridge></interface>"},
      {// bridge-stp-empty
       "<interface type='bridge' name='br0'><bridge stp='' delay='5'><interface type='ethernet' "
       "name='eth0'/></bridge></interface>",
       "<interface type='bridge' name='br0'><bridge></bridge></interface>"},
      {// bridge-missing
       "<interface type='bridge' name='br0'/>",
       "(failed) XML error: bridge interface misses the bridge element"},
      {// bridge-in-bridge
       "<interface type='bridge' name='br0'><bridge><interface type='bridge' "
       "name='br1'><bridge/></interface></bridge></interface>",
       "(failed) XML error: interface has unsupported type 'bridge'"},
      {// bridge-member-bridge-noname
       "<interface type='bridge' name='br0'><bridge><interface "
       "type='bridge'/></bridge></interface>",
       "(failed) XML error: interface has unsupported type 'bridge'"},
      {// bridge-member-vlan-novlan
       "<interface type='bridge' name='br0'><bridge><interface type='vlan' "
       "name='v'/></bridge></interface>",
       "(failed) XML error: vlan interface misses the vlan element"},
      {// bridge-link
       "<interface type='bridge' name='br0'><link state='bogus'/><bridge/></interface>",
       "<interface type='bridge' name='br0'><bridge></bridge></interface>"},
      {// bridge-two
       "<interface type='bridge' name='br0'><bridge delay='1'/><bridge delay='2'/></interface>",
       "<interface type='bridge' name='br0'><bridge delay='1'></bridge></interface>"},
      {// bond-both
       "<interface type='bond' name='bond0'><bond><arpmon/><miimon freq='5'/></bond></interface>",
       "<interface type='bond' name='bond0'><bond><miimon freq='5'/></bond></interface>"},
      {// bond-mode-bad
       "<interface type='bond' name='b'><bond mode='none'/></interface>",
       "(failed) XML error: unknown bonding mode none"},
      {// bond-mode-empty
       "<interface type='bond' name='b'><bond mode=''/></interface>",
       "<interface type='bond' name='b'><bond></bond></interface>"},
      {// bond-member-bond
       "<interface type='bond' name='b'><bond><interface type='bond' name='c'/></bond></interface>",
       "(failed) XML error: interface has unsupported type 'bond'"},
      {// bond-member-first-bad-then-mii
       "<interface type='bond' name='b'><bond><miimon freq='x'/><interface "
       "type='ethernet'/></bond></interface>",
       "(failed) XML error: interface has no name"},
      {// bond-mii-nofreq
       "<interface type='bond' name='b'><bond><miimon/></bond></interface>",
       "(failed) XML error: bond interface miimon freq missing or invalid"},
      {// bond-mii-negdelay
       "<interface type='bond' name='b'><bond><miimon freq='-1' downdelay='-5' "
       "updelay='0'/></bond></interface>",
       "<interface type='bond' name='b'><bond><miimon freq='-1'/></bond></interface>"},
      {// bond-mii-baddown
       "<interface type='bond' name='b'><bond><miimon freq='1' downdelay='q'/></bond></interface>",
       "(failed) XML error: bond interface miimon downdelay invalid"},
      {// bond-mii-carrier-bad
       "<interface type='bond' name='b'><bond><miimon freq='1' carrier='none'/></bond></interface>",
       "(failed) XML error: unknown mii bonding carrier none"},
      {// bond-mii-two
       "<interface type='bond' name='b'><bond><miimon/><miimon freq='7' "
       "carrier='netif'/></bond></interface>",
       "<interface type='bond' name='b'><bond><miimon freq='7' "
       "carrier='netif'/></bond></interface>"},
      {// bond-arp-notarget
       "<interface type='bond' name='b'><bond><arpmon interval='1'/></bond></interface>",
       "(failed) XML error: bond interface arpmon target missing"},
      {// bond-arp-emptytarget
       "<interface type='bond' name='b'><bond><arpmon interval='1' target=''/></bond></interface>",
       "(failed) XML error: bond interface arpmon target missing"},
      {// bond-arp-badvalidate
       "<interface type='bond' name='b'><bond><arpmon interval='1' target='t' "
       "validate='none'/></bond></interface>",
       "(failed) XML error: unknown arp bonding validate none"},
      {// bond-arp-validates
       "<interface type='bond' name='b'><bond><arpmon interval='0' target='t&amp;' "
       "validate='active'/></bond></interface>",
       "<interface type='bond' name='b'><bond><arpmon interval='0' target='t&' "
       "validate='active'/></bond></interface>"},
      {// vlan-notag
       "<interface type='vlan' name='v'><vlan><interface name='eth0'/></vlan></interface>",
       "(failed) XML error: vlan interface misses the tag attribute"},
      {// vlan-emptytag
       "<interface type='vlan' name='v'><vlan tag=''><interface name='eth0'/></vlan></interface>",
       "(failed) XML error: vlan interface misses the tag attribute"},
      {// vlan-nodev
       "<interface type='vlan' name='v'><vlan tag='1'/></interface>",
       "(failed) XML error: vlan interface misses name attribute"},
      {// vlan-devnoname
       "<interface type='vlan' name='v'><vlan tag='1'><interface/></vlan></interface>",
       "(failed) XML error: vlan interface misses name attribute"},
      {// vlan-devtwo
       "<interface type='vlan' name='v'><vlan tag='1'><interface/><interface "
       "name='e1'/></vlan></interface>",
       "<interface type='vlan' name='v'><vlan tag='1'><interface name='e1'/></vlan></interface>"},
      {// vlan-tagtext
       "<interface type='vlan' name='v'><vlan tag='abc&amp;'><interface "
       "name='e&amp;1'/></vlan></interface>",
       "<interface type='vlan' name='v'><vlan tag='abc&'><interface "
       "name='e&1'/></vlan></interface>"},
      {// eth-with-bridge-el
       "<interface type='ethernet' name='e'><bridge stp='bad'/><bond mode='x'/><vlan/></interface>",
       "<interface type='ethernet' name='e'></interface>"},
      {// bridge-full
       "<interface type='bridge' name='br0'><start mode='onboot'/><mtu size='9000'/><protocol "
       "family='ipv4'><dhcp/></protocol><link state='up'/><mac "
       "address='11:22:33:44:55:66'/><bridge stp='off' delay='0.01'><interface type='ethernet' "
       "name='eth0'><mac address='ab:bb:cc:dd:ee:ff'/><link speed='10' state='down'/><start "
       "mode='onboot'/><mtu size='100'/></interface><interface type='bond' name='bond1'><bond "
       "mode='active-backup'><miimon freq='100'/><interface type='ethernet' "
       "name='eth3'/></bond></interface><interface type='vlan' name='eth0.42'><vlan "
       "tag='42'><interface name='eth0'/></vlan></interface></bridge></interface>",
       "<interface type='bridge' name='br0'><start mode='onboot'/><mtu size='9000'/><protocol "
       "family='ipv4'><dhcp/></protocol><bridge stp='off' delay='0.01'><interface type='ethernet' "
       "name='eth0'><link speed='10' state='down'/><mac "
       "address='ab:bb:cc:dd:ee:ff'/></interface><interface type='bond' name='bond1'><bond "
       "mode='active-backup'><miimon freq='100'/><interface type='ethernet' "
       "name='eth3'></interface></bond></interface><interface type='vlan' name='eth0.42'><vlan "
       "tag='42'><interface name='eth0'/></vlan></interface></bridge></interface>"},
      {// ordering-mtu-vs-proto
       "<interface type='ethernet' name='e'><protocol/><mtu size='200000'/></interface>",
       "(failed) XML error: value of the 'size' attribute of 'mtu' element must be at most 100000"},
      {// ordering-dhcp-vs-ip
       "<interface type='ethernet' name='e'><protocol family='ipv4'><ip address='1' "
       "prefix='x'/><dhcp peerdns='x'/></protocol></interface>",
       "(failed) XML error: Invalid value for attribute 'peerdns' in element 'dhcp': 'x'."},
      {// ordering-link-state-speed
       "<interface type='ethernet' name='e'><link speed='x' state='y'/></interface>",
       "(failed) XML error: Invalid value for attribute 'state' in element 'link': 'y'."},
  };
  for (const Case &c : cases) EXPECT_EQ(define(c.xml), c.want) << c.xml;
}

}  // namespace
