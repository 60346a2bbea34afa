// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/interface_def.h"

#include <cstring>

namespace virtkit::conf {

namespace {

constexpr int kFrom = VIR_FROM_INTERFACE;
using xml::Buffer;

const std::vector<std::string_view> kTypes{"ethernet", "bridge", "bond", "vlan"};
const std::vector<std::string_view> kBondModes{
    "",          "balance-rr", "active-backup", "balance-xor",
    "broadcast", "802.3ad",    "balance-tlb",   "balance-alb"};
const std::vector<std::string_view> kCarriers{"", "ioctl", "netif"};
const std::vector<std::string_view> kArpValidate{"", "active", "backup", "all"};

Status xml_error(const char *fmt, const char *arg = nullptr) {
  if (arg) return error(kFrom, VIR_ERR_XML_ERROR, fmt, arg);
  return error(kFrom, VIR_ERR_XML_ERROR, "%s", fmt);
}

Status parse_start_mode(InterfaceDef &def, xmlXPathContextPtr ctxt) {
  auto mode = xml::xpath_string(ctxt, "string(./start/@mode)");
  if (!mode) {
    def.start = IfaceStart::unspecified;
  } else if (*mode == "onboot") {
    def.start = IfaceStart::onboot;
  } else if (*mode == "hotplug") {
    def.start = IfaceStart::hotplug;
  } else if (*mode == "none") {
    def.start = IfaceStart::none;
  } else {
    return error(kFrom, VIR_ERR_XML_ERROR, "unknown interface startmode %s", mode->c_str());
  }
  return Status();
}

Status parse_mtu(InterfaceDef &def, xmlXPathContextPtr ctxt) {
  // libvirt fails without reporting anything on an unparsable size.
  if (xml::xpath_uint(ctxt, "string(./mtu/@size)", def.mtu) == -2) return generic_failure();
  if (def.mtu > 100000)
    return xml_error("value of the 'size' attribute of 'mtu' element must be at most 100000");
  return Status();
}

Status parse_protocol(IfaceProtocol &proto, xmlXPathContextPtr ctxt, bool ipv6) {
  proto.gateway = xml::xpath_string(ctxt, "string(./route[1]/@gateway)");
  if (ipv6 && xml::xpath_node(ctxt, "./autoconf")) proto.autoconf = true;
  if (xmlNodePtr dhcp = xml::xpath_node(ctxt, "./dhcp")) {
    proto.dhcp = true;
    proto.peerdns = -1;
    int peerdns = 0;
    VK_TRY(xml::prop_tristate_bool(dhcp, "peerdns", xml::kPropNone, peerdns));
    if (peerdns != 0) proto.peerdns = peerdns == 1 ? 1 : 0;
  }
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./ip")) {
    IfaceIp ip;
    ip.address = xml::prop(node, "address");
    if (ip.address) VK_TRY(xml::prop_int(node, "prefix", 0, xml::kPropNone, ip.prefix, 0));
    proto.ips.push_back(std::move(ip));
  }
  return Status();
}

Status parse_addressing(InterfaceDef &def, xmlXPathContextPtr ctxt) {
  xml::NodeRestore restore(ctxt);
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./protocol")) {
    IfaceProtocol proto;
    auto family = xml::prop(node, "family");
    if (!family) return xml_error("protocol misses the family attribute");
    proto.family = *family;
    ctxt->node = node;
    if (proto.family == "ipv4") {
      VK_TRY(parse_protocol(proto, ctxt, false));
    } else if (proto.family == "ipv6") {
      VK_TRY(parse_protocol(proto, ctxt, true));
    } else {
      return error(kFrom, VIR_ERR_XML_ERROR, "unsupported protocol family '%s'",
                   proto.family.c_str());
    }
    def.protocols.push_back(std::move(proto));
  }
  return Status();
}

Result<std::unique_ptr<InterfaceDef>> parse_node(xmlXPathContextPtr ctxt, IfaceType parent);

Status parse_members(InterfaceDef &def, xmlXPathContextPtr ctxt, IfaceType self) {
  xml::NodeRestore restore(ctxt);
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./interface")) {
    ctxt->node = node;
    auto member = parse_node(ctxt, self);
    VK_TRY(member);
    def.members.push_back(std::move(*member));
  }
  return Status();
}

