// SPDX-License-Identifier: LGPL-2.1-or-later
// The host interface definition model (<interface> documents of the
// interface driver): parsed and formatted as libvirt 9.0.0's interface
// configuration code does. Enumerations follow libvirt's numbering.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <libxml/xpath.h>

#include "error/status.h"
#include "xml/xml.h"

namespace virtkit::conf {

enum class IfaceType { ethernet, bridge, bond, vlan, last };
enum class IfaceStart { unspecified, none, onboot, hotplug };

// A link's state and speed (libvirt's virNetDevIfLink), shared with node
// devices' net capability.
struct IfLink {
  int state = 0;  // virNetDevIfState: 0 none, 1 unknown ... 7 up
  unsigned speed = 0;
};

struct IfaceIp {
  std::optional<std::string> address;  // an <ip> without one is dropped on format
  int prefix = 0;
};

struct IfaceProtocol {
  std::string family;  // "ipv4" or "ipv6"
  bool dhcp = false;
  int peerdns = -1;  // -1 unset, 0 no, 1 yes
  bool autoconf = false;
  std::vector<IfaceIp> ips;
  std::optional<std::string> gateway;
};

struct InterfaceDef {
  IfaceType type = IfaceType::ethernet;
  std::string name;
  unsigned mtu = 0;
  std::optional<std::string> mac;
  IfLink link;
  IfaceStart start = IfaceStart::unspecified;
  std::vector<IfaceProtocol> protocols;

  // bridge
  int stp = -1;
  std::optional<std::string> delay;
  // bridge and bond members
  std::vector<std::unique_ptr<InterfaceDef>> members;
  // bond
  int bond_mode = 0;  // none, balance-rr, active-backup, balance-xor, broadcast, 802.3ad,
                      // balance-tlb, balance-alb
  int monit = 0;      // 0 none, 1 miimon, 2 arpmon
  int frequency = 0;
  int downdelay = 0;
  int updelay = 0;
  int carrier = 0;  // 0 none, 1 ioctl, 2 netif
  int interval = 0;
  std::optional<std::string> target;
  int validate = 0;  // 0 none, 1 active, 2 backup, 3 all
  // vlan
  std::optional<std::string> tag;
  std::optional<std::string> vlan_dev;

  InterfaceDef() = default;
  InterfaceDef(const InterfaceDef &o);
  InterfaceDef &operator=(const InterfaceDef &) = delete;
};

// virNetDevIfState names ("" for none) and the <link> element.
const std::vector<std::string_view> &if_link_states();
Status parse_if_link(xmlNodePtr node, IfLink &link);
void format_if_link(xml::Buffer &buf, const IfLink &link);  // nothing when unset

// virInterfaceDefParseString (`validate`: VIR_INTERFACE_DEFINE_VALIDATE).
Result<std::unique_ptr<InterfaceDef>> parse_interface(const char *xml_text, bool validate);
// virInterfaceDefParseXML of a top-level <interface> at ctxt->node.
Result<std::unique_ptr<InterfaceDef>> parse_interface_node(xmlXPathContextPtr ctxt);
// virInterfaceDefFormat.
std::string format_interface(const InterfaceDef &def);

}  // namespace virtkit::conf
