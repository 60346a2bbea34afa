// SPDX-License-Identifier: LGPL-2.1-or-later
// <resource> (partition, Fibre Channel appid), <devices><lease> and the
// <devices><nvram> device (libvirt's virDomainResourceDef, virDomainLeaseDef,
// virDomainNVRAMDef).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "error/status.h"
#include "xml/device_info.h"
#include "xml/xml.h"

namespace virtkit::conf {

struct DomainResource {
  std::optional<std::string> partition;
  std::optional<std::string> appid;  // <fibrechannel appid>
};

struct Lease {
  std::string lockspace, key, path;  // <lockspace>, <key>, <target path>
  unsigned long long offset = 0;     // <target offset>
};

// The pseries NVRAM device: only an address and alias.
struct NvramDevice {
  DeviceInfo info;
};

// The domain's <resource> elements (at most one).
Status parse_resource(xmlXPathContextPtr ctxt, std::optional<DomainResource> &out);
void format_resource(xml::Buffer &buf, const std::optional<DomainResource> &res);
// virDomainDefResourceValidate.
Status validate_resource(const std::optional<DomainResource> &res);

Status parse_leases(xmlXPathContextPtr ctxt, std::vector<Lease> &out);
void format_leases(xml::Buffer &buf, const std::vector<Lease> &leases);

// <devices><nvram> (at most one).
Status parse_nvram_device(xmlXPathContextPtr ctxt, std::optional<NvramDevice> &out);
void format_nvram_device(xml::Buffer &buf, const std::optional<NvramDevice> &nvram);

}  // namespace virtkit::conf
