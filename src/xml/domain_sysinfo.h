// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain's <sysinfo> elements (SMBIOS tables or fw_cfg entries), read
// and printed as libvirt 9.0.0 does.
#pragma once

#include <libxml/xpath.h>

#include <optional>
#include <string>
#include <vector>

#include "error/status.h"
#include "xml/xml.h"

namespace virtkit::conf {

struct DomainDef;

// One <sysinfo>. SMBIOS sections hold their named entries in libvirt's
// print order; a section whose entries are all empty is dropped.
struct Sysinfo {
  bool fwcfg = false;  // type='fwcfg', else 'smbios'
  std::optional<std::vector<std::optional<std::string>>> bios, system, chassis;
  std::vector<std::vector<std::optional<std::string>>> base_boards;
  std::optional<std::vector<std::string>> oem_strings;
  struct FwCfg {
    std::string name;
    std::optional<std::string> value, file;
  };
  std::vector<FwCfg> fw_cfgs;
};

// Every ./sysinfo of the domain; `uuid_generated` says the domain had no
// <uuid>, so a system uuid entry becomes the domain's.
Status parse_sysinfos(DomainDef &def, xmlXPathContextPtr ctxt, bool uuid_generated);
void format_sysinfos(xml::Buffer &buf, const DomainDef &def);

}  // namespace virtkit::conf
