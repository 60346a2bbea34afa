// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_net.h"

#include <libvirt/virterror.h>
#include <strings.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <random>

#include "util/mac.h"
#include "util/numbers.h"
#include "util/uuid.h"
#include "xml/domain_def.h"

namespace virtkit::conf {
namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;
using Names = std::vector<std::string_view>;
using xml::Buffer;
using xml::prop;

const Names kNetTypes{"user",    "ethernet", "vhostuser", "server",   "client",
                      "mcast",   "network",  "bridge",    "internal", "direct",
                      "hostdev", "udp",      "vdpa",      "null",     "vds"};
const Names kMacvlanModes{"vepa", "private", "bridge", "passthrough"};
const Names kLinkStates{"default", "up", "down"};
const Names kNetModels{"unknown",
                       "netfront",
                       "rtl8139",
                       "virtio",
                       "e1000",
                       "e1000e",
                       "virtio-transitional",
                       "virtio-non-transitional",
                       "usb-net",
                       "spapr-vlan",
                       "lan9118",
                       "scm91c111",
                       "vlance",
                       "vmxnet",
                       "vmxnet2",
                       "vmxnet3",
                       "Am79C970A",
                       "Am79C973",
                       "82540EM",
                       "82545EM",
                       "82543GC"};
const Names kNetDrivers{"default", "qemu", "vhost"};
const Names kTxModes{"default", "iothread", "timer"};
const Names kTeamingTypes{"none", "persistent", "transient"};
const Names kBackendTypes{"default", "passt"};
const Names kMacTypes{"", "generated", "static"};
const Names kVhostuserModes{"", "client", "server"};
const char *const kHostOpts[] = {"csum", "gso", "tso4", "tso6", "ecn", "ufo", "mrg_rxbuf"};
const char *const kGuestOpts[] = {"csum", "tso4", "tso6", "ecn", "ufo"};
const char *const kVirtioOpts[] = {"iommu", "ats", "packed", "page_per_vq"};

const char *name_at(const Names &names, int i) {
  return i >= 0 && static_cast<size_t>(i) < names.size() ? names[static_cast<size_t>(i)].data()
                                                         : "";
}
const char *on_off(TristateSwitch v) {
  return v == TristateSwitch::on ? "on" : "off";
}
const char *yes_no(TristateBool v) {
  return v == TristateBool::yes ? "yes" : "no";
}

// virXMLPropStringRequired.
Result<std::string> required(xmlNodePtr node, const char *name) {
  auto v = prop(node, name);
  if (!v)
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required attribute '%s' in element '%s'",
                 name, xml::name_of(node));
  return *v;
}

// virXMLPropInt / virXMLPropLongLong, required, base 10 (0 for long long).
Status required_int(xmlNodePtr node, const char *name, int &out) {
  VK_TRY(xml::prop_int(node, name, 10, xml::kPropRequired, out, out));
  return Status();
}
Status required_ll(xmlNodePtr node, const char *name, long long &out) {
  auto v = prop(node, name);
  if (!v)
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required attribute '%s' in element '%s'",
                 name, xml::name_of(node));
  if (!util::str_to_ll(v->c_str(), 0, out))
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                 "Invalid value for attribute '%s' in element '%s': '%s'. Expected integer value",
                 name, xml::name_of(node), v->c_str());
  return Status();
}

// virXMLPropUUID, required.
Status required_uuid(xmlNodePtr node, const char *name, std::string &out) {
  auto v = prop(node, name);
  if (!v)
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required attribute '%s' in element '%s'",
                 name, xml::name_of(node));
  unsigned char raw[VIR_UUID_BUFLEN];
  if (!util::parse_uuid(v->c_str(), raw))
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                 "Invalid value for attribute '%s' in element '%s': '%s'", name, xml::name_of(node),
                 v->c_str());
  out = util::format_uuid(raw);
  return Status();
}

void random_bytes(unsigned char *buf, size_t n) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  for (size_t i = 0; i < n; i++) buf[i] = static_cast<unsigned char>(rng() & 0xff);
}

bool is_virtio(const Net &n) {
  return n.model == "virtio" || n.model == "virtio-transitional" ||
         n.model == "virtio-non-transitional";
}

