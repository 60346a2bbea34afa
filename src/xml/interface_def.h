// SPDX-License-Identifier: LGPL-2.1-or-later
// The host interface definition model (<interface> documents of the
// interface driver): its types, parser and formatter are generated from
// src/xml/desc/interface.xd (xml/interface_desc.h); this is the rest, as
// libvirt 9.0.0's interface configuration code does it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <libxml/xpath.h>

#include "error/status.h"
#include "xml/interface_desc.h"
#include "xml/xml.h"

namespace virtkit::conf {

// A <link> (libvirt's virNetDevIfLink), shared with node devices' net
// capability: nothing is printed when it has neither speed nor state.
Status parse_if_link(xmlNodePtr node, IfLink &link);
void format_if_link(xml::Buffer &buf, const IfLink &link);

// The MAC address of an ethernet interface, if it has one.
inline std::optional<std::string> interface_mac(const InterfaceDef &def) {
  return def.mac ? def.mac->address : std::nullopt;
}

// virInterfaceDefParseString (`validate`: VIR_INTERFACE_DEFINE_VALIDATE).
Result<std::unique_ptr<InterfaceDef>> parse_interface(const char *xml_text, bool validate);
// virInterfaceDefParseXML of a top-level <interface> at ctxt->node.
Result<std::unique_ptr<InterfaceDef>> parse_interface_node(xmlXPathContextPtr ctxt);
// virInterfaceDefFormat.
std::string format_interface(const InterfaceDef &def);

}  // namespace virtkit::conf
