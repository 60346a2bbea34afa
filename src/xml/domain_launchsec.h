// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain's <launchSecurity> (AMD SEV or s390 protected virtualization),
// read and printed as libvirt 9.0.0 does.
#pragma once

#include <libxml/xpath.h>

#include <optional>
#include <string>

#include "error/status.h"
#include "xml/xml.h"

namespace virtkit::conf {

struct LaunchSecurity {
  bool pv = false;        // type='s390-pv', else 'sev'
  int kernel_hashes = 0;  // virTristateBool
  std::optional<unsigned> cbitpos, reduced_phys_bits;
  unsigned policy = 0;
  std::optional<std::string> dh_cert, session;
};

// The first ./launchSecurity, if any.
Status parse_launch_security(std::optional<LaunchSecurity> &out, xmlXPathContextPtr ctxt);
void format_launch_security(xml::Buffer &buf, const std::optional<LaunchSecurity> &sec);

}  // namespace virtkit::conf