// virNetDevBandwidthParse (rates only).
Status parse_bandwidth(xmlNodePtr node, Net &n) {
  Bandwidth bw;
  for (xmlNodePtr c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    bool in = xml::name_is(c, "inbound");
    if (!in && !xml::name_is(c, "outbound")) continue;
    if ((in && bw.in) || (!in && bw.out))
      return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "Only one child <%s> element allowed",
                   in ? "inbound" : "outbound");
    BandwidthRate r;
    struct {
      const char *name;
      unsigned long long *v;
    } attrs[] = {
        {"average", &r.average}, {"peak", &r.peak}, {"floor", &r.floor}, {"burst", &r.burst}};
    for (auto &a : attrs)
      if (auto v = prop(c, a.name); v && !util::str_to_ull(v->c_str(), 10, *a.v))
        return error(VIR_FROM_NONE, VIR_ERR_CONFIG_UNSUPPORTED,
                     "could not convert bandwidth %s value '%s'", a.name, v->c_str());
    if (!r.average && !r.floor)
      return error(VIR_FROM_NONE, VIR_ERR_XML_DETAIL, "%s",
                   "Missing mandatory average or floor attributes");
    (in ? bw.in : bw.out) = r;
  }
  if (bw.in || bw.out) n.bandwidth = bw;
  return Status();
}

// virDomainNetDefParseXMLDriver.
Status parse_driver(xmlNodePtr node, Net &n) {
  xmlNodePtr driver = first_child(node, "driver");
  if (!driver) return Status();
  NetDriver &d = n.driver;
  d.has_virtio = true;
  for (int i = 0; i < 4; i++)
    VK_TRY(prop_tristate(driver, kVirtioOpts[i], xml::kPropNone, d.virtio[i]));
  if (n.type == Net::hostdev || !is_virtio(n)) return Status();
  VK_TRY(xml::prop_enum(driver, "name", kNetDrivers, xml::kPropNonZero, d.name));
  VK_TRY(xml::prop_enum(driver, "txmode", kTxModes, xml::kPropNonZero, d.txmode));
  VK_TRY(prop_tristate(driver, "ioeventfd", xml::kPropNone, d.ioeventfd));
  VK_TRY(prop_tristate(driver, "event_idx", xml::kPropNone, d.event_idx));
  VK_TRY(xml::prop_uint(driver, "queues", 10, xml::kPropNone, d.queues));
  if (d.queues == 1) d.queues = 0;
  VK_TRY(xml::prop_uint(driver, "rx_queue_size", 10, xml::kPropNone, d.rx_queue_size));
  VK_TRY(xml::prop_uint(driver, "tx_queue_size", 10, xml::kPropNone, d.tx_queue_size));
  VK_TRY(prop_tristate(driver, "rss", xml::kPropNone, d.rss));
  VK_TRY(prop_tristate(driver, "rss_hash_report", xml::kPropNone, d.rss_hash_report));
  if (xmlNodePtr host = first_child(driver, "host"))
    for (int i = 0; i < 7; i++)
      VK_TRY(prop_tristate(host, kHostOpts[i], xml::kPropNone, d.host[i]));
  if (xmlNodePtr guest = first_child(driver, "guest"))
    for (int i = 0; i < 5; i++)
      VK_TRY(prop_tristate(guest, kGuestOpts[i], xml::kPropNone, d.guest[i]));
  return Status();
}

