// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/network_def.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <cstring>
#include <random>
#include <string_view>

#include "util/mac.h"
#include "util/numbers.h"
#include "util/uuid.h"
#include "xml/device_info.h"
#include "xml/domain_def.h"
#include "xml/xml.h"

namespace virtkit::conf {

namespace {

constexpr int kFrom = VIR_FROM_NETWORK;

using xml::Buffer;
using xml::prop;
using xml::xpath_node;
using xml::xpath_nodes;
using xml::xpath_string;

const std::vector<std::string_view> kForwardNames = {
    "none", "nat", "route", "open", "bridge", "private", "vepa", "passthrough", "hostdev"};
const std::vector<std::string_view> kMacTableNames = {"default", "kernel", "libvirt"};
const std::vector<std::string_view> kDriverNames = {"default", "kvm", "vfio"};
const std::vector<std::string_view> kLeaseUnits = {"seconds", "minutes", "hours"};
const char *tristate_bool(int v) {
  return v == 1 ? "yes" : "no";
}

Status parse_addr(NetAddr &out, const std::string &text, int family) {
  return util::parse_sockaddr(out, text, family);
}

int addr_len(const NetAddr &a) {
  return a.length();
}

// The address masked to `prefix` bits.
NetAddr mask(const NetAddr &a, int prefix) {
  NetAddr r = a;
  int len = addr_len(a);
  for (int i = 0; i < len; i++) {
    int bits = prefix - i * 8;
    unsigned char m = bits >= 8   ? 0xff
                      : bits <= 0 ? 0
                                  : static_cast<unsigned char>(0xff << (8 - bits));
    r.bytes[i] &= m;
  }
  return r;
}

int compare(const NetAddr &a, const NetAddr &b) {
  return std::memcmp(a.bytes, b.bytes, static_cast<size_t>(addr_len(a)));
}

Result<int> tristate(xmlNodePtr node, const char *name, int &out) {
  return xml::prop_tristate_bool(node, name, xml::kPropNone, out);
}

Status parse_lease(std::optional<DhcpLease> &lease, xmlNodePtr node) {
  auto expiry_s = prop(node, "expiry");
  if (!expiry_s) return Status();
  unsigned long long expiry = 0;
  if (!util::str_to_ullp(expiry_s->c_str(), 0, expiry))  // any base, as libvirt
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                 "Invalid value for attribute '%s' in element '%s': '%s'. Expected non-negative "
                 "integer value",
                 "expiry", xml::name_of(node), expiry_s->c_str());
  int unit = 1;
  VK_TRY(xml::prop_enum(node, "unit", kLeaseUnits, xml::kPropNone, unit, 1));
  if (expiry > 0 && ((unit == 0 && expiry < 120) || (unit == 1 && expiry < 2)))
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "The minimum lease time should be greater than 2 minutes");
  lease = DhcpLease{expiry, unit};
  return Status();
}

// virSocketAddrGetRange's checks.
Status check_range(const NetAddr &start, const NetAddr &end, const NetAddr *net, int prefix) {
  std::string s = start.format(), e = end.format();
  if (start.family != end.family)
    return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                 "mismatch of address family in range %s - %s", s.c_str(), e.c_str());
  if (net) {
    std::string n = net->format();
    if (net->family != start.family)
      return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                   "mismatch of address family in range %s - %s for network %s", s.c_str(),
                   e.c_str(), n.c_str());
    if (prefix < 0 || prefix > addr_len(*net) * 8)
      return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                   "bad prefix %d for network %s when  checking range %s - %s", prefix, n.c_str(),
                   s.c_str(), e.c_str());
    NetAddr m = mask(*net, prefix);
    if (!(mask(start, prefix) == m) || !(mask(end, prefix) == m))
      return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                   "range %s - %s is not entirely within network %s/%d", s.c_str(), e.c_str(),
                   n.c_str(), prefix);
    if (start.family == AF_INET && prefix < 31) {
      if (start == m)
        return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                     "start of range %s - %s in network %s/%d is the network address", s.c_str(),
                     e.c_str(), n.c_str(), prefix);
      NetAddr bcast = m;
      for (int i = 0; i < 4; i++) {
        int bits = prefix - i * 8;
        unsigned char keep = bits >= 8   ? 0xff
                             : bits <= 0 ? 0
                                         : static_cast<unsigned char>(0xff << (8 - bits));
        bcast.bytes[i] |= static_cast<unsigned char>(~keep);
      }
      if (end == bcast)
        return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                     "end of range %s - %s in network %s/%d is the broadcast address", s.c_str(),
                     e.c_str(), n.c_str(), prefix);
    }
  }
  // Only the last 16 bits may differ; then the end must not come first.
  int keep = start.family == AF_INET ? 2 : 14;
  if (std::memcmp(start.bytes, end.bytes, static_cast<size_t>(keep)) != 0)
    return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR, "range %s - %s is too large (> 65535)",
                 s.c_str(), e.c_str());
  if (compare(start, end) > 0)
    return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                 start.family == AF_INET ? "range %s - %s is reversed "
                                         : "range %s - %s start larger than end",
                 s.c_str(), e.c_str());
  return Status();
}

Status parse_range(const std::string &net, const NetIP &ip, xmlNodePtr node, DhcpRange &range) {
  auto start = prop(node, "start");
  if (!start)
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "Missing 'start' attribute in dhcp range for network '%s'", net.c_str());
  VK_TRY(parse_addr(range.start, *start, AF_UNSPEC));
  auto end = prop(node, "end");
  if (!end)
    return error(kFrom, VIR_ERR_XML_ERROR, "Missing 'end' attribute in dhcp range for network '%s'",
                 net.c_str());
  VK_TRY(parse_addr(range.end, *end, AF_UNSPEC));
  VK_TRY(check_range(range.start, range.end, &ip.address, ip.effective_prefix()));
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xml::name_is(c, "lease"))
      VK_TRY(parse_lease(range.lease, c));
  return Status();
}

Status parse_dhcp_host(const std::string &net, const NetIP &ip, xmlNodePtr node, DhcpHost &host,
                       bool partial) {
  auto mac = prop(node, "mac");
  if (mac) {
    if (ip.address.family == AF_INET6)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "Invalid to specify MAC address '%s' in network '%s' IPv6 static host "
                   "definition",
                   mac->c_str(), net.c_str());
    util::MacAddr m;
    if (!util::parse_mac(mac->c_str(), m))
      return error(kFrom, VIR_ERR_XML_ERROR, "Cannot parse MAC address '%s' in network '%s'",
                   mac->c_str(), net.c_str());
    if (m[0] & 1)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "expected unicast mac address, found multicast '%s' in network '%s'",
                   mac->c_str(), net.c_str());
  }
  auto id = prop(node, "id");
  if (id) {
    size_t bad = id->find_first_not_of("0123456789abcdefABCDEF:");
    if (bad != std::string::npos)
      return error(kFrom, VIR_ERR_XML_ERROR, "Invalid character '%c' in id '%s' of network '%s'",
                   (*id)[bad], id->c_str(), net.c_str());
  }
  auto name = prop(node, "name");
  if (name && !(name->size() && isalnum(static_cast<unsigned char>((*name)[0]))))
    return error(kFrom, VIR_ERR_XML_ERROR, "Cannot use host name '%s' in network '%s'",
                 name->c_str(), net.c_str());
  auto ipstr = prop(node, "ip");
  NetAddr addr;
  if (ipstr && !parse_addr(addr, *ipstr, AF_UNSPEC).ok())
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "Invalid IP address in static host definition for network '%s'", net.c_str());
  if (partial) {
    if (!(mac || name || ipstr))
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "At least one of name, mac, or ip attribute must be specified for static host "
                   "definition in network '%s' ",
                   net.c_str());
  } else {
    if (ip.address.family == AF_INET6) {
      if (!(id || name))
        return error(kFrom, VIR_ERR_XML_ERROR,
                     "Static host definition in IPv6 network '%s' must have id or name attribute",
                     net.c_str());
    } else if (!(mac || name)) {
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "Static host definition in IPv4 network '%s' must have mac or name attribute",
                   net.c_str());
    }
    if (!ipstr)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "Missing IP address in static host definition for network '%s'", net.c_str());
  }
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xml::name_is(c, "lease")) VK_TRY(parse_lease(host.lease, c));
  host.mac = mac;
  host.id = id;
  host.name = name;
  host.ip = addr;
  return Status();
}

Status parse_ip(const std::string &net, xmlNodePtr node, xmlXPathContextPtr ctxt, NetIP &ip) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  ip.family = xpath_string(ctxt, "string(./@family)");
  auto address = xpath_string(ctxt, "string(./@address)");
  if (!address)
    return error(kFrom, VIR_ERR_XML_ERROR, "Missing required address attribute in network '%s'",
                 net.c_str());
  if (!parse_addr(ip.address, *address, AF_UNSPEC).ok())
    return error(kFrom, VIR_ERR_XML_ERROR, "Invalid address '%s' in network '%s'", address->c_str(),
                 net.c_str());
  auto netmask = xpath_string(ctxt, "string(./@netmask)");
  if (netmask && !parse_addr(ip.netmask, *netmask, AF_UNSPEC).ok())
    return error(kFrom, VIR_ERR_XML_ERROR, "Invalid netmask '%s' in network '%s'", netmask->c_str(),
                 net.c_str());
  VK_TRY(xml::prop_uint(node, "prefix", 10, xml::kPropNone, ip.prefix));
  VK_TRY(tristate(node, "localPtr", ip.local_ptr));
  if (!ip.family || *ip.family == "ipv4") {
    if (ip.address.family != AF_INET)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "%s family specified for non-IPv4 address '%s' in network '%s'",
                   ip.family ? "ipv4" : "no", address->c_str(), net.c_str());
    if (netmask) {
      if (ip.netmask.family != AF_INET)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                     "Invalid netmask '%s' for address '%s' in network '%s' (both must be IPv4)",
                     netmask->c_str(), address->c_str(), net.c_str());
      if (ip.prefix > 0)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                     "Network '%s' IP address cannot have both a prefix and a netmask",
                     net.c_str());
    } else if (ip.prefix > 32) {
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid IPv4 prefix '%u' in network '%s'",
                   ip.prefix, net.c_str());
    }
  } else if (*ip.family == "ipv6") {
    if (ip.address.family != AF_INET6)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "Family 'ipv6' specified for non-IPv6 address '%s' in network '%s'",
                   address->c_str(), net.c_str());
    if (netmask)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "netmask not allowed for IPv6 address '%s' in network '%s'", address->c_str(),
                   net.c_str());
    if (ip.prefix > 128)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid IPv6 prefix '%u' in network '%s'",
                   ip.prefix, net.c_str());
  } else {
    return error(kFrom, VIR_ERR_XML_ERROR, "Unrecognized family '%s' in network '%s'",
                 ip.family->c_str(), net.c_str());
  }
  if (xmlNodePtr dhcp = xpath_node(ctxt, "./dhcp[1]")) {
    for (xmlNodePtr c = dhcp->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (xml::name_is(c, "range")) {
        DhcpRange r;
        VK_TRY(parse_range(net, ip, c, r));
        ip.ranges.push_back(std::move(r));
      } else if (xml::name_is(c, "host")) {
        DhcpHost h;
        VK_TRY(parse_dhcp_host(net, ip, c, h, false));
        ip.hosts.push_back(std::move(h));
      } else if (ip.address.family == AF_INET && xml::name_is(c, "bootp")) {
        auto file = prop(c, "file");
        if (!file) continue;
        NetAddr server;
        if (auto s = prop(c, "server")) VK_TRY(parse_addr(server, *s, AF_UNSPEC));
        ip.bootfile = file;
        ip.bootserver = server;
      }
    }
  }
  if (xpath_node(ctxt, "./tftp[1]")) {
    if (ip.address.family != AF_INET)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "Unsupported <tftp> element in an IPv6 element in network '%s'", net.c_str());
    ip.tftp_root = xpath_string(ctxt, "string(./tftp[1]/@root)");
  }
  return Status();
}

