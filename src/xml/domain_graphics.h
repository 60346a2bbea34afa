// SPDX-License-Identifier: LGPL-2.1-or-later
// A domain's <graphics> devices (libvirt's virDomainGraphicsDef): the element
// is described in src/xml/desc/domain.xd (struct Graphics); its hooks
// (domain_graphics.cc) read and print what depends on the first <listen> and
// the format flags: the listens, the ports and the password.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <optional>
#include <string>
#include <vector>

#include "error/status.h"
#include "xml/domain_desc.h"
#include "xml/xml.h"

namespace virtkit::conf {

// virDomainGraphicsDefParseXML; `flags` are the domain's parse flags
// (kParseInactive: an automatic port is not kept).
Result<Graphics> parse_graphics(xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned flags);
// virDomainDefPostParseGraphics: spice without ports nor autoport listens nowhere.
void post_parse_graphics(Graphics &g);
// virDomainGraphicsDefValidate; `audios` are the domain's <audio> backends.
Status validate_graphics(const Graphics &g, const std::vector<Audio> &audios);
// virDomainGraphicsDefFormat with the domain's format flags.
void format_graphics(xml::Buffer &buf, const Graphics &g, unsigned flags);

}  // namespace virtkit::conf
