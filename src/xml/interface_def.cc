// SPDX-License-Identifier: LGPL-2.1-or-later
// What src/xml/desc/interface.xd cannot say: libvirt's range check of the
// MTU, the monitor delays it keeps but prints only when positive, and the
// document's entry points.
#include "xml/interface_def.h"

namespace virtkit::conf {

namespace {
constexpr int kFrom = VIR_FROM_INTERFACE;
}  // namespace

Status check_iface_mtu(xmlNodePtr, IfaceMtu &x) {
  if (x.size && *x.size > 100000)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                 "value of the 'size' attribute of 'mtu' element must be at most 100000");
  return Status();
}

Status check_iface_miimon(xmlNodePtr, IfaceMiimon &x) {
  // libvirt prints the delays only when positive (0 means unset).
  if (x.downdelay && *x.downdelay < 0) x.downdelay.reset();
  if (x.updelay && *x.updelay < 0) x.updelay.reset();
  return Status();
}

Status parse_if_link(xmlNodePtr node, IfLink &link) {
  return parse(node, link);
}

void format_if_link(xml::Buffer &buf, const IfLink &link) {
  format(buf, link);
}

Result<std::unique_ptr<InterfaceDef>> parse_interface_node(xmlXPathContextPtr ctxt) {
  auto def = std::make_unique<InterfaceDef>();
  VK_TRY(parse(ctxt->node, *def));
  return def;
}

Result<std::unique_ptr<InterfaceDef>> parse_interface(const char *xml_text, bool validate) {
  auto doc = xml::parse_string(kFrom, xml_text, "(interface_definition)", "interface");
  VK_TRY(doc);
  if (validate)
    VK_TRY(xml::validate_against_schema("/usr/share/libvirt/schemas/interface.rng", doc->doc()));
  return parse_interface_node(doc->ctxt());
}

std::string format_interface(const InterfaceDef &def) {
  xml::Buffer buf;
  format(buf, def);
  return buf.take();
}

}  // namespace virtkit::conf