Status parse_dns_host(const std::string &net, xmlNodePtr node, DnsHost &host, bool partial) {
  auto ip = prop(node, "ip");
  if (!ip && !partial)
    return error(kFrom, VIR_ERR_XML_DETAIL, "Missing IP address in network '%s' DNS HOST record",
                 net.c_str());
  if (ip && !parse_addr(host.ip, *ip, AF_UNSPEC).ok())
    return error(kFrom, VIR_ERR_XML_DETAIL, "Invalid IP address in network '%s' DNS HOST record",
                 net.c_str());
  for (xmlNodePtr c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !xml::name_is(c, "hostname") || !c->children) continue;
    std::string name = xml::content(c);
    if (name.empty())
      return error(kFrom, VIR_ERR_XML_DETAIL, "Missing hostname in network '%s' DNS HOST record",
                   net.c_str());
    host.names.push_back(name);
  }
  if (host.names.empty() && !partial)
    return error(kFrom, VIR_ERR_XML_DETAIL, "Missing hostname in network '%s' DNS HOST record",
                 net.c_str());
  if (!host.ip.valid() && host.names.empty())
    return error(kFrom, VIR_ERR_XML_DETAIL,
                 "Missing ip and hostname in network '%s' DNS HOST record", net.c_str());
  return Status();
}