// virDomainNetBackendParseXML.
Status parse_backend(xmlNodePtr node, Net &n) {
  auto tap = prop(node, "tap");
  auto vhost = prop(node, "vhost");
  VK_TRY(xml::prop_enum(node, "type", kBackendTypes, xml::kPropNonZero, n.backend.type));
  if (n.backend.type == 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR,
                 "Invalid value for attribute '%s' in element '%s': '%s'.", "type",
                 xml::name_of(node), "passt");
  n.backend.log_file = prop(node, "logFile");
  auto sanitize = [](const std::string &path) {
    // virFileSanitizePath: "//" collapsed, a trailing "/" dropped.
    std::string out;
    for (size_t i = 0; i < path.size(); i++) {
      if (path[i] == '/' && !out.empty() && out.back() == '/' && i > 1) continue;
      out += path[i];
    }
    if (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
  };
  if (tap) n.backend.tap = sanitize(*tap);
  if (vhost && n.type != Net::hostdev && is_virtio(n)) n.backend.vhost = sanitize(*vhost);
  return Status();
}

Status parse_source(xmlXPathContextPtr ctxt, xmlNodePtr node, xmlNodePtr source, Net &n,
                    unsigned &vport_flags, bool &filterref) {
  auto require_source = [&]() -> Status {
    if (!source)
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "interface type='%s' requires a 'source' element", name_at(kNetTypes, n.type));
    return Status();
  };
  constexpr unsigned kGenerate = 2, kRequireAll = 4, kRequireType = 1;
  switch (n.type) {
    case Net::network: {
      VK_TRY(require_source());
      auto name = required(source, "network");
      VK_TRY(name);
      n.network_name = *name;
      n.portgroup = prop(source, "portgroup");
      vport_flags = kGenerate;
      filterref = true;
      break;
    }
    case Net::vds: {
      VK_TRY(require_source());
      VK_TRY(required_uuid(source, "switchid", n.vds_switch_id));
      VK_TRY(required_ll(source, "portid", n.vds_port_id));
      auto pg = required(source, "portgroupid");
      VK_TRY(pg);
      n.vds_portgroup_id = *pg;
      VK_TRY(required_ll(source, "connectionid", n.vds_connection_id));
      break;
    }
    case Net::internal: {
      VK_TRY(require_source());
      auto name = required(source, "name");
      VK_TRY(name);
      n.internal_name = *name;
      break;
    }
    case Net::bridge: {
      VK_TRY(require_source());
      auto br = required(source, "bridge");
      VK_TRY(br);
      n.bridge_name = *br;
      vport_flags = kGenerate | kRequireAll | kRequireType;
      filterref = true;
      break;
    }
    case Net::direct: {
      VK_TRY(require_source());
      auto dev = required(source, "dev");
      VK_TRY(dev);
      n.dev = *dev;
      int mode = 0;
      VK_TRY(xml::prop_enum(source, "mode", kMacvlanModes, xml::kPropNone, mode, 0));
      n.direct_mode = static_cast<MacvlanMode>(mode);
      vport_flags = kGenerate | kRequireAll | kRequireType;
      break;
    }
    case Net::ethernet:
      filterref = true;
      break;
    case Net::vhostuser: {
      VK_TRY(require_source());
      auto type = required(source, "type");
      VK_TRY(type);
      if (*type != "unix")
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "Type='%s' unsupported for <interface type='vhostuser'>", type->c_str());
      auto path = required(source, "path");
      VK_TRY(path);
      n.vhostuser_path = *path;
      int mode = 0;
      VK_TRY(xml::prop_enum(source, "mode", kVhostuserModes, xml::kPropRequired | xml::kPropNonZero,
                            mode));
      n.vhostuser_listen = mode == 2;
      if (xmlNodePtr r = first_child(source, "reconnect")) {
        VK_TRY(prop_tristate(r, "enabled", xml::kPropNone, n.reconnect));
        if (n.reconnect == TristateBool::yes)
          VK_TRY(xml::prop_uint(r, "timeout", 10, xml::kPropRequired, n.reconnect_timeout));
      }
      break;
    }
    case Net::vdpa: {
      VK_TRY(require_source());
      auto dev = required(source, "dev");
      VK_TRY(dev);
      n.vdpa_dev = *dev;
      break;
    }
    case Net::client:
    case Net::server:
    case Net::mcast:
    case Net::udp: {
      VK_TRY(require_source());
      if (n.type != Net::server) {
        auto a = required(source, "address");
        VK_TRY(a);
        n.socket_address = *a;
      } else {
        n.socket_address = prop(source, "address");
      }
      VK_TRY(required_int(source, "port", n.socket_port));
      if (n.type == Net::udp) {
        xmlNodePtr local = first_child(source, "local");
        if (!local)
          return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                       "'<local>' element missing for 'udp' socket interface");
        auto a = required(local, "address");
        VK_TRY(a);
        n.local_address = *a;
        VK_TRY(required_int(local, "port", n.local_port));
      }
      break;
    }
    case Net::hostdev: {
      auto addrtype = xml::xpath_string(ctxt, "string(./source/address/@type)");
      if (!addrtype && xml::xpath_node(ctxt, "./source/vendor")) addrtype = "usb";
      Hostdev h;
      VK_TRY(parse_hostdev_subsys(node, addrtype, h));
      n.hostdev_def = std::move(h);
      vport_flags = kGenerate | kRequireAll | kRequireType;
      break;
    }
    case Net::user:
      n.source_dev = source ? prop(source, "dev") : std::nullopt;
      break;
    default:
      break;
  }
  return Status();
}

}  // namespace