Status parse_bridge(InterfaceDef &def, xmlXPathContextPtr ctxt) {
  def.stp = -1;
  if (auto stp = xml::prop(ctxt->node, "stp")) {
    // libvirt reports a bad value but goes on with the definition; the
    // report never reaches the caller of a successful call.
    if (*stp == "on")
      def.stp = 1;
    else if (*stp == "off")
      def.stp = 0;
    else
      return Status();
  }
  def.delay = xml::prop(ctxt->node, "delay");
  return parse_members(def, ctxt, IfaceType::bridge);
}

Status parse_bond(InterfaceDef &def, xmlXPathContextPtr ctxt) {
  if (auto mode = xml::xpath_string(ctxt, "string(./@mode)")) {
    int m = xml::enum_from_string(kBondModes, *mode);
    if (m <= 0) return error(kFrom, VIR_ERR_XML_ERROR, "unknown bonding mode %s", mode->c_str());
    def.bond_mode = m;
  }
  VK_TRY(parse_members(def, ctxt, IfaceType::bond));
  if (xml::xpath_node(ctxt, "./miimon[1]")) {
    def.monit = 1;
    if (xml::xpath_int(ctxt, "string(./miimon/@freq)", def.frequency) < 0)
      return xml_error("bond interface miimon freq missing or invalid");
    if (xml::xpath_int(ctxt, "string(./miimon/@downdelay)", def.downdelay) == -2)
      return xml_error("bond interface miimon downdelay invalid");
    if (xml::xpath_int(ctxt, "string(./miimon/@updelay)", def.updelay) == -2)
      return xml_error("bond interface miimon updelay invalid");
    if (auto carrier = xml::xpath_string(ctxt, "string(./miimon/@carrier)")) {
      int c = xml::enum_from_string(kCarriers, *carrier);
      if (c <= 0)
        return error(kFrom, VIR_ERR_XML_ERROR, "unknown mii bonding carrier %s", carrier->c_str());
      def.carrier = c;
    }
  } else if (xml::xpath_node(ctxt, "./arpmon[1]")) {
    def.monit = 2;
    if (xml::xpath_int(ctxt, "string(./arpmon/@interval)", def.interval) < 0)
      return xml_error("bond interface arpmon interval missing or invalid");
    def.target = xml::xpath_string(ctxt, "string(./arpmon/@target)");
    if (!def.target) return xml_error("bond interface arpmon target missing");
    if (auto v = xml::xpath_string(ctxt, "string(./arpmon/@validate)")) {
      int c = xml::enum_from_string(kArpValidate, *v);
      if (c <= 0)
        return error(kFrom, VIR_ERR_XML_ERROR, "unknown arp bonding validate %s", v->c_str());
      def.validate = c;
    }
  }
  return Status();
}

Status parse_vlan(InterfaceDef &def, xmlXPathContextPtr ctxt) {
  def.tag = xml::xpath_string(ctxt, "string(./@tag)");
  if (!def.tag) return xml_error("vlan interface misses the tag attribute");
  def.vlan_dev = xml::xpath_string(ctxt, "string(./interface/@name)");
  if (!def.vlan_dev) return xml_error("vlan interface misses name attribute");
  return Status();
}

