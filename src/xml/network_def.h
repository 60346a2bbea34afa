// SPDX-License-Identifier: LGPL-2.1-or-later
// Network definitions: libvirt's network XML (the parts the test driver
// keeps), parsed with libvirt's rules and errors and formatted as libvirt
// formats it; and libvirt's virNetworkDefUpdateSection.
#pragma once

#include <libxml/xpath.h>

#include <optional>
#include <string>
#include <vector>

#include "error/status.h"
#include "util/sockaddr.h"
#include "xml/xml.h"

namespace virtkit::conf {

// A numeric socket address (virSocketAddr): family 0 when unset.
using NetAddr = util::SockAddr;

struct DhcpLease {
  unsigned long long expiry = 0;
  int unit = 1;  // 0 seconds, 1 minutes, 2 hours
};

struct DhcpRange {
  NetAddr start, end;
  std::optional<DhcpLease> lease;
};

struct DhcpHost {
  std::optional<std::string> mac, id, name;
  NetAddr ip;
  std::optional<DhcpLease> lease;
};

struct NetIP {
  std::optional<std::string> family;
  NetAddr address, netmask;
  unsigned prefix = 0;
  int local_ptr = 0;  // tristate
  std::optional<std::string> tftp_root;
  std::vector<DhcpRange> ranges;
  std::vector<DhcpHost> hosts;
  std::optional<std::string> bootfile;
  NetAddr bootserver;
  int effective_prefix() const;
};

struct DnsForwarder {
  std::optional<std::string> domain;
  NetAddr addr;
};
struct DnsTxt {
  std::string name, value;
};
struct DnsSrv {
  std::optional<std::string> service, protocol, domain, target;
  unsigned port = 0, priority = 0, weight = 0;
};
struct DnsHost {
  NetAddr ip;
  std::vector<std::string> names;
};
struct NetDns {
  int enable = 0, forward_plain_names = 0;  // tristates
  std::vector<DnsForwarder> forwarders;
  std::vector<DnsTxt> txts;
  std::vector<DnsSrv> srvs;
  std::vector<DnsHost> hosts;
};

struct NetRoute {
  std::optional<std::string> family;
  NetAddr address, netmask, gateway;
  unsigned prefix = 0;
  bool has_prefix = false;
  unsigned metric = 0;
  bool has_metric = false;
};

struct NetBandwidthRate {
  unsigned long long average = 0, peak = 0, burst = 0, floor = 0;
};
struct NetBandwidth {
  std::optional<NetBandwidthRate> in, out;
};
struct Vlan {
  std::vector<unsigned> tags;
  bool trunk = false;
  int native_mode = 0;  // 0 default, 1 tagged, 2 untagged
  unsigned native_tag = 0;
};

// <virtualport> (virNetDevVPortProfile).
struct VirtPort {
  int type = 0;  // none, 802.1Qbg, 802.1Qbh, openvswitch, midonet
  std::optional<unsigned> manager_id, type_id, type_id_version;
  std::optional<std::string> instance_id, interface_id;  // formatted UUIDs
  std::string profile_id;
};

struct PortGroup {
  std::string name;
  bool is_default = false;
  int trust_guest_rx_filters = 0;
  Vlan vlan;
  std::optional<VirtPort> virtport;
  std::optional<NetBandwidth> bandwidth;
};

enum class ForwardType { none, nat, route, open, bridge, private_, vepa, passthrough, hostdev };

struct NetForward {
  ForwardType type = ForwardType::none;
  bool managed = false;
  int driver_name = 0;                 // 0 default, 1 kvm, 2 vfio
  std::vector<std::string> ifs;        // netdev interfaces
  std::vector<std::string> pci_addrs;  // formatted <address .../> lines
  std::optional<std::string> pf;
  NetAddr nat_start, nat_end;
  unsigned port_start = 0, port_end = 0;
  int nat_ipv6 = 0;
};

struct NetworkDef {
  std::string name;
  unsigned char uuid[16]{};
  bool ipv6nogw = false;
  int trust_guest_rx_filters = 0;
  std::optional<std::string> domain;
  int domain_local_only = 0;
  std::optional<std::string> bridge, bridge_zone;
  bool stp = true;
  unsigned long delay = 0;
  int mac_table_manager = 0;
  std::optional<std::string> mac;  // normalised
  unsigned mtu = 0;
  NetDns dns;
  Vlan vlan;
  std::optional<NetBandwidth> bandwidth;
  int isolated_port = 0;
  std::vector<NetIP> ips;
  std::vector<NetRoute> routes;
  std::optional<VirtPort> virtport;
  std::vector<PortGroup> portgroups;
  NetForward forward;
  std::optional<std::string> metadata;  // the element as libvirt prints it
};

// Shared with the domain's <interface>: virNetDevVlanParse/Format and
// virNetDevVPortProfileParse/Format (flags: 1 type required, 2 generate
// missing ids, 4 require all of the type's parameters).
Status parse_net_vlan(xmlNodePtr node, xmlXPathContextPtr ctxt, Vlan &vlan);
void format_net_vlan(xml::Buffer &buf, const Vlan &vlan);
Status parse_virtualport(xmlNodePtr node, unsigned flags, std::optional<VirtPort> &out);
void format_virtualport(xml::Buffer &buf, const std::optional<VirtPort> &vp);
// virNetDevIPRouteParseXML (`detail` starts its messages) and
// virNetDevIPRouteFormat.
Status parse_net_route(const std::string &detail, xmlNodePtr node, NetRoute &r);
void format_net_route(xml::Buffer &buf, const NetRoute &r);

// virNetworkDefParse (a document) / virNetworkDefParseXML (the node at
// ctxt->node).
Result<NetworkDef> parse_network(const char *xml_text, bool validate);
Result<NetworkDef> parse_network_node(xmlXPathContextPtr ctxt);
// virNetworkDefFormat (flags: VIR_NETWORK_XML_INACTIVE).
std::string format_network(const NetworkDef &def, unsigned flags = 0);
// virNetworkDefCopy: a format/parse round trip (errors as a parse's).
Result<NetworkDef> copy_network(const NetworkDef &def, unsigned flags = 0);
// virNetworkDefUpdateSection.
Status update_network_section(NetworkDef &def, unsigned command, unsigned section, int parent_index,
                              const char *xml_text);

}  // namespace virtkit::conf