Status parse_ip_info(const char *detail, xmlNodePtr node, NetIpInfo &info) {
  for (xmlNodePtr c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !xml::name_is(c, "ip")) continue;
    // virDomainNetIPParseXML.
    auto address = prop(c, "address");
    if (!address)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Missing required address in <ip>");
    auto fam = prop(c, "family");
    int family = AF_UNSPEC;
    if (fam == "ipv4") {
      family = AF_INET;
    } else if (fam == "ipv6") {
      family = AF_INET6;
    } else {
      util::SockAddr probe;
      if (util::parse_sockaddr(probe, *address, AF_UNSPEC).ok()) family = probe.family;
    }
    NetIpAddr ip;
    if (!util::parse_sockaddr(ip.address, *address, family).ok())
      return error(kFromDomain, VIR_ERR_XML_ERROR, "Invalid address '%s' in <ip>",
                   address->c_str());
    if (auto prefix = prop(c, "prefix")) {
      if (!util::str_to_ui(prefix->c_str(), 10, ip.prefix) ||
          (family == AF_INET6 && ip.prefix > 128) || (family == AF_INET && ip.prefix > 32))
        return error(kFromDomain, VIR_ERR_XML_ERROR, "Invalid prefix value '%s' in <ip>",
                     prefix->c_str());
    }
    if (auto peer = prop(c, "peer"); peer && !util::parse_sockaddr(ip.peer, *peer, family).ok())
      return error(kFromDomain, VIR_ERR_INVALID_ARG, "Invalid peer '%s' in <ip>", peer->c_str());
    info.ips.push_back(ip);
  }
  for (xmlNodePtr c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !xml::name_is(c, "route")) continue;
    NetRoute r;
    VK_TRY(parse_net_route(detail, c, r));
    info.routes.push_back(std::move(r));
  }
  return Status();
}

void format_ip_info(Buffer &buf, const NetIpInfo &info) {
  for (const NetIpAddr &ip : info.ips) {
    buf.addf("<ip address='%s'", ip.address.format().c_str());
    if (ip.address.family == AF_INET6)
      buf.add(" family='ipv6'");
    else if (ip.address.family == AF_INET)
      buf.add(" family='ipv4'");
    if (ip.prefix) buf.addf(" prefix='%u'", ip.prefix);
    if (ip.peer.valid()) buf.addf(" peer='%s'", ip.peer.format().c_str());
    buf.add("/>\n");
  }
  for (const NetRoute &r : info.routes) format_net_route(buf, r);
}