Result<std::unique_ptr<InterfaceDef>> parse_node(xmlXPathContextPtr ctxt, IfaceType parent) {
  xml::NodeRestore restore(ctxt);
  int t = 0;
  VK_TRY(xml::prop_enum(ctxt->node, "type", kTypes, xml::kPropRequired, t));
  auto type = static_cast<IfaceType>(t);
  bool allowed = true;
  if (parent == IfaceType::bond && type != IfaceType::ethernet) allowed = false;
  if (parent == IfaceType::bridge && type == IfaceType::bridge) allowed = false;
  if (parent == IfaceType::ethernet || parent == IfaceType::vlan) allowed = false;
  if (!allowed)
    return error(kFrom, VIR_ERR_XML_ERROR, "interface has unsupported type '%s'",
                 std::string(kTypes[static_cast<size_t>(t)]).c_str());
  auto def = std::make_unique<InterfaceDef>();
  def->type = type;
  auto name = xml::prop(ctxt->node, "name");
  if (!name) return xml_error("interface has no name");
  def->name = *name;

  if (parent == IfaceType::last) {
    VK_TRY(parse_start_mode(*def, ctxt));
    VK_TRY(parse_mtu(*def, ctxt));
    VK_TRY(parse_addressing(*def, ctxt));
  }
  if (type != IfaceType::bridge) {
    if (xmlNodePtr lnk = xml::xpath_node(ctxt, "./link")) VK_TRY(parse_if_link(lnk, def->link));
  }
  switch (type) {
    case IfaceType::ethernet:
      def->mac = xml::xpath_string(ctxt, "string(./mac/@address)");
      break;
    case IfaceType::bridge: {
      xmlNodePtr bridge = xml::xpath_node(ctxt, "./bridge[1]");
      if (!bridge) return xml_error("bridge interface misses the bridge element");
      ctxt->node = bridge;
      VK_TRY(parse_bridge(*def, ctxt));
      break;
    }
    case IfaceType::bond: {
      xmlNodePtr bond = xml::xpath_node(ctxt, "./bond[1]");
      if (!bond) return xml_error("bond interface misses the bond element");
      ctxt->node = bond;
      VK_TRY(parse_bond(*def, ctxt));
      break;
    }
    case IfaceType::vlan: {
      xmlNodePtr vlan = xml::xpath_node(ctxt, "./vlan[1]");
      if (!vlan) return xml_error("vlan interface misses the vlan element");
      ctxt->node = vlan;
      VK_TRY(parse_vlan(*def, ctxt));
      break;
    }
    case IfaceType::last:
      return generic_failure();
  }
  return def;
}

void format_protocols(Buffer &buf, const InterfaceDef &def) {
  for (const IfaceProtocol &p : def.protocols) {
    buf.escape("<protocol family='%s'>\n", p.family.c_str());
    buf.indent(2);
    if (p.autoconf) buf.add("<autoconf/>\n");
    if (p.dhcp) {
      if (p.peerdns == 0)
        buf.add("<dhcp peerdns='no'/>\n");
      else if (p.peerdns == 1)
        buf.add("<dhcp peerdns='yes'/>\n");
      else
        buf.add("<dhcp/>\n");
    }
    for (const IfaceIp &ip : p.ips) {
      if (!ip.address) continue;
      buf.addf("<ip address='%s'", ip.address->c_str());
      if (ip.prefix != 0) buf.addf(" prefix='%d'", ip.prefix);
      buf.add("/>\n");
    }
    if (p.gateway) buf.addf("<route gateway='%s'/>\n", p.gateway->c_str());
    buf.indent(-2);
    buf.add("</protocol>\n");
  }
}

void format_dev(Buffer &buf, const InterfaceDef &def, IfaceType parent);

void format_bridge(Buffer &buf, const InterfaceDef &def) {
  buf.add("<bridge");
  if (def.stp == 1)
    buf.add(" stp='on'");
  else if (def.stp == 0)
    buf.add(" stp='off'");
  if (def.delay) buf.addf(" delay='%s'", def.delay->c_str());
  buf.add(">\n");
  buf.indent(2);
  for (const auto &m : def.members) format_dev(buf, *m, IfaceType::bridge);
  buf.indent(-2);
  buf.add("</bridge>\n");
}

void format_bond(Buffer &buf, const InterfaceDef &def) {
  buf.add("<bond");
  if (def.bond_mode > 0 && def.bond_mode < static_cast<int>(kBondModes.size()))
    buf.addf(" mode='%s'", std::string(kBondModes[static_cast<size_t>(def.bond_mode)]).c_str());
  buf.add(">\n");
  buf.indent(2);
  if (def.monit == 1) {
    buf.addf("<miimon freq='%d'", def.frequency);
    if (def.downdelay > 0) buf.addf(" downdelay='%d'", def.downdelay);
    if (def.updelay > 0) buf.addf(" updelay='%d'", def.updelay);
    if (def.carrier > 0)
      buf.addf(" carrier='%s'", std::string(kCarriers[static_cast<size_t>(def.carrier)]).c_str());
    buf.add("/>\n");
  } else if (def.monit == 2) {
    buf.addf("<arpmon interval='%d' target='%s'", def.interval,
             def.target ? def.target->c_str() : "");
    if (def.validate > 0)
      buf.addf(" validate='%s'",
               std::string(kArpValidate[static_cast<size_t>(def.validate)]).c_str());
    buf.add("/>\n");
  }
  for (const auto &m : def.members) format_dev(buf, *m, IfaceType::bond);
  buf.indent(-2);
  buf.add("</bond>\n");
}