Status parse_srv(const std::string &net, xmlNodePtr node, xmlXPathContextPtr ctxt, DnsSrv &srv,
                 bool partial) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  const char *n = net.c_str();
  srv.service = prop(node, "service");
  if (!srv.service && !partial)
    return error(kFrom, VIR_ERR_XML_DETAIL,
                 "missing required service attribute in DNS SRV record of network '%s'", n);
  const char *service = srv.service ? srv.service->c_str() : "(null)";
  if (srv.service) {
    if (srv.service->size() > 512 - 30)
      return error(kFrom, VIR_ERR_XML_DETAIL,
                   "service attribute '%s' in network '%s' is too long, limit is %d bytes", service,
                   n, 512 - 30);
    if (srv.service->find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/*") !=
        std::string::npos)
      return error(kFrom, VIR_ERR_XML_DETAIL,
                   "invalid character in service attribute '%s' in DNS SRV record of network '%s'",
                   service, n);
  }
  srv.protocol = prop(node, "protocol");
  if (!srv.protocol && !partial)
    return error(kFrom, VIR_ERR_XML_DETAIL,
                 "missing required protocol attribute in DNS SRV record '%s' of network '%s'",
                 service, n);
  if (srv.protocol &&
      srv.protocol->find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-+/") != std::string::npos)
    return error(kFrom, VIR_ERR_XML_DETAIL,
                 "invalid character in protocol attribute '%s' in DNS SRV record of network '%s'",
                 srv.protocol->c_str(), n);
  srv.domain = prop(node, "domain");
  srv.target = prop(node, "target");
  struct Field {
    const char *xpath, *what, *invalid;
    unsigned *out;
    unsigned min;
  };
  const Field fields[] = {
      {"string(./@port)", "port", "invalid DNS SRV port attribute for service '%s' in network '%s'",
       &srv.port, 1},
      {"string(./@priority)", "priority",
       "Invalid DNS SRV priority attribute for service '%s' in network '%s'", &srv.priority, 0},
      {"string(./@weight)", "weight",
       "invalid DNS SRV weight attribute for service '%s' in network '%s'", &srv.weight, 0},
  };
  for (const Field &f : fields) {
    int rc = xml::xpath_uint(ctxt, f.xpath, *f.out);
    if (rc >= 0 && !srv.target)
      return error(kFrom, VIR_ERR_XML_DETAIL,
                   "DNS SRV %s attribute not permitted without target for service '%s' in network "
                   "'%s'",
                   f.what, service, n);
    if (rc == -2 || (rc >= 0 && (*f.out < f.min || *f.out > 65535)))
      return error(kFrom, VIR_ERR_XML_DETAIL, f.invalid, service, n);
  }
  return Status();
}

Status parse_txt(const std::string &net, xmlNodePtr node, DnsTxt &txt, bool partial) {
  auto name = prop(node, "name");
  if (!name)
    return error(kFrom, VIR_ERR_XML_DETAIL,
                 "missing required name attribute in DNS TXT record of network %s", net.c_str());
  if (name->find_first_of(" ,") != std::string::npos)
    return error(kFrom, VIR_ERR_XML_DETAIL,
                 "prohibited character in DNS TXT record name '%s' of network %s", name->c_str(),
                 net.c_str());
  auto value = prop(node, "value");
  if (!value && !partial)
    return error(kFrom, VIR_ERR_XML_DETAIL,
                 "missing required value attribute in DNS TXT record named '%s' of network %s",
                 name->c_str(), net.c_str());
  txt.name = *name;
  txt.value = value.value_or("");
  return Status();
}

// virNetDevBandwidthParse (floor never allowed for networks).
Status parse_rate(xmlNodePtr node, NetBandwidthRate &rate) {
  auto average = prop(node, "average"), peak = prop(node, "peak"), burst = prop(node, "burst"),
       floor = prop(node, "floor");
  if (average) {
    if (!util::str_to_ullp(average->c_str(), 10, rate.average))
      return error(VIR_FROM_NONE, VIR_ERR_CONFIG_UNSUPPORTED,
                   "could not convert bandwidth average value '%s'", average->c_str());
  } else if (!floor) {
    return error(VIR_FROM_NONE, VIR_ERR_XML_DETAIL, "%s",
                 "Missing mandatory average or floor attributes");
  }
  if ((peak || burst) && !average)
    return error(VIR_FROM_NONE, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "'peak' and 'burst' require 'average' attribute");
  if (peak && !util::str_to_ullp(peak->c_str(), 10, rate.peak))
    return error(VIR_FROM_NONE, VIR_ERR_CONFIG_UNSUPPORTED,
                 "could not convert bandwidth peak value '%s'", peak->c_str());
  if (burst && !util::str_to_ullp(burst->c_str(), 10, rate.burst))
    return error(VIR_FROM_NONE, VIR_ERR_CONFIG_UNSUPPORTED,
                 "could not convert bandwidth burst value '%s'", burst->c_str());
  if (floor && !util::str_to_ullp(floor->c_str(), 10, rate.floor))
    return error(VIR_FROM_NONE, VIR_ERR_CONFIG_UNSUPPORTED,
                 "could not convert bandwidth floor value '%s'", floor->c_str());
  return Status();
}

Status parse_bandwidth(xmlNodePtr node, std::optional<NetBandwidth> &out) {
  if (prop(node, "classID"))
    return error(VIR_FROM_NONE, VIR_ERR_XML_DETAIL, "%s",
                 "classID attribute not supported on <bandwidth> in this usage context");
  xmlNodePtr in = nullptr, outn = nullptr;
  for (xmlNodePtr c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (xml::name_is(c, "inbound")) {
      if (in)
        return error(VIR_FROM_NONE, VIR_ERR_XML_DETAIL, "%s",
                     "Only one child <inbound> element allowed");
      in = c;
    } else if (xml::name_is(c, "outbound")) {
      if (outn)
        return error(VIR_FROM_NONE, VIR_ERR_XML_DETAIL, "%s",
                     "Only one child <outbound> element allowed");
      outn = c;
    }
  }
  NetBandwidth bw;
  if (in) {
    bw.in.emplace();
    VK_TRY(parse_rate(in, *bw.in));
    if (bw.in->floor)
      return error(VIR_FROM_NONE, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "floor attribute is not supported for this config");
  }
  if (outn) {
    bw.out.emplace();
    VK_TRY(parse_rate(outn, *bw.out));
    if (bw.out->floor)
      return error(VIR_FROM_NONE, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "'floor' attribute allowed only in <inbound> element");
  }
  if (bw.in || bw.out) out = std::move(bw);
  return Status();
}

void format_bandwidth(Buffer &buf, const std::optional<NetBandwidth> &bw) {
  if (!bw) return;
  buf.add("<bandwidth>\n");
  buf.indent(2);
  auto rate = [&](const std::optional<NetBandwidthRate> &r, const char *name) {
    if (!r || !(r->average || r->floor)) return;
    buf.addf("<%s", name);
    if (r->average) buf.addf(" average='%llu'", r->average);
    if (r->peak) buf.addf(" peak='%llu'", r->peak);
    if (r->floor) buf.addf(" floor='%llu'", r->floor);
    if (r->burst) buf.addf(" burst='%llu'", r->burst);
    buf.add("/>\n");
  };
  rate(bw->in, "inbound");
  rate(bw->out, "outbound");
  buf.indent(-2);
  buf.add("</bandwidth>\n");
}

const std::vector<std::string_view> kNativeModes = {"default", "tagged", "untagged"};

// virNetDevVlanParse.
Status parse_vlan(xmlNodePtr node, xmlXPathContextPtr ctxt, Vlan &vlan) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  auto tags = xpath_nodes(ctxt, "./tag");
  if (tags.empty())
    return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s",
                 "missing tag id - each <vlan> must have at least one <tag id='n'/> subelement");
  for (xmlNodePtr t : tags) {
    unsigned id = 0;
    VK_TRY(xml::prop_uint(t, "id", 10, xml::kPropRequired, id));
    if (id > 4095)
      return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "vlan tag id %u too large (maximum 4095)", id);
    int mode = 0;
    auto rc = xml::prop_enum(t, "nativeMode", kNativeModes, xml::kPropNonZero, mode);
    VK_TRY(rc);
    if (*rc == 1) {
      if (vlan.native_mode != 0)
        return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s", "duplicate native vlan setting");
      vlan.native_mode = mode;
      vlan.native_tag = id;
    }
    vlan.tags.push_back(id);
  }
  vlan.trunk = tags.size() > 1;
  if (auto trunk = xpath_string(ctxt, "string(./@trunk)")) {
    vlan.trunk = strcasecmp(trunk->c_str(), "yes") == 0;
    if (!vlan.trunk) {
      if (tags.size() > 1)
        return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR,
                     "invalid \"trunk='%s'\" in <vlan> - trunk='yes' is required for more than "
                     "one vlan tag",
                     trunk->c_str());
      if (vlan.native_mode)
        return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s",
                     "invalid configuration in <vlan> - \"trunk='no'\" is not allowed with a "
                     "native vlan id");
      if (strcasecmp(trunk->c_str(), "no") != 0)
        return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR,
                     "invalid \"trunk='%s'\" in <vlan> - must be yes or no", trunk->c_str());
    }
  }
  return Status();
}

void format_vlan(Buffer &buf, const Vlan &vlan) {
  if (vlan.tags.empty()) return;
  buf.addf("<vlan%s>\n", vlan.trunk ? " trunk='yes'" : "");
  buf.indent(2);
  for (unsigned t : vlan.tags) {
    if (vlan.native_mode && vlan.native_tag == t)
      buf.addf("<tag id='%u' nativeMode='%s'/>\n", t,
               kNativeModes[static_cast<size_t>(vlan.native_mode)].data());
    else
      buf.addf("<tag id='%u'/>\n", t);
  }
  buf.indent(-2);
  buf.add("</vlan>\n");
}

const std::vector<std::string_view> kVPortTypes = {"none", "802.1Qbg", "802.1Qbh", "openvswitch",
                                                   "midonet"};

// virNetDevVPortProfileParse; flags: 1 the type is required, 2 missing
// instance and interface ids are generated, 4 all the type's parameters
// are required (networks pass none but the first).
Status parse_virtport(xmlNodePtr node, unsigned flags, std::optional<VirtPort> &out) {
  bool require_type = flags & 1;
  VirtPort vp;
  if (auto type = prop(node, "type")) {
    vp.type = xml::enum_from_string(kVPortTypes, *type);
    if (vp.type <= 0)
      return error(VIR_FROM_NONE, VIR_ERR_CONFIG_UNSUPPORTED, "unknown virtualport type %s",
                   type->c_str());
  }
  if (vp.type == 0 && require_type)
    return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s", "missing required virtualport type");
  xmlNodePtr params = nullptr;
  for (xmlNodePtr c = node->children; c && !params; c = c->next)
    if (xml::name_is(c, "parameters")) params = c;
  if (params) {
    struct Num {
      const char *attr;
      std::optional<unsigned> *out;
      unsigned max;
      const char *bad, *range;
    };
    const Num nums[] = {
        {"managerid", &vp.manager_id, 0xff, "cannot parse value of managerid parameter",
         "value of managerid out of range"},
        {"typeid", &vp.type_id, 0xffffff, "cannot parse value of typeid parameter",
         "value for typeid out of range"},
        {"typeidversion", &vp.type_id_version, 0xff,
         "cannot parse value of typeidversion parameter", "value of typeidversion out of range"},
    };
    auto instance = prop(params, "instanceid"), profile = prop(params, "profileid"),
         interface = prop(params, "interfaceid");
    for (const Num &n : nums) {
      auto v = prop(params, n.attr);
      if (!v) continue;
      unsigned val = 0;
      if (!util::str_to_ui(v->c_str(), 0, val))
        return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s", n.bad);
      if (val > n.max) return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s", n.range);
      *n.out = val;
    }
    unsigned char uuid[16];
    if (instance) {
      if (!util::parse_uuid(instance->c_str(), uuid))
        return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s",
                     "cannot parse instanceid parameter as a uuid");
      vp.instance_id = util::format_uuid(uuid);
    }
    if (profile) {
      if (profile->size() >= 40)
        return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s", "profileid parameter too long");
      vp.profile_id = *profile;
    }
    if (interface) {
      if (!util::parse_uuid(interface->c_str(), uuid))
        return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s",
                     "cannot parse interfaceid parameter as a uuid");
      vp.interface_id = util::format_uuid(uuid);
    }
  }
  auto random_uuid = [] {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    unsigned char uuid[16];
    for (unsigned char &b : uuid) b = static_cast<unsigned char>(rng() & 0xff);
    uuid[6] = static_cast<unsigned char>((uuid[6] & 0x0F) | 0x40);
    uuid[8] = static_cast<unsigned char>((uuid[8] & 0x3F) | 0x80);
    return util::format_uuid(uuid);
  };
  if (flags & 2) {
    if (!vp.instance_id && (vp.type == 1 || vp.type == 0)) vp.instance_id = random_uuid();
    if (!vp.interface_id && (vp.type == 3 || vp.type == 0)) vp.interface_id = random_uuid();
  }
  if ((flags & 4) && vp.type != 0) {
    // virNetDevVPortProfileCheckComplete.
    const char *missing = nullptr;
    switch (vp.type) {
      case 1:
        missing = !vp.manager_id        ? "managerid"
                  : !vp.type_id         ? "typeid"
                  : !vp.type_id_version ? "typeidversion"
                  : !vp.instance_id     ? "instanceid"
                                        : nullptr;
        break;
      case 2:
        if (vp.profile_id.empty()) missing = "profileid";
        break;
      case 3:
      case 4:
        if (!vp.interface_id) missing = "interfaceid";
        break;
      default:
        break;
    }
    if (missing)
      return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "missing %s in <virtualport type='%s'>",
                   missing, kVPortTypes[static_cast<size_t>(vp.type)].data());
  }
  const char *extra = nullptr;
  switch (vp.type) {
    case 1:  // 802.1Qbg
      if (!vp.profile_id.empty())
        extra = "profileid";
      else if (vp.interface_id)
        extra = "interfaceid";
      break;
    case 2:  // 802.1Qbh
    case 3:  // openvswitch
      if (vp.manager_id)
        extra = "managerid";
      else if (vp.type_id)
        extra = "typeid";
      else if (vp.type_id_version)
        extra = "typeidversion";
      else if (vp.instance_id)
        extra = "instanceid";
      else if (vp.type == 2 && vp.interface_id)
        extra = "interfaceid";
      break;
    default:
      break;
  }
  if (extra)
    return error(VIR_FROM_NET, VIR_ERR_XML_ERROR, "extra %s unsupported in <virtualport type='%s'>",
                 extra, kVPortTypes[static_cast<size_t>(vp.type)].data());
  out = std::move(vp);
  return Status();
}

void format_virtport(Buffer &buf, const std::optional<VirtPort> &vp) {
  if (!vp) return;
  bool none = !(vp->manager_id || vp->type_id || vp->type_id_version || vp->instance_id ||
                !vp->profile_id.empty() || vp->interface_id);
  int t = vp->type;
  if (t == 0) {
    if (none) return;
    buf.add("<virtualport>\n");
  } else if (none) {
    buf.addf("<virtualport type='%s'/>\n", kVPortTypes[static_cast<size_t>(t)].data());
    return;
  } else {
    buf.addf("<virtualport type='%s'>\n", kVPortTypes[static_cast<size_t>(t)].data());
  }
  buf.indent(2);
  buf.add("<parameters");
  bool qbg = t == 1 || t == 0;
  if (vp->manager_id && qbg) buf.addf(" managerid='%d'", static_cast<int>(*vp->manager_id));
  if (vp->type_id && qbg) buf.addf(" typeid='%d'", static_cast<int>(*vp->type_id));
  if (vp->type_id_version && qbg)
    buf.addf(" typeidversion='%d'", static_cast<int>(*vp->type_id_version));
  if (vp->instance_id && qbg) buf.addf(" instanceid='%s'", vp->instance_id->c_str());
  if (vp->interface_id && (t == 4 || t == 3 || t == 0))
    buf.addf(" interfaceid='%s'", vp->interface_id->c_str());
  if (!vp->profile_id.empty() && (t == 3 || t == 2 || t == 0))
    buf.addf(" profileid='%s'", vp->profile_id.c_str());
  buf.add("/>\n");
  buf.indent(-2);
  buf.add("</virtualport>\n");
}

Status parse_portgroup(xmlNodePtr node, xmlXPathContextPtr ctxt, PortGroup &p) {
  auto n = xml::prop_xpath(node, "name", false);
  if (!n)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Missing required name attribute in portgroup");
  p.name = *n;
  auto d = prop(node, "default");
  p.is_default = d && strcasecmp(d->c_str(), "yes") == 0;
  VK_TRY(tristate(node, "trustGuestRxFilters", p.trust_guest_rx_filters));
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xml::name_is(c, "virtualport")) {
      VK_TRY(parse_virtport(c, false, p.virtport));
      break;
    }
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xml::name_is(c, "bandwidth")) {
      VK_TRY(parse_bandwidth(c, p.bandwidth));
      break;
    }
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xml::name_is(c, "vlan")) {
      VK_TRY(parse_vlan(c, ctxt, p.vlan));
      break;
    }
  return Status();
}

Status parse_dns(const std::string &net, xmlNodePtr node, xmlXPathContextPtr ctxt, NetDns &dns) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  VK_TRY(tristate(node, "enable", dns.enable));
  VK_TRY(tristate(node, "forwardPlainNames", dns.forward_plain_names));
  auto fwds = xpath_nodes(ctxt, "./forwarder");
  for (xmlNodePtr f : fwds) {
    DnsForwarder fw;
    auto addr = prop(f, "addr");
    if (addr && !parse_addr(fw.addr, *addr, AF_UNSPEC).ok())
      return error(kFrom, VIR_ERR_XML_ERROR, "Invalid forwarder IP address '%s' in network '%s'",
                   addr->c_str(), net.c_str());
    fw.domain = prop(f, "domain");
    if (!(addr || fw.domain))
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "Invalid forwarder element, must contain at least one of addr or domain");
    dns.forwarders.push_back(std::move(fw));
  }
  auto hosts = xpath_nodes(ctxt, "./host");
  for (xmlNodePtr h : hosts) {
    DnsHost host;
    VK_TRY(parse_dns_host(net, h, host, false));
    dns.hosts.push_back(std::move(host));
  }
  auto srvs = xpath_nodes(ctxt, "./srv");
  for (xmlNodePtr n : srvs) {
    DnsSrv srv;
    VK_TRY(parse_srv(net, n, ctxt, srv, false));
    dns.srvs.push_back(std::move(srv));
  }
  auto txts = xpath_nodes(ctxt, "./txt");
  for (xmlNodePtr n : txts) {
    DnsTxt txt;
    VK_TRY(parse_txt(net, n, txt, false));
    dns.txts.push_back(std::move(txt));
  }
  if (dns.enable == 2 && (fwds.size() || hosts.size() || srvs.size() || txts.size()))
    return error(kFrom, VIR_ERR_XML_ERROR, "Extra data in disabled network '%s'", net.c_str());
  return Status();
}

Status parse_nat(const std::string &net, xmlNodePtr node, xmlXPathContextPtr ctxt,
                 NetForward &fwd) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  if (fwd.type != ForwardType::nat)
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "The <nat> element can only be used when <forward> 'mode' is 'nat' in network %s",
                 net.c_str());
  VK_TRY(tristate(node, "ipv6", fwd.nat_ipv6));
  auto addrs = xpath_nodes(ctxt, "./address");
  std::optional<std::string> start, end;
  if (addrs.size() > 1)
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "Only one <address> element is allowed in <nat> in <forward> in network %s",
                 net.c_str());
  if (addrs.size() == 1) {
    start = prop(addrs[0], "start");
    if (!start)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "missing 'start' attribute in <address> element in <nat> in <forward> in "
                   "network %s",
                   net.c_str());
    end = prop(addrs[0], "end");
    if (!end)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "missing 'end' attribute in <address> element in <nat> in <forward> in "
                   "network %s",
                   net.c_str());
    if (!parse_addr(fwd.nat_start, *start, AF_INET).ok())
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "Bad ipv4 start address '%s' in <nat> in <forward> in network '%s'",
                   start->c_str(), net.c_str());
    if (!parse_addr(fwd.nat_end, *end, AF_INET).ok())
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "Bad ipv4 end address '%s' in <nat> in <forward> in network '%s'", end->c_str(),
                   net.c_str());
    VK_TRY(check_range(fwd.nat_start, fwd.nat_end, nullptr, 0));
  }
  auto ports = xpath_nodes(ctxt, "./port");
  if (ports.size() > 1)
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "Only one <port> element is allowed in <nat> in <forward> in network %s",
                 net.c_str());
  if (ports.size() == 1) {
    if (xml::xpath_uint(ctxt, "string(./port[1]/@start)", fwd.port_start) < 0 ||
        fwd.port_start > 65535)
      return error(kFrom, VIR_ERR_XML_DETAIL,
                   "Missing or invalid 'start' attribute in <port> in <nat> in <forward> in "
                   "network %s",
                   net.c_str());
    if (xml::xpath_uint(ctxt, "string(./port[1]/@end)", fwd.port_end) < 0 || fwd.port_end > 65535 ||
        fwd.port_end < fwd.port_start)
      return error(kFrom, VIR_ERR_XML_DETAIL,
                   "Missing or invalid 'end' attribute in <port> in <nat> in <forward> in "
                   "network %s",
                   net.c_str());
  }
  return Status();
}

Status parse_forward(const std::string &net, xmlNodePtr node, xmlXPathContextPtr ctxt,
                     NetForward &fwd) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  auto mode = xpath_string(ctxt, "string(./@mode)");
  if (!mode) {
    fwd.type = ForwardType::nat;
  } else {
    int t = xml::enum_from_string(kForwardNames, *mode);
    if (t < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown forwarding type '%s'",
                   mode->c_str());
    fwd.type = static_cast<ForwardType>(t);
  }
  auto managed = xpath_string(ctxt, "string(./@managed)");
  if (managed && strcasecmp(managed->c_str(), "yes") == 0) fwd.managed = true;
  if (auto drv = xpath_string(ctxt, "string(./driver/@name)")) {
    int d = xml::enum_from_string(kDriverNames, *drv);
    if (d <= 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "Unknown forward <driver name='%s'/> in network %s", drv->c_str(), net.c_str());
    fwd.driver_name = d;
  }
  auto ifs = xpath_nodes(ctxt, "./interface");
  auto addrs = xpath_nodes(ctxt, "./address");
  auto pfs = xpath_nodes(ctxt, "./pf");
  auto nats = xpath_nodes(ctxt, "./nat");
  if (nats.size() > 1)
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "Only one <nat> element is allowed in <forward> of network %s", net.c_str());
  if (nats.size() == 1) VK_TRY(parse_nat(net, nats[0], ctxt, fwd));
  auto dev = xpath_string(ctxt, "string(./@dev)");
  if (dev && (addrs.size() || pfs.size()))
    return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                 "the <forward> 'dev' attribute cannot be used when <address> or <pf> "
                 "sub-elements are present in network %s");
  if (ifs.size() || dev) {
    if (dev) fwd.ifs.push_back(*dev);
    for (size_t i = 0; i < ifs.size(); i++) {
      auto d = prop(ifs[i], "dev");
      if (!d)
        return error(kFrom, VIR_ERR_XML_ERROR,
                     "Missing required dev attribute in <forward> <interface> element of network "
                     "%s",
                     net.c_str());
      if (i == 0 && dev) {
        if (*d != *dev)
          return error(kFrom, VIR_ERR_XML_ERROR,
                       "<forward dev='%s'> must match first <interface dev='%s'/> in network %s",
                       dev->c_str(), d->c_str(), net.c_str());
        continue;
      }
      for (const auto &existing : fwd.ifs)
        if (existing == *d)
          return error(kFrom, VIR_ERR_XML_ERROR,
                       "interface '%s' can only be listed once in network %s", d->c_str(),
                       net.c_str());
      fwd.ifs.push_back(*d);
    }
  } else if (addrs.size()) {
    for (xmlNodePtr a : addrs) {
      auto type = prop(a, "type");
      if (!type)
        return error(kFrom, VIR_ERR_XML_ERROR, "missing address type in network %s", net.c_str());
      bool known = *type == "pci" || *type == "netdev" || *type == "none";
      if (*type != "pci")
        return error(kFrom, known ? VIR_ERR_XML_ERROR : VIR_ERR_CONFIG_UNSUPPORTED,
                     known ? "unsupported address type '%s' in network %s"
                           : "unknown address type '%s' in network %s",
                     type->c_str(), net.c_str());
      conf::PciAddress pci;
      VK_TRY(conf::parse_pci_address(a, pci));
      unsigned dom = pci.domain, bus = pci.bus, slot = pci.slot, fn = pci.function;
      char buf[128];
      snprintf(buf, sizeof buf,
               "<address type='pci' domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>",
               dom, bus, slot, fn);
      for (const auto &e : fwd.pci_addrs)
        if (e == buf)
          return error(kFrom, VIR_ERR_XML_ERROR,
                       "PCI device '%04x:%02x:%02x.%x' can only be listed once in network %s", dom,
                       bus, slot, fn, net.c_str());
      fwd.pci_addrs.push_back(buf);
    }
  } else if (pfs.size() > 1) {
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "Only one <pf> element is allowed in <forward> of network %s", net.c_str());
  } else if (pfs.size() == 1) {
    fwd.pf = prop(pfs[0], "dev");
    if (!fwd.pf)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "Missing required dev attribute in <pf> element of network '%s'", net.c_str());
  }
  return Status();
}

// virNetDevIPRouteParseXML: the numbers first, then the addresses, checked
// per family; the address must be the network's own.
Status parse_route(const std::string &net, xmlNodePtr node, NetRoute &r) {
  auto rc = xml::prop_uint(node, "prefix", 10, xml::kPropNone, r.prefix);
  VK_TRY(rc);
  r.has_prefix = *rc == 1;
  auto rm = xml::prop_uint(node, "metric", 10, xml::kPropNonZero, r.metric);
  VK_TRY(rm);
  r.has_metric = *rm == 1;
  r.family = prop(node, "family");
  auto address = prop(node, "address"), netmask = prop(node, "netmask");
  auto gateway = prop(node, "gateway");
  auto fail = [&](const char *fmt, auto... args) {
    return error(kFrom, VIR_ERR_XML_ERROR, fmt, net.c_str(), args...);
  };
  if (!address) return fail("%s: Missing required address attribute in route definition");
  if (!gateway) return fail("%s: Missing required gateway attribute in route definition");
  if (!parse_addr(r.address, *address, AF_UNSPEC).ok())
    return fail("%s: Bad network address '%s' in route definition", address->c_str());
  if (!parse_addr(r.gateway, *gateway, AF_UNSPEC).ok())
    return fail("%s: Bad gateway address '%s' in route definition", gateway->c_str());
  if (!r.family || *r.family == "ipv4") {
    bool named = r.family.has_value();
    if (r.address.family != AF_INET)
      return fail(named ? "%s: IPv4 family specified for non-IPv4 address '%s' in route definition"
                        : "%s: No family specified for non-IPv4 address '%s' in route definition",
                  address->c_str());
    // libvirt names the address in the gateway's message too.
    if (r.gateway.family != AF_INET)
      return fail(named ? "%s: IPv4 family specified for non-IPv4 gateway '%s' in route definition"
                        : "%s: No family specified for non-IPv4 gateway '%s' in route definition",
                  address->c_str());
    if (netmask) {
      if (!parse_addr(r.netmask, *netmask, AF_UNSPEC).ok())
        return fail("%s: Bad netmask address '%s' in route definition", netmask->c_str());
      if (r.netmask.family != AF_INET)
        return fail("%s: Invalid netmask '%s' for address '%s' (both must be IPv4)",
                    netmask->c_str(), address->c_str());
      if (r.has_prefix) return fail("%s: Route definition cannot have both a prefix and a netmask");
    }
    if (r.prefix > 32)
      return fail("%s: Invalid prefix %u specified in route definition, must be 0 - 32", r.prefix);
  } else if (*r.family == "ipv6") {
    if (r.address.family != AF_INET6)
      return fail("%s: ipv6 family specified for non-IPv6 address '%s' in route definition",
                  address->c_str());
    if (netmask)
      return fail("%s: Specifying netmask invalid for IPv6 address '%s' in route definition",
                  address->c_str());
    if (r.gateway.family != AF_INET6)
      return fail("%s: ipv6 specified for non-IPv6 gateway address '%s' in route definition",
                  gateway->c_str());
    if (r.prefix > 128)
      return fail("%s: Invalid prefix %u specified in route definition, must be 0 - 128", r.prefix);
  } else {
    return fail("%s: Unrecognized family '%s' in route definition", r.family->c_str());
  }
  NetAddr network = r.address;
  if (netmask) {
    for (int i = 0; i < addr_len(network); i++) network.bytes[i] &= r.netmask.bytes[i];
  } else {
    network = mask(r.address, static_cast<int>(r.prefix));
  }
  if (compare(network, r.address) != 0)
    return fail("%s: Address '%s' in route definition is not a network address", address->c_str());
  return Status();
}

// <metadata>: kept as libvirt keeps it (one child per namespace, children
// without a namespace dropped) and printed with libxml2's indentation.
Status parse_metadata(std::optional<std::string> &out, xmlXPathContextPtr ctxt) {
  xmlNodePtr node = xpath_node(ctxt, "./metadata[1]");
  if (!node) return Status();
  std::unique_ptr<xmlNode, void (*)(xmlNodePtr)> copy(xmlCopyNode(node, 1), xmlFreeNode);
  if (!copy) return no_memory();
  std::vector<const xmlChar *> seen;
  for (xmlNodePtr child = copy->children; child;) {
    xmlNodePtr next = child->next;
    bool drop = !child->ns || !child->ns->href;
    if (!drop)
      for (const xmlChar *href : seen)
        if (xmlStrEqual(href, child->ns->href)) drop = true;
    if (drop) {
      xmlUnlinkNode(child);
      xmlFreeNode(child);
    } else {
      seen.push_back(child->ns->href);
    }
    child = next;
  }
  xmlBufferPtr buf = xmlBufferCreate();
  if (!buf) return no_memory();
  int old_indent = xmlIndentTreeOutput;
  xmlIndentTreeOutput = 1;
  int rc = xmlNodeDump(buf, copy->doc, copy.get(), 1, 1);
  xmlIndentTreeOutput = old_indent;
  if (rc < 0) {
    xmlBufferFree(buf);
    return error(VIR_FROM_XML, VIR_ERR_INTERNAL_ERROR, "%s", "Unable to format metadata element");
  }
  const char *text = reinterpret_cast<const char *>(xmlBufferContent(buf));
  while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r') text++;
  out = std::string(text);
  xmlBufferFree(buf);
  return Status();
}

const char *forward_name(ForwardType t) {
  return kForwardNames[static_cast<size_t>(t)].data();
}

void format_lease(Buffer &buf, const std::optional<DhcpLease> &lease, const char *close) {
  if (!lease) {
    buf.add("/>\n");
    return;
  }
  buf.add(">\n");
  buf.indent(2);
  if (!lease->expiry)
    buf.add("<lease expiry='0'/>\n");
  else
    buf.addf("<lease expiry='%llu' unit='%s'/>\n", lease->expiry,
             kLeaseUnits[static_cast<size_t>(lease->unit)].data());
  buf.indent(-2);
  buf.add(close);
}

void format_ip(Buffer &buf, const NetIP &ip) {
  buf.add("<ip");
  if (ip.family) buf.addf(" family='%s'", ip.family->c_str());
  if (ip.address.valid()) buf.addf(" address='%s'", ip.address.format().c_str());
  if (ip.netmask.valid()) buf.addf(" netmask='%s'", ip.netmask.format().c_str());
  if (ip.prefix > 0) buf.addf(" prefix='%u'", ip.prefix);
  if (ip.local_ptr) buf.addf(" localPtr='%s'", tristate_bool(ip.local_ptr));
  buf.add(">\n");
  buf.indent(2);
  buf.escape("<tftp root='%s'/>\n", ip.tftp_root);
  if (ip.ranges.size() || ip.hosts.size()) {
    buf.add("<dhcp>\n");
    buf.indent(2);
    for (const auto &r : ip.ranges) {
      buf.addf("<range start='%s' end='%s'", r.start.format().c_str(), r.end.format().c_str());
      format_lease(buf, r.lease, "</range>\n");
    }
    for (const auto &h : ip.hosts) {
      buf.add("<host");
      if (h.mac) buf.addf(" mac='%s'", h.mac->c_str());
      if (h.id) buf.addf(" id='%s'", h.id->c_str());
      if (h.name) buf.addf(" name='%s'", h.name->c_str());
      if (h.ip.valid()) buf.addf(" ip='%s'", h.ip.format().c_str());
      format_lease(buf, h.lease, "</host>\n");
    }
    if (ip.bootfile) {
      buf.escape("<bootp file='%s'", ip.bootfile->c_str());
      if (ip.bootserver.valid()) buf.escape(" server='%s'", ip.bootserver.format().c_str());
      buf.add("/>\n");
    }
    buf.indent(-2);
    buf.add("</dhcp>\n");
  }
  buf.indent(-2);
  buf.add("</ip>\n");
}

void format_dns(Buffer &buf, const NetDns &dns) {
  bool children = dns.forwarders.size() || dns.hosts.size() || dns.srvs.size() || dns.txts.size();
  if (!(dns.enable || dns.forward_plain_names || children)) return;
  buf.add("<dns");
  if (dns.enable) buf.addf(" enable='%s'", tristate_bool(dns.enable));
  if (dns.forward_plain_names)
    buf.addf(" forwardPlainNames='%s'", tristate_bool(dns.forward_plain_names));
  if (!children) {
    buf.add("/>\n");
    return;
  }
  buf.add(">\n");
  buf.indent(2);
  for (const auto &f : dns.forwarders) {
    buf.add("<forwarder");
    buf.escape(" domain='%s'", f.domain);
    if (f.addr.valid()) buf.addf(" addr='%s'", f.addr.format().c_str());
    buf.add("/>\n");
  }
  for (const auto &t : dns.txts) {
    buf.escape("<txt name='%s' ", t.name.c_str());
    buf.escape("value='%s'/>\n", t.value.c_str());
  }
  for (const auto &s : dns.srvs) {
    if (!s.service || !s.protocol) continue;
    buf.escape("<srv service='%s' ", s.service);
    buf.escape("protocol='%s'", s.protocol);
    buf.escape(" domain='%s'", s.domain);
    buf.escape(" target='%s'", s.target);
    if (s.port) buf.addf(" port='%d'", s.port);
    if (s.priority) buf.addf(" priority='%d'", s.priority);
    if (s.weight) buf.addf(" weight='%d'", s.weight);
    buf.add("/>\n");
  }
  for (const auto &h : dns.hosts) {
    buf.addf("<host ip='%s'>\n", h.ip.valid() ? h.ip.format().c_str() : "");
    buf.indent(2);
    for (const auto &n : h.names) buf.escape("<hostname>%s</hostname>\n", n.c_str());
    buf.indent(-2);
    buf.add("</host>\n");
  }
  buf.indent(-2);
  buf.add("</dns>\n");
}

Status check_element(const NetworkDef &def, xmlNodePtr node, const char *section) {
  if (!xml::name_is(node, section))
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "unexpected element <%s>, expecting <%s>, while updating network '%s'",
                 xml::name_of(node), section, def.name.c_str());
  return Status();
}

Status no_support(const NetworkDef &def, const char *section) {
  return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "can't update '%s' section of network '%s'",
               section, def.name.c_str());
}

Status unknown_command(unsigned command) {
  return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "unrecognized network update command code %d",
               static_cast<int>(command));
}

// virNetworkIPDefByIndex.
Result<NetIP *> ip_by_index(NetworkDef &def, int parent_index) {
  auto nth = [&](int family, size_t n) -> NetIP * {
    for (auto &ip : def.ips)
      if (family == AF_UNSPEC || ip.address.family == family) {
        if (n == 0) return &ip;
        n--;
      }
    return nullptr;
  };
  if (parent_index >= 0) {
    NetIP *ip = nth(AF_UNSPEC, static_cast<size_t>(parent_index));
    if (!ip)
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "couldn't update dhcp host entry - no <ip> element found at index %d in network "
                   "'%s'",
                   parent_index, def.name.c_str());
    return ip;
  }
  for (auto &ip : def.ips)
    if (ip.ranges.size() || ip.hosts.size()) return &ip;
  if (NetIP *ip = nth(AF_INET, 0)) return ip;
  if (NetIP *ip = nth(AF_INET6, 0)) return ip;
  return error(kFrom, VIR_ERR_OPERATION_INVALID,
               "couldn't update dhcp host entry - no <ip> element found in network '%s'",
               def.name.c_str());
}

Status check_multi_dhcp(const NetworkDef &def, const NetIP *ipdef) {
  for (const auto &ip : def.ips)
    if (&ip != ipdef && ip.address.family == ipdef->address.family &&
        (ip.ranges.size() || ip.hosts.size()))
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "dhcp is supported only for a single %s address on each network",
                   ipdef->address.family == AF_INET ? "IPv4" : "IPv6");
  return Status();
}

// virMacAddrCompare on the addresses as written.
bool mac_equal(const std::string &a, const std::string &b) {
  return util::compare_mac(a.c_str(), b.c_str()) == 0;
}

Status update_dhcp_host(NetworkDef &def, unsigned command, int parent_index, xmlNodePtr node) {
  bool partial = command == VIR_NETWORK_UPDATE_COMMAND_DELETE;
  auto ipres = ip_by_index(def, parent_index);
  VK_TRY(check_element(def, node, "host"));
  VK_TRY(ipres);
  NetIP *ipdef = *ipres;
  DhcpHost host;
  VK_TRY(parse_dhcp_host(def.name, *ipdef, node, host, partial));
  if (!partial && ipdef->address.family != host.ip.family)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "the address family of a host entry IP must match the address family of the "
                 "dhcp element's parent");
  auto &hosts = ipdef->hosts;
  if (command == VIR_NETWORK_UPDATE_COMMAND_MODIFY) {
    size_t i = 0;
    for (; i < hosts.size(); i++)
      if ((host.mac && hosts[i].mac && mac_equal(*host.mac, *hosts[i].mac)) ||
          (host.ip.valid() && host.ip == hosts[i].ip) || (host.name && host.name == hosts[i].name))
        break;
    if (i == hosts.size()) {
      std::string ip = host.ip.valid() ? host.ip.format() : "unknown";
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "couldn't locate an existing dhcp host entry with \"mac='%s'\" \"name='%s'\" "
                   "\"ip='%s'\" in network '%s'",
                   host.mac ? host.mac->c_str() : "unknown",
                   host.name ? host.name->c_str() : "(null)", ip.c_str(), def.name.c_str());
    }
    hosts[i] = std::move(host);
  } else if (command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ||
             command == VIR_NETWORK_UPDATE_COMMAND_ADD_LAST) {
    VK_TRY(check_multi_dhcp(def, ipdef));
    for (const auto &h : hosts)
      if ((host.mac && h.mac && mac_equal(*host.mac, *h.mac)) ||
          (host.name && host.name == h.name) || (host.ip.valid() && host.ip == h.ip)) {
        std::string ip = host.ip.valid() ? host.ip.format() : "unknown";
        return error(kFrom, VIR_ERR_OPERATION_INVALID,
                     "there is an existing dhcp host entry in network '%s' that matches \"<host "
                     "mac='%s' name='%s' ip='%s'/>\"",
                     def.name.c_str(), host.mac ? host.mac->c_str() : "unknown",
                     host.name ? host.name->c_str() : "(null)", ip.c_str());
      }
    if (command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST)
      hosts.insert(hosts.begin(), std::move(host));
    else
      hosts.push_back(std::move(host));
  } else if (command == VIR_NETWORK_UPDATE_COMMAND_DELETE) {
    size_t i = 0;
    for (; i < hosts.size(); i++)
      if ((!host.mac || !hosts[i].mac || mac_equal(*host.mac, *hosts[i].mac)) &&
          (!host.name || host.name == hosts[i].name) &&
          (!host.ip.valid() || host.ip == hosts[i].ip))
        break;
    if (i == hosts.size())
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "couldn't locate a matching dhcp host entry in network '%s'", def.name.c_str());
    hosts.erase(hosts.begin() + static_cast<long>(i));
  } else {
    return unknown_command(command);
  }
  return Status();
}

Status update_dhcp_range(NetworkDef &def, unsigned command, int parent_index, xmlNodePtr node) {
  auto ipres = ip_by_index(def, parent_index);
  VK_TRY(check_element(def, node, "range"));
  VK_TRY(ipres);
  NetIP *ipdef = *ipres;
  if (command == VIR_NETWORK_UPDATE_COMMAND_MODIFY)
    return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                 "dhcp ranges cannot be modified, only added or deleted");
  DhcpRange range;
  VK_TRY(parse_range(def.name, *ipdef, node, range));
  if (ipdef->address.family != range.start.family)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "the address family of a dhcp range must match the address family of the dhcp "
                 "element's parent");
  auto &ranges = ipdef->ranges;
  size_t i = 0;
  for (; i < ranges.size(); i++)
    if (ranges[i].start == range.start && ranges[i].end == range.end) break;
  if (command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ||
      command == VIR_NETWORK_UPDATE_COMMAND_ADD_LAST) {
    VK_TRY(check_multi_dhcp(def, ipdef));
    if (i < ranges.size())
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "there is an existing dhcp range entry in network '%s' that matches \"<range "
                   "start='%s' end='%s'/>\"",
                   def.name.c_str(), range.start.format().c_str(), range.end.format().c_str());
    if (command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST)
      ranges.insert(ranges.begin(), std::move(range));
    else
      ranges.push_back(std::move(range));
  } else if (command == VIR_NETWORK_UPDATE_COMMAND_DELETE) {
    if (i == ranges.size())
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "couldn't locate a matching dhcp range entry in network '%s'", def.name.c_str());
    ranges.erase(ranges.begin() + static_cast<long>(i));
  } else {
    return unknown_command(command);
  }
  return Status();
}

Status update_dns_host(NetworkDef &def, unsigned command, xmlNodePtr node) {
  bool add = command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ||
             command == VIR_NETWORK_UPDATE_COMMAND_ADD_LAST;
  if (command == VIR_NETWORK_UPDATE_COMMAND_MODIFY)
    return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                 "DNS HOST records cannot be modified, only added or deleted");
  VK_TRY(check_element(def, node, "host"));
  DnsHost host;
  VK_TRY(parse_dns_host(def.name, node, host, !add));
  auto &hosts = def.dns.hosts;
  int found = 0;
  size_t idx = 0;
  for (size_t i = 0; i < hosts.size(); i++) {
    bool hit = host.ip.valid() && host.ip == hosts[i].ip;
    if (!hit && !host.ip.valid() && !hosts[i].ip.valid()) hit = true;
    if (!add)
      for (const auto &n : host.names)
        for (const auto &m : hosts[i].names)
          if (n == m) hit = true;
    if (hit) {
      found++;
      idx = i;
    }
  }
  if (add) {
    if (found)
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "there is already at least one DNS HOST record with a matching field in "
                   "network %s",
                   def.name.c_str());
    if (command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST)
      hosts.insert(hosts.begin(), std::move(host));
    else
      hosts.push_back(std::move(host));
  } else if (command == VIR_NETWORK_UPDATE_COMMAND_DELETE) {
    if (!found)
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "couldn't locate a matching DNS HOST record in network %s", def.name.c_str());
    if (found > 1)
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "multiple matching DNS HOST records were found in network %s", def.name.c_str());
    hosts.erase(hosts.begin() + static_cast<long>(idx));
  } else {
    return unknown_command(command);
  }
  return Status();
}

Status update_forward_interface(NetworkDef &def, unsigned command, xmlNodePtr node) {
  VK_TRY(check_element(def, node, "interface"));
  if (command == VIR_NETWORK_UPDATE_COMMAND_MODIFY)
    return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                 "forward interface entries cannot be modified, only added or deleted");
  auto dev = prop(node, "dev");
  if (!dev)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing dev attribute in <interface> element");
  auto &ifs = def.forward.ifs;
  size_t i = 0;
  for (; i < ifs.size(); i++)
    if (ifs[i] == *dev) break;
  if (command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ||
      command == VIR_NETWORK_UPDATE_COMMAND_ADD_LAST) {
    if (i < ifs.size())
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "there is an existing interface entry in network '%s' that matches "
                   "\"<interface dev='%s'>\"",
                   def.name.c_str(), dev->c_str());
    ifs.insert(command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ? ifs.begin() : ifs.end(), *dev);
  } else if (command == VIR_NETWORK_UPDATE_COMMAND_DELETE) {
    if (i == ifs.size())
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "couldn't find an interface entry in network '%s' matching <interface "
                   "dev='%s'>",
                   def.name.c_str(), dev->c_str());
    ifs.erase(ifs.begin() + static_cast<long>(i));
  } else {
    return unknown_command(command);
  }
  return Status();
}

Status update_portgroup(NetworkDef &def, unsigned command, xmlNodePtr node,
                        xmlXPathContextPtr ctxt) {
  VK_TRY(check_element(def, node, "portgroup"));
  PortGroup pg;
  VK_TRY(parse_portgroup(node, ctxt, pg));
  int found_name = -1, found_default = -1;
  auto &pgs = def.portgroups;
  for (size_t i = 0; i < pgs.size(); i++) {
    if (pgs[i].name == pg.name) found_name = static_cast<int>(i);
    if (pgs[i].is_default) found_default = static_cast<int>(i);
  }
  bool add = command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ||
             command == VIR_NETWORK_UPDATE_COMMAND_ADD_LAST;
  if (found_name == -1 && (command == VIR_NETWORK_UPDATE_COMMAND_MODIFY ||
                           command == VIR_NETWORK_UPDATE_COMMAND_DELETE))
    return error(kFrom, VIR_ERR_OPERATION_INVALID,
                 "couldn't find a portgroup entry in network '%s' matching <portgroup name='%s'>",
                 def.name.c_str(), pg.name.c_str());
  if (found_name >= 0 && add)
    return error(kFrom, VIR_ERR_OPERATION_INVALID,
                 "there is an existing portgroup entry in network '%s' that matches \"<portgroup "
                 "name='%s'>\"",
                 def.name.c_str(), pg.name.c_str());
  if (command != VIR_NETWORK_UPDATE_COMMAND_DELETE && pg.is_default && found_default >= 0 &&
      found_default != found_name)
    return error(kFrom, VIR_ERR_OPERATION_INVALID,
                 "a different portgroup entry in network '%s' is already set as the default. "
                 "Only one default is allowed.",
                 def.name.c_str());
  if (command == VIR_NETWORK_UPDATE_COMMAND_MODIFY)
    pgs[static_cast<size_t>(found_name)] = std::move(pg);
  else if (add)
    pgs.insert(command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ? pgs.begin() : pgs.end(),
               std::move(pg));
  else if (command == VIR_NETWORK_UPDATE_COMMAND_DELETE)
    pgs.erase(pgs.begin() + found_name);
  else
    return unknown_command(command);
  return Status();
}

Status update_dns_txt(NetworkDef &def, unsigned command, xmlNodePtr node) {
  bool add = command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ||
             command == VIR_NETWORK_UPDATE_COMMAND_ADD_LAST;
  if (command == VIR_NETWORK_UPDATE_COMMAND_MODIFY)
    return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                 "DNS TXT records cannot be modified, only added or deleted");
  VK_TRY(check_element(def, node, "txt"));
  DnsTxt txt;
  VK_TRY(parse_txt(def.name, node, txt, !add));
  auto &txts = def.dns.txts;
  size_t i = 0;
  for (; i < txts.size(); i++)
    if (txts[i].name == txt.name) break;
  if (add) {
    if (i < txts.size())
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "there is already a DNS TXT record with name '%s' in network %s",
                   txt.name.c_str(), def.name.c_str());
    txts.insert(command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ? txts.begin() : txts.end(),
                std::move(txt));
  } else if (command == VIR_NETWORK_UPDATE_COMMAND_DELETE) {
    if (i == txts.size())
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "couldn't locate a matching DNS TXT record in network %s", def.name.c_str());
    txts.erase(txts.begin() + static_cast<long>(i));
  } else {
    return unknown_command(command);
  }
  return Status();
}

Status update_dns_srv(NetworkDef &def, unsigned command, xmlNodePtr node, xmlXPathContextPtr ctxt) {
  bool add = command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ||
             command == VIR_NETWORK_UPDATE_COMMAND_ADD_LAST;
  if (command == VIR_NETWORK_UPDATE_COMMAND_MODIFY)
    return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                 "DNS SRV records cannot be modified, only added or deleted");
  VK_TRY(check_element(def, node, "srv"));
  DnsSrv srv;
  VK_TRY(parse_srv(def.name, node, ctxt, srv, !add));
  auto &srvs = def.dns.srvs;
  int found = 0;
  size_t idx = 0;
  for (size_t i = 0; i < srvs.size(); i++)
    if ((!srv.domain || srv.domain == srvs[i].domain) &&
        (!srv.service || srv.service == srvs[i].service) &&
        (!srv.protocol || srv.protocol == srvs[i].protocol) &&
        (!srv.target || srv.target == srvs[i].target)) {
      found++;
      idx = i;
    }
  if (add) {
    if (found)
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "there is already at least one DNS SRV record matching all specified fields in "
                   "network %s",
                   def.name.c_str());
    srvs.insert(command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ? srvs.begin() : srvs.end(),
                std::move(srv));
  } else if (command == VIR_NETWORK_UPDATE_COMMAND_DELETE) {
    if (!found)
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "couldn't locate a matching DNS SRV record in network %s", def.name.c_str());
    if (found > 1)
      return error(kFrom, VIR_ERR_OPERATION_INVALID,
                   "multiple DNS SRV records matching all specified fields were found in network "
                   "%s",
                   def.name.c_str());
    srvs.erase(srvs.begin() + static_cast<long>(idx));
  } else {
    return unknown_command(command);
  }
  return Status();
}

}  // namespace

int NetIP::effective_prefix() const {
  if (prefix > 0) return static_cast<int>(prefix);
  if (netmask.valid()) {
    // virSocketAddrGetNumNetmaskBits: the leading ones, or -1 when a one
    // follows a zero (then libvirt refuses the ranges and routes).
    int bits = addr_len(netmask) * 8, n = 0;
    auto bit = [&](int j) { return (netmask.bytes[j / 8] >> (7 - j % 8)) & 1; };
    while (n < bits && bit(n)) n++;
    for (int j = n; j < bits; j++)
      if (bit(j)) return -1;
    return n;
  }
  if (address.family == AF_INET) {
    unsigned char a = address.bytes[0];
    if (a < 128) return 8;
    if (a < 192) return 16;
    if (a < 224) return 24;
    return -1;
  }
  if (address.family == AF_INET6) return 64;
  return 0;
}

Result<NetworkDef> parse_network_node(xmlXPathContextPtr ctxt) {
  NetworkDef def;
  auto name = xpath_string(ctxt, "string(./name[1])");
  if (!name) return error(kFrom, VIR_ERR_NO_NAME);
  if (name->find('/') != std::string::npos)
    return error(VIR_FROM_XML, VIR_ERR_XML_DETAIL, "invalid char in name: %c", '/');
  def.name = *name;
  auto uuid = xpath_string(ctxt, "string(./uuid[1])");
  if (!uuid) {
    generate_uuid(def.uuid);
  } else if (!util::parse_uuid(uuid->c_str(), def.uuid)) {
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "malformed uuid element");
  }
  if (auto v6 = xpath_string(ctxt, "string(./@ipv6)")) {
    if (*v6 == "yes")
      def.ipv6nogw = true;
    else if (*v6 != "no")
      return error(kFrom, VIR_ERR_XML_ERROR, "Invalid ipv6 setting '%s' in network '%s'",
                   v6->c_str(), def.name.c_str());
  }
  VK_TRY(tristate(ctxt->node, "trustGuestRxFilters", def.trust_guest_rx_filters));
  xmlNodePtr domain = xpath_node(ctxt, "./domain[1]");
  if (domain) {
    def.domain = prop(domain, "name");
    VK_TRY(tristate(domain, "localOnly", def.domain_local_only));
  }
  if (xmlNodePtr bw = xpath_node(ctxt, "./bandwidth")) VK_TRY(parse_bandwidth(bw, def.bandwidth));
  if (xmlNodePtr vlan = xpath_node(ctxt, "./vlan")) VK_TRY(parse_vlan(vlan, ctxt, def.vlan));
  if (xmlNodePtr port = xpath_node(ctxt, "./port"))
    VK_TRY(tristate(port, "isolated", def.isolated_port));
  def.bridge = xpath_string(ctxt, "string(./bridge[1]/@name)");
  def.bridge_zone = xpath_string(ctxt, "string(./bridge[1]/@zone)");
  auto stp = xpath_string(ctxt, "string(./bridge[1]/@stp)");
  def.stp = !(stp && *stp == "off");
  if (auto delay = xpath_string(ctxt, "string(./bridge[1]/@delay)")) {
    unsigned long long d = 0;
    if (!util::str_to_ullp(delay->c_str(), 10, d))
      return error(kFrom, VIR_ERR_XML_ERROR, "Invalid delay value in network '%s'",
                   def.name.c_str());
    def.delay = static_cast<unsigned long>(d);
  }
  if (auto mtm = xpath_string(ctxt, "string(./bridge[1]/@macTableManager)")) {
    def.mac_table_manager = xml::enum_from_string(kMacTableNames, *mtm);
    if (def.mac_table_manager <= 0)
      return error(kFrom, VIR_ERR_XML_ERROR, "Invalid macTableManager setting '%s' in network '%s'",
                   mtm->c_str(), def.name.c_str());
  }
  if (auto mac = xpath_string(ctxt, "string(./mac[1]/@address)")) {
    util::MacAddr m;
    if (!util::parse_mac(mac->c_str(), m))
      return error(kFrom, VIR_ERR_XML_ERROR, "Invalid bridge mac address '%s' in network '%s'",
                   mac->c_str(), def.name.c_str());
    if (m[0] & 1)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "Invalid multicast bridge mac address '%s' in network '%s'", mac->c_str(),
                   def.name.c_str());
    def.mac = util::format_mac(m);
  }
  if (auto mtu = xpath_string(ctxt, "string(./mtu/@size)")) {
    if (!util::str_to_ui(mtu->c_str(), 10, def.mtu))
      return error(kFrom, VIR_ERR_XML_ERROR, "Invalid mtu size '%s' in network '%s'", mtu->c_str(),
                   def.name.c_str());
  }
  if (xmlNodePtr dns = xpath_node(ctxt, "./dns")) VK_TRY(parse_dns(def.name, dns, ctxt, def.dns));
  if (xmlNodePtr vp = xpath_node(ctxt, "./virtualport"))
    VK_TRY(parse_virtport(vp, true, def.virtport));
  for (xmlNodePtr pg : xpath_nodes(ctxt, "./portgroup")) {
    PortGroup p;
    VK_TRY(parse_portgroup(pg, ctxt, p));
    def.portgroups.push_back(std::move(p));
  }
  for (xmlNodePtr ipn : xpath_nodes(ctxt, "./ip")) {
    NetIP ip;
    VK_TRY(parse_ip(def.name, ipn, ctxt, ip));
    def.ips.push_back(std::move(ip));
  }
  for (xmlNodePtr rn : xpath_nodes(ctxt, "./route")) {
    NetRoute r;
    VK_TRY(parse_route(def.name, rn, r));
    def.routes.push_back(std::move(r));
  }
  for (const auto &r : def.routes) {
    bool match = false;
    for (const auto &ip : def.ips) {
      if (ip.address.family != r.gateway.family) continue;
      int prefix = ip.effective_prefix();
      if (prefix >= 0 && mask(ip.address, prefix) == mask(r.gateway, prefix)) {
        match = true;
        break;
      }
    }
    if (!match)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "unreachable static route gateway '%s' specified for network '%s'",
                   r.gateway.format().c_str(), def.name.c_str());
  }
  if (xmlNodePtr fwd = xpath_node(ctxt, "./forward"))
    VK_TRY(parse_forward(def.name, fwd, ctxt, def.forward));
  const char *mode = forward_name(def.forward.type);
  const char *n = def.name.c_str();
  switch (def.forward.type) {
    case ForwardType::none:
      break;
    case ForwardType::route:
    case ForwardType::nat:
    case ForwardType::open:
      if (def.ips.empty())
        return error(kFrom, VIR_ERR_XML_ERROR,
                     "%s forwarding requested, but no IP address provided for network '%s'", mode,
                     n);
      if (def.forward.ifs.size() > 1)
        return error(kFrom, VIR_ERR_XML_ERROR,
                     "multiple forwarding interfaces specified for network '%s', only one is "
                     "supported",
                     n);
      if (def.forward.type == ForwardType::open && def.forward.ifs.size())
        return error(kFrom, VIR_ERR_XML_ERROR,
                     "forward dev not allowed for network '%s' with forward mode='%s'", n, mode);
      break;
    case ForwardType::private_:
    case ForwardType::vepa:
    case ForwardType::passthrough:
    case ForwardType::hostdev:
      if (def.bridge)
        return error(kFrom, VIR_ERR_XML_ERROR, "bridge name not allowed in %s mode (network '%s')",
                     mode, n);
      if (def.bridge_zone)
        return error(kFrom, VIR_ERR_XML_ERROR, "bridge zone not allowed in %s mode (network '%s')",
                     mode, n);
      if (def.mac_table_manager)
        return error(kFrom, VIR_ERR_XML_ERROR,
                     "bridge macTableManager setting not allowed in %s mode (network '%s')", mode,
                     n);
      [[fallthrough]];
    case ForwardType::bridge:
      if (def.delay || stp || def.bridge_zone)
        return error(kFrom, VIR_ERR_XML_ERROR,
                     "bridge delay/stp/zone options only allowed in route, nat, and isolated mode, "
                     "not in %s (network '%s')",
                     mode, n);
      if (def.bridge && (def.forward.ifs.size() || def.forward.pf))
        return error(kFrom, VIR_ERR_XML_ERROR,
                     "A network with forward mode='%s' can specify a bridge name or a forward dev, "
                     "but not both (network '%s')",
                     mode, n);
      break;
  }
  if (def.mtu && def.forward.type != ForwardType::none && def.forward.type != ForwardType::nat &&
      def.forward.type != ForwardType::route && def.forward.type != ForwardType::open)
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "mtu size only allowed in open, route, nat, and isolated mode, not in %s (network "
                 "'%s')",
                 mode, n);
  VK_TRY(parse_metadata(def.metadata, ctxt));
  return def;
}

Result<NetworkDef> parse_network(const char *xml_text, bool validate) {
  auto doc = xml::parse_string(kFrom, xml_text, "(network_definition)", "network", true);
  VK_TRY(doc);
  if (validate)
    VK_TRY(xml::validate_against_schema("/usr/share/libvirt/schemas/network.rng", doc->doc()));
  return parse_network_node(doc->ctxt());
}

std::string format_network(const NetworkDef &def, unsigned flags) {
  Buffer buf;
  buf.add("<network");
  if (def.ipv6nogw) buf.add(" ipv6='yes'");
  if (def.trust_guest_rx_filters)
    buf.addf(" trustGuestRxFilters='%s'", tristate_bool(def.trust_guest_rx_filters));
  buf.add(">\n");
  buf.indent(2);
  buf.escape("<name>%s</name>\n", def.name.c_str());
  buf.addf("<uuid>%s</uuid>\n", util::format_uuid(def.uuid).c_str());
  if (def.metadata) {
    buf.add(*def.metadata);
    buf.add("\n");
  }
  const NetForward &fwd = def.forward;
  if (fwd.type != ForwardType::none) {
    buf.add("<forward");
    if (!fwd.pf && fwd.ifs.size()) buf.escape(" dev='%s'", fwd.ifs[0].c_str());
    buf.addf(" mode='%s'", forward_name(fwd.type));
    if (fwd.type == ForwardType::hostdev) buf.add(fwd.managed ? " managed='yes'" : " managed='no'");
    bool shortfwd =
        !(fwd.ifs.size() || fwd.pci_addrs.size() || fwd.pf || fwd.nat_start.valid() ||
          fwd.nat_end.valid() || fwd.port_start || fwd.port_end || fwd.driver_name || fwd.nat_ipv6);
    buf.add(shortfwd ? "/>\n" : ">\n");
    buf.indent(2);
    if (fwd.driver_name)
      buf.addf("<driver name='%s'/>\n", kDriverNames[static_cast<size_t>(fwd.driver_name)].data());
    if (fwd.type == ForwardType::nat && (fwd.nat_start.valid() || fwd.nat_end.valid() ||
                                         fwd.port_start || fwd.port_end || fwd.nat_ipv6)) {
      buf.add("<nat");
      if (fwd.nat_ipv6) buf.addf(" ipv6='%s'", tristate_bool(fwd.nat_ipv6));
      if (!fwd.nat_start.valid() && !fwd.nat_end.valid() && !fwd.port_start && !fwd.port_end) {
        buf.add("/>\n");
      } else {
        buf.add(">\n");
        buf.indent(2);
        if (fwd.nat_start.valid()) {
          buf.addf("<address start='%s'", fwd.nat_start.format().c_str());
          if (fwd.nat_end.valid()) buf.addf(" end='%s'", fwd.nat_end.format().c_str());
          buf.add("/>\n");
        }
        if (fwd.port_start || fwd.port_end) {
          buf.addf("<port start='%d'", fwd.port_start);
          if (fwd.port_end) buf.addf(" end='%d'", fwd.port_end);
          buf.add("/>\n");
        }
        buf.indent(-2);
        buf.add("</nat>\n");
      }
    }
    if (fwd.pf) buf.escape("<pf dev='%s'/>\n", fwd.pf);
    if (!fwd.pf || !(flags & VIR_NETWORK_XML_INACTIVE)) {
      for (const auto &i : fwd.ifs) buf.escape("<interface dev='%s'/>\n", i.c_str());
      for (const auto &a : fwd.pci_addrs) buf.addf("%s\n", a.c_str());
    }
    buf.indent(-2);
    if (!shortfwd) buf.add("</forward>\n");
  }
  bool hasbridge = fwd.type == ForwardType::none || fwd.type == ForwardType::nat ||
                   fwd.type == ForwardType::route || fwd.type == ForwardType::open;
  if (hasbridge || def.bridge || def.mac_table_manager) {
    buf.add("<bridge");
    buf.escape(" name='%s'", def.bridge);
    buf.escape(" zone='%s'", def.bridge_zone);
    if (hasbridge) buf.addf(" stp='%s' delay='%ld'", def.stp ? "on" : "off", def.delay);
    if (def.mac_table_manager)
      buf.addf(" macTableManager='%s'",
               kMacTableNames[static_cast<size_t>(def.mac_table_manager)].data());
    buf.add("/>\n");
  }
  if (def.mtu) buf.addf("<mtu size='%u'/>\n", def.mtu);
  if (def.mac) buf.addf("<mac address='%s'/>\n", def.mac->c_str());
  if (def.domain) {
    buf.addf("<domain name='%s'", def.domain->c_str());
    if (def.domain_local_only) buf.addf(" localOnly='%s'", tristate_bool(def.domain_local_only));
    buf.add("/>\n");
  }
  format_dns(buf, def.dns);
  format_vlan(buf, def.vlan);
  format_bandwidth(buf, def.bandwidth);
  if (def.isolated_port) buf.addf("<port isolated='%s'/>\n", tristate_bool(def.isolated_port));
  for (const auto &ip : def.ips) format_ip(buf, ip);
  for (const auto &r : def.routes) {
    buf.add("<route");
    if (r.family) buf.addf(" family='%s'", r.family->c_str());
    buf.addf(" address='%s'", r.address.format().c_str());
    if (r.netmask.valid()) buf.addf(" netmask='%s'", r.netmask.format().c_str());
    if (r.has_prefix) buf.addf(" prefix='%u'", r.prefix);
    buf.addf(" gateway='%s'", r.gateway.format().c_str());
    if (r.has_metric && r.metric > 0) buf.addf(" metric='%u'", r.metric);
    buf.add("/>\n");
  }
  format_virtport(buf, def.virtport);
  for (const auto &pg : def.portgroups) {
    buf.addf("<portgroup name='%s'", pg.name.c_str());
    if (pg.is_default) buf.add(" default='yes'");
    if (pg.trust_guest_rx_filters)
      buf.addf(" trustGuestRxFilters='%s'", tristate_bool(pg.trust_guest_rx_filters));
    buf.add(">\n");
    buf.indent(2);
    format_vlan(buf, pg.vlan);
    format_virtport(buf, pg.virtport);
    format_bandwidth(buf, pg.bandwidth);
    buf.indent(-2);
    buf.add("</portgroup>\n");
  }
  buf.indent(-2);
  buf.add("</network>\n");
  return buf.take();
}

Result<NetworkDef> copy_network(const NetworkDef &def, unsigned flags) {
  std::string text = format_network(def, flags);
  return parse_network(text.c_str(), false);
}

Status update_network_section(NetworkDef &def, unsigned command, unsigned section, int parent_index,
                              const char *xml_text) {
  auto doc = xml::parse_string(kFrom, xml_text, "network_update_xml", nullptr, false);
  VK_TRY(doc);
  xmlNodePtr node = doc->root();
  switch (section) {
    case VIR_NETWORK_SECTION_BRIDGE:
      return no_support(def, "bridge");
    case VIR_NETWORK_SECTION_DOMAIN:
      return no_support(def, "domain");
    case VIR_NETWORK_SECTION_IP:
      return no_support(def, "ip");
    case VIR_NETWORK_SECTION_IP_DHCP_HOST:
      return update_dhcp_host(def, command, parent_index, node);
    case VIR_NETWORK_SECTION_IP_DHCP_RANGE:
      return update_dhcp_range(def, command, parent_index, node);
    case VIR_NETWORK_SECTION_FORWARD:
      return no_support(def, "forward");
    case VIR_NETWORK_SECTION_DNS_HOST:
      return update_dns_host(def, command, node);
    case VIR_NETWORK_SECTION_FORWARD_INTERFACE:
      return update_forward_interface(def, command, node);
    case VIR_NETWORK_SECTION_FORWARD_PF:
      return no_support(def, "forward pf");
    case VIR_NETWORK_SECTION_PORTGROUP:
      return update_portgroup(def, command, node, doc->ctxt());
    case VIR_NETWORK_SECTION_DNS_TXT:
      return update_dns_txt(def, command, node);
    case VIR_NETWORK_SECTION_DNS_SRV:
      return update_dns_srv(def, command, node, doc->ctxt());
    default:
      return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                   "can't update unrecognized section of network");
  }
}

Status parse_net_vlan(xmlNodePtr node, xmlXPathContextPtr ctxt, Vlan &vlan) {
  return parse_vlan(node, ctxt, vlan);
}
void format_net_vlan(xml::Buffer &buf, const Vlan &vlan) {
  format_vlan(buf, vlan);
}
Status parse_virtualport(xmlNodePtr node, unsigned flags, std::optional<VirtPort> &out) {
  return parse_virtport(node, flags, out);
}
void format_virtualport(xml::Buffer &buf, const std::optional<VirtPort> &vp) {
  format_virtport(buf, vp);
}
Status parse_net_route(const std::string &detail, xmlNodePtr node, NetRoute &r) {
  return parse_route(detail, node, r);
}
void format_net_route(xml::Buffer &buf, const NetRoute &r) {
  buf.add("<route");
  if (r.family) buf.addf(" family='%s'", r.family->c_str());
  buf.addf(" address='%s'", r.address.format().c_str());
  if (r.netmask.valid()) buf.addf(" netmask='%s'", r.netmask.format().c_str());
  if (r.has_prefix) buf.addf(" prefix='%u'", r.prefix);
  buf.addf(" gateway='%s'", r.gateway.format().c_str());
  if (r.has_metric && r.metric > 0) buf.addf(" metric='%u'", r.metric);
  buf.add("/>\n");
}

}  // namespace virtkit::conf