Result<Net> parse_net(xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned flags) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  Net n;
  VK_TRY(xml::prop_enum(node, "type", kNetTypes, xml::kPropNone, n.type, Net::user));
  VK_TRY(prop_tristate(node, "trustGuestRxFilters", xml::kPropNone, n.trust_guest_rx_filters));
  if (auto model = xml::xpath_string(ctxt, "string(./model/@type)")) {
    bool known = false;
    for (std::string_view m : kNetModels)
      if (strcasecmp(std::string(m).c_str(), model->c_str()) == 0) {
        n.model = std::string(m);
        known = true;
        break;
      }
    if (!known) {
      if (std::strspn(model->c_str(),
                      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") <
          model->size())
        return error(kFromDomain, VIR_ERR_INVALID_ARG, "%s",
                     "Model name contains invalid characters");
      n.model = *model;
    }
    if (n.model == "unknown") n.model.reset();
  }
  xmlNodePtr source = xml::xpath_node(ctxt, "./source");
  if (source) VK_TRY(parse_ip_info("interface host IP", source, n.host_ip));
  unsigned vport_flags = 0;
  bool filterref = false;
  VK_TRY(parse_source(ctxt, node, source, n, vport_flags, filterref));
  if (xmlNodePtr vp = xml::xpath_node(ctxt, "./virtualport")) {
    if (vport_flags == 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "<virtualport> element unsupported for <interface type='%s'>",
                   name_at(kNetTypes, n.type));
    VK_TRY(parse_virtualport(vp, vport_flags, n.virtport));
  }
  if (xmlNodePtr target = xml::xpath_node(ctxt, "./target")) {
    n.ifname = prop(target, "dev");
    VK_TRY(prop_tristate(target, "managed", xml::kPropNone, n.managed_tap));
  }
  n.guest_dev = xml::xpath_string(ctxt, "string(./guest/@dev)");
  n.guest_actual = xml::xpath_string(ctxt, "string(./guest/@actual)");
  auto linkstate = xml::xpath_string(ctxt, "string(./link/@state)");
  n.script = xml::xpath_string(ctxt, "string(./script/@path)");
  n.downscript = xml::xpath_string(ctxt, "string(./downscript/@path)");
  n.backend_domain = xml::xpath_string(ctxt, "string(./backenddomain/@name)");
  if (filterref) {
    if (xmlNodePtr f = xml::xpath_node(ctxt, "./filterref")) {
      n.filter = prop(f, "filter");
      // virNWFilterParseParamAttributes: valid names and values only, by
      // name (printed sorted), values in document order.
      for (xmlNodePtr p = f->children; p; p = p->next) {
        if (p->type != XML_ELEMENT_NODE || !xml::name_is(p, "parameter")) continue;
        auto name = prop(p, "name"), value = prop(p, "value");
        if (!name || !value || value->empty() ||
            std::strspn(name->c_str(),
                        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") <
                name->size() ||
            std::strspn(value->c_str(),
                        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:") <
                value->size())
          continue;
        auto it = std::find_if(n.filter_params.begin(), n.filter_params.end(),
                               [&](const NetFilterParam &fp) { return fp.name == *name; });
        if (it != n.filter_params.end())
          it->values.push_back(*value);
        else
          n.filter_params.push_back(NetFilterParam{*name, {*value}});
      }
    }
  }
  if (xmlNodePtr bw = xml::xpath_node(ctxt, "./bandwidth")) VK_TRY(parse_bandwidth(bw, n));
  if (xmlNodePtr vlan = xml::xpath_node(ctxt, "./vlan")) VK_TRY(parse_net_vlan(vlan, ctxt, n.vlan));
  bool have_mac = false;
  if (xmlNodePtr mac = xml::xpath_node(ctxt, "./mac")) {
    if (auto addr = prop(mac, "address")) {
      have_mac = true;
      if (!util::parse_mac(addr->c_str(), n.mac))
        return error(kFromDomain, VIR_ERR_XML_ERROR, "unable to parse mac address '%s'",
                     addr->c_str());
      if (n.mac[0] & 1)
        return error(kFromDomain, VIR_ERR_XML_ERROR,
                     "expected unicast mac address, found multicast '%s'", addr->c_str());
    }
    VK_TRY(xml::prop_enum(mac, "type", kMacTypes, xml::kPropNonZero, n.mac_type));
    VK_TRY(prop_tristate(mac, "check", xml::kPropNone, n.mac_check));
  }
  if (!have_mac) {
    n.mac_generated = true;
    n.mac[0] = 0x52;
    n.mac[1] = 0x54;
    n.mac[2] = 0x00;
    random_bytes(n.mac.data() + 3, 3);
  }
  VK_TRY(parse_device_info(node, n.info, true, true));
  VK_TRY(parse_ip_info("guest interface", node, n.guest_ip));
  for (xmlNodePtr pf : xml::xpath_nodes(ctxt, "./portForward"))
    VK_TRY(parse(pf, n.port_forwards.emplace_back()));
  if (n.managed_tap != TristateBool::no && n.ifname && (flags & kParseInactive) &&
      (n.ifname->compare(0, 4, "vnet") == 0 || n.ifname->compare(0, 7, "macvtap") == 0 ||
       n.ifname->compare(0, 7, "macvlan") == 0))
    n.ifname.reset();
  VK_TRY(parse_driver(node, n));
  if (xmlNodePtr backend = xml::xpath_node(ctxt, "./backend")) VK_TRY(parse_backend(backend, n));
  if (linkstate) {
    n.link_state = xml::enum_from_string(kLinkStates, *linkstate);
    if (n.link_state <= 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown interface link state '%s'",
                   linkstate->c_str());
  }
  {
    auto ttype = xml::xpath_string(ctxt, "string(./teaming/@type)");
    auto persistent = xml::xpath_string(ctxt, "string(./teaming/@persistent)");
    if (ttype || persistent) {
      int t = ttype ? xml::enum_from_string(kTeamingTypes, *ttype) : -1;
      if (t <= 0)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown teaming type '%s'",
                     ttype ? ttype->c_str() : "(null)");
      n.teaming = NetTeaming{t, persistent};
    }
  }
  {
    unsigned long long sndbuf = 0;
    int rv = xml::xpath_ull(ctxt, "string(./tune/sndbuf)", sndbuf);
    if (rv == 0)
      n.sndbuf = sndbuf;
    else if (rv == -2)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "sndbuf must be a positive integer");
  }
  {
    unsigned mtu = 0;
    int rv = xml::xpath_uint(ctxt, "string(./mtu/@size)", mtu);
    if (rv == 0) n.mtu = mtu;
    if (rv < -1) return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "malformed mtu size");
  }
  if (xmlNodePtr coalesce = xml::xpath_node(ctxt, "./coalesce")) {
    xml::NodeRestore r2(ctxt);
    ctxt->node = coalesce;
    if (auto s = xml::xpath_string(ctxt, "string(./rx/frames/@max)")) {
      unsigned long long v = 0;
      if (!util::str_to_ullp(s->c_str(), 10, v))
        return error(kFromDomain, VIR_ERR_XML_DETAIL,
                     "cannot parse value '%s' for coalesce parameter", s->c_str());
      if (v > 0xffffffffULL)
        return error(kFromDomain, VIR_ERR_OVERFLOW,
                     "value '%llu' is too big for coalesce parameter, maximum is '%lu'", v,
                     0xffffffffUL);
      n.coalesce_rx_frames = static_cast<unsigned>(v);
    }
  }
  if (xmlNodePtr port = xml::xpath_node(ctxt, "./port"))
    VK_TRY(prop_tristate(port, "isolated", xml::kPropNone, n.isolated_port));
  if (n.hostdev_def) n.hostdev_def->info = n.info;
  return n;
}