void format_vlan(Buffer &buf, const InterfaceDef &def) {
  buf.addf("<vlan tag='%s'", def.tag ? def.tag->c_str() : "");
  if (def.vlan_dev) {
    buf.add(">\n");
    buf.indent(2);
    buf.addf("<interface name='%s'/>\n", def.vlan_dev->c_str());
    buf.indent(-2);
    buf.add("</vlan>\n");
  } else {
    buf.add("/>\n");
  }
}

void format_dev(Buffer &buf, const InterfaceDef &def, IfaceType parent) {
  buf.addf("<interface type='%s' ", std::string(kTypes[static_cast<size_t>(def.type)]).c_str());
  buf.escape("name='%s'", def.name.c_str());
  buf.add(">\n");
  buf.indent(2);
  if (parent == IfaceType::last) {
    static const char *const modes[] = {nullptr, "none", "onboot", "hotplug"};
    if (const char *m = modes[static_cast<int>(def.start)]) buf.addf("<start mode='%s'/>\n", m);
    if (def.mtu) buf.addf("<mtu size='%d'/>\n", static_cast<int>(def.mtu));
    format_protocols(buf, def);
  }
  if (def.type != IfaceType::bridge) format_if_link(buf, def.link);
  switch (def.type) {
    case IfaceType::ethernet:
      if (def.mac) buf.addf("<mac address='%s'/>\n", def.mac->c_str());
      break;
    case IfaceType::bridge:
      format_bridge(buf, def);
      break;
    case IfaceType::bond:
      format_bond(buf, def);
      break;
    case IfaceType::vlan:
      format_vlan(buf, def);
      break;
    case IfaceType::last:
      break;
  }
  buf.indent(-2);
  buf.add("</interface>\n");
}

}  // namespace

InterfaceDef::InterfaceDef(const InterfaceDef &o)
    : type(o.type),
      name(o.name),
      mtu(o.mtu),
      mac(o.mac),
      link(o.link),
      start(o.start),
      protocols(o.protocols),
      stp(o.stp),
      delay(o.delay),
      bond_mode(o.bond_mode),
      monit(o.monit),
      frequency(o.frequency),
      downdelay(o.downdelay),
      updelay(o.updelay),
      carrier(o.carrier),
      interval(o.interval),
      target(o.target),
      validate(o.validate),
      tag(o.tag),
      vlan_dev(o.vlan_dev) {
  members.reserve(o.members.size());
  for (const auto &m : o.members) members.push_back(std::make_unique<InterfaceDef>(*m));
}

const std::vector<std::string_view> &if_link_states() {
  static const std::vector<std::string_view> names{
      "", "unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"};
  return names;
}

Status parse_if_link(xmlNodePtr node, IfLink &link) {
  VK_TRY(xml::prop_enum(node, "state", if_link_states(), xml::kPropNone, link.state));
  VK_TRY(xml::prop_uint(node, "speed", 10, xml::kPropNone, link.speed));
  return Status();
}

void format_if_link(Buffer &buf, const IfLink &link) {
  if (!link.speed && !link.state) return;
  buf.add("<link");
  if (link.speed) buf.addf(" speed='%u'", link.speed);
  if (link.state)
    buf.addf(" state='%s'", std::string(if_link_states()[static_cast<size_t>(link.state)]).c_str());
  buf.add("/>\n");
}

Result<std::unique_ptr<InterfaceDef>> parse_interface_node(xmlXPathContextPtr ctxt) {
  return parse_node(ctxt, IfaceType::last);
}

Result<std::unique_ptr<InterfaceDef>> parse_interface(const char *xml_text, bool validate) {
  auto doc = xml::parse_string(kFrom, xml_text, "(interface_definition)", "interface");
  VK_TRY(doc);
  if (validate)
    VK_TRY(xml::validate_against_schema("/usr/share/libvirt/schemas/interface.rng", doc->doc()));
  return parse_interface_node(doc->ctxt());
}

std::string format_interface(const InterfaceDef &def) {
  Buffer buf;
  format_dev(buf, def, IfaceType::last);
  return buf.take();
}

}  // namespace virtkit::conf