Status validate_nets(const DomainDef &def) {
  for (const Net &n : def.nets) {
    if (!n.host_ip.empty() && n.type != Net::ethernet)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "Invalid attempt to set network interface host-side IP route and/or address "
                   "info on interface of type '%s'. This is only supported on interfaces of "
                   "type 'ethernet'",
                   name_at(kNetTypes, n.type));
    if (n.managed_tap == TristateBool::no && n.type != Net::ethernet)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "unmanaged target dev is not supported on interfaces of type '%s'",
                   name_at(kNetTypes, n.type));
    if (n.teaming) {
      if (n.teaming->type == 2) {
        if (!n.teaming->persistent)
          return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "teaming persistent attribute must be set if teaming type is 'transient'");
      } else if (n.teaming->persistent) {
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "teaming persistent attribute not allowed if teaming type is '%s'",
                     name_at(kTeamingTypes, n.teaming->type));
      }
    }
    if (!is_virtio(n) && n.driver.has_virtio) {
      const char *what = n.driver.virtio[0] != TristateSwitch::absent
                             ? "iommu driver option is only supported for virtio devices"
                         : n.driver.virtio[1] != TristateSwitch::absent
                             ? "ats driver option is only supported for virtio devices"
                         : n.driver.virtio[2] != TristateSwitch::absent
                             ? "packed driver option is only supported for virtio devices"
                         : n.driver.virtio[3] != TristateSwitch::absent
                             ? "page_per_vq option is only supported for virtio devices"
                             : nullptr;
      if (what) return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s", what);
    }
    if (n.type == Net::vhostuser) {
      if (!is_virtio(n))
        return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                     "Wrong or no <model> 'type' attribute specified with <interface "
                     "type='vhostuser'/>. vhostuser requires the virtio-net* frontend");
      if (n.vhostuser_listen && n.reconnect == TristateBool::yes)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "'reconnect' attribute unsupported 'server' mode for <interface "
                     "type='vhostuser'>");
    }
  }
  return Status();
}

void format_net(Buffer &buf, const Net &n, unsigned flags) {
  buf.addf("<interface type='%s'", name_at(kNetTypes, n.type));
  if (n.hostdev_def && n.hostdev_def->managed) buf.add(" managed='yes'");
  if (n.trust_guest_rx_filters != TristateBool::absent)
    buf.addf(" trustGuestRxFilters='%s'", yes_no(n.trust_guest_rx_filters));
  buf.add(">\n");
  buf.indent(2);
  buf.addf("<mac address='%s'", util::format_mac(n.mac).c_str());
  if (n.mac_type) buf.addf(" type='%s'", name_at(kMacTypes, n.mac_type));
  if (n.mac_check != TristateBool::absent) buf.addf(" check='%s'", yes_no(n.mac_check));
  buf.add("/>\n");
  int lines = 0;
  switch (n.type) {
    case Net::network:
      buf.escape("<source network='%s'", n.network_name);
      buf.escape(" portgroup='%s'", n.portgroup);
      lines++;
      break;
    case Net::vhostuser:
      buf.add("<source type='unix'");
      buf.escape(" path='%s'", n.vhostuser_path.c_str());
      buf.addf(" mode='%s'", n.vhostuser_listen ? "server" : "client");
      lines++;
      if (n.reconnect != TristateBool::absent) {
        buf.add(">\n");
        lines++;
        buf.indent(2);
        buf.addf("<reconnect enabled='%s'", yes_no(n.reconnect));
        if (n.reconnect == TristateBool::yes) buf.addf(" timeout='%u'", n.reconnect_timeout);
        buf.add("/>\n");
        buf.indent(-2);
      }
      break;
    case Net::bridge:
      if (n.bridge_name) {
        buf.escape("<source bridge='%s'", n.bridge_name);
        lines++;
      }
      break;
    case Net::server:
    case Net::client:
    case Net::mcast:
    case Net::udp:
      if (n.socket_address)
        buf.addf("<source address='%s' port='%d'", n.socket_address->c_str(), n.socket_port);
      else
        buf.addf("<source port='%d'", n.socket_port);
      lines++;
      if (n.type != Net::udp) break;
      buf.add(">\n");
      lines++;
      buf.indent(2);
      buf.addf("<local address='%s' port='%d'/>\n", n.local_address.c_str(), n.local_port);
      buf.indent(-2);
      break;
    case Net::internal:
      if (n.internal_name) {
        buf.escape("<source name='%s'", n.internal_name);
        lines++;
      }
      break;
    case Net::direct:
      buf.escape("<source dev='%s'", n.dev);
      buf.addf(" mode='%s'", name_at(kMacvlanModes, static_cast<int>(n.direct_mode)));
      lines++;
      break;
    case Net::hostdev:
      if (n.hostdev_def) format_hostdev_source(buf, *n.hostdev_def, flags, true);
      break;
    case Net::vdpa:
      if (n.vdpa_dev) {
        buf.escape("<source dev='%s'", n.vdpa_dev);
        lines++;
      }
      break;
    case Net::vds:
      buf.escape("<source switchid='%s'", n.vds_switch_id.c_str());
      buf.addf(" portid='%lld'", n.vds_port_id);
      buf.escape(" portgroupid='%s'", n.vds_portgroup_id.c_str());
      buf.addf(" connectionid='%lld'", n.vds_connection_id);
      lines++;
      break;
    case Net::user:
      if (n.backend.type == 1 && n.source_dev) {
        buf.escape("<source dev='%s'", n.source_dev);
        lines++;
      }
      break;
    default:
      break;
  }
  if (!n.host_ip.empty()) {
    if (lines == 0) {
      buf.add("<source>\n");
      lines += 2;
    } else if (lines == 1) {
      buf.add(">\n");
      lines++;
    }
    buf.indent(2);
    format_ip_info(buf, n.host_ip);
    buf.indent(-2);
  }
  if (lines == 1)
    buf.add("/>\n");
  else if (lines > 1)
    buf.add("</source>\n");
  format_net_vlan(buf, n.vlan);
  format_virtualport(buf, n.virtport);
  if (n.bandwidth) {
    buf.add("<bandwidth>\n");
    auto rate = [&](const std::optional<BandwidthRate> &r, const char *el) {
      if (!r || (!r->average && !r->floor)) return;
      buf.addf("  <%s", el);
      if (r->average) buf.addf(" average='%llu'", r->average);
      if (r->peak) buf.addf(" peak='%llu'", r->peak);
      if (r->floor) buf.addf(" floor='%llu'", r->floor);
      if (r->burst) buf.addf(" burst='%llu'", r->burst);
      buf.add("/>\n");
    };
    rate(n.bandwidth->in, "inbound");
    rate(n.bandwidth->out, "outbound");
    buf.add("</bandwidth>\n");
  }
  if (n.isolated_port != TristateBool::absent)
    buf.addf("<port isolated='%s'/>\n", yes_no(n.isolated_port));
  format_ip_info(buf, n.guest_ip);
  for (const NetPortForward &pf : n.port_forwards) format(buf, pf);
  buf.escape("<script path='%s'/>\n", n.script);
  buf.escape("<downscript path='%s'/>\n", n.downscript);
  buf.escape("<backenddomain name='%s'/>\n", n.backend_domain);
  {
    Buffer tattrs;
    if (n.ifname && (n.managed_tap == TristateBool::no ||
                     !((flags & kFormatInactive) && (n.ifname->compare(0, 4, "vnet") == 0 ||
                                                     n.ifname->compare(0, 7, "macvtap") == 0 ||
                                                     n.ifname->compare(0, 7, "macvlan") == 0))))
      tattrs.escape(" dev='%s'", n.ifname);
    if (n.managed_tap != TristateBool::absent) tattrs.addf(" managed='%s'", yes_no(n.managed_tap));
    xml::format_element(buf, "target", &tattrs, nullptr);
  }
  if (n.guest_dev || n.guest_actual) {
    buf.add("<guest");
    buf.escape(" dev='%s'", n.guest_dev);
    buf.escape(" actual='%s'", n.guest_actual);
    buf.add("/>\n");
  }
  if (n.model) {
    buf.escape("<model type='%s'/>\n", n.model);
    if (is_virtio(n)) {
      const NetDriver &d = n.driver;
      Buffer attrs;
      Buffer child = Buffer::child_of(buf);
      if (d.name) attrs.addf(" name='%s'", name_at(kNetDrivers, d.name));
      if (d.txmode) attrs.addf(" txmode='%s'", name_at(kTxModes, d.txmode));
      if (d.ioeventfd != TristateSwitch::absent) attrs.addf(" ioeventfd='%s'", on_off(d.ioeventfd));
      if (d.event_idx != TristateSwitch::absent) attrs.addf(" event_idx='%s'", on_off(d.event_idx));
      if (d.queues) attrs.addf(" queues='%u'", d.queues);
      if (d.rx_queue_size) attrs.addf(" rx_queue_size='%u'", d.rx_queue_size);
      if (d.tx_queue_size) attrs.addf(" tx_queue_size='%u'", d.tx_queue_size);
      if (d.rss != TristateSwitch::absent) attrs.addf(" rss='%s'", on_off(d.rss));
      if (d.rss_hash_report != TristateSwitch::absent)
        attrs.addf(" rss_hash_report='%s'", on_off(d.rss_hash_report));
      for (int i = 0; i < 4; i++)
        if (d.virtio[i] != TristateSwitch::absent)
          attrs.addf(" %s='%s'", kVirtioOpts[i], on_off(d.virtio[i]));
      Buffer host, guest;
      for (int i = 0; i < 7; i++)
        if (d.host[i] != TristateSwitch::absent)
          host.addf(" %s='%s'", kHostOpts[i], on_off(d.host[i]));
      for (int i = 0; i < 5; i++)
        if (d.guest[i] != TristateSwitch::absent)
          guest.addf(" %s='%s'", kGuestOpts[i], on_off(d.guest[i]));
      xml::format_element(child, "host", &host, nullptr);
      xml::format_element(child, "guest", &guest, nullptr);
      xml::format_element(buf, "driver", &attrs, &child);
    }
  }
  {
    Buffer battrs;
    if (n.backend.type) battrs.addf(" type='%s'", name_at(kBackendTypes, n.backend.type));
    battrs.escape(" tap='%s'", n.backend.tap);
    battrs.escape(" vhost='%s'", n.backend.vhost);
    battrs.escape(" logFile='%s'", n.backend.log_file);
    xml::format_element(buf, "backend", &battrs, nullptr);
  }
  if (n.filter) {
    std::vector<const NetFilterParam *> params;
    for (const NetFilterParam &p : n.filter_params) params.push_back(&p);
    std::sort(params.begin(), params.end(),
              [](const NetFilterParam *a, const NetFilterParam *b) { return a->name < b->name; });
    buf.addf("<filterref filter='%s'", n.filter->c_str());
    if (params.empty()) {
      buf.add("/>\n");
    } else {
      buf.add(">\n");
      buf.indent(2);
      for (const NetFilterParam *p : params)
        for (const std::string &v : p->values)
          buf.addf("<parameter name='%s' value='%s'/>\n", p->name.c_str(), v.c_str());
      buf.indent(-2);
      buf.add("</filterref>\n");
    }
  }
  if (n.sndbuf) {
    buf.add("<tune>\n");
    buf.addf("  <sndbuf>%llu</sndbuf>\n", *n.sndbuf);
    buf.add("</tune>\n");
  }
  if (n.teaming && n.teaming->type) {
    buf.addf("<teaming type='%s'", name_at(kTeamingTypes, n.teaming->type));
    buf.escape(" persistent='%s'", n.teaming->persistent);
    buf.add("/>\n");
  }
  if (n.link_state) buf.addf("<link state='%s'/>\n", name_at(kLinkStates, n.link_state));
  if (n.mtu) buf.addf("<mtu size='%u'/>\n", n.mtu);
  if (n.coalesce_rx_frames) {
    buf.add("<coalesce>\n");
    buf.add("  <rx>\n");
    buf.addf("    <frames max='%u'/>\n", n.coalesce_rx_frames);
    buf.add("  </rx>\n");
    buf.add("</coalesce>\n");
  }
  format_device_info(buf, n.info, true);
  buf.indent(-2);
  buf.add("</interface>\n");
}

}  // namespace virtkit::conf
