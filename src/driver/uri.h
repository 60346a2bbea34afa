// SPDX-License-Identifier: LGPL-2.1-or-later
// Connection URIs, parsed with libxml2's RFC 3986 parser as libvirt does.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "public.h"
#include "error/status.h"
#include "util/uuid.h"

namespace virtkit::driver {

struct Uri {
  std::string text;    // as given
  std::string scheme;  // empty when absent
  std::string server;  // IPv6 brackets stripped
  std::string user;
  int port = 0;
  std::string path;  // "" when absent
  std::string query;
  std::string fragment;
  bool has_scheme = false;
  bool has_server = false;
  std::vector<std::pair<std::string, std::string>> params;  // unescaped query

  // The value of query parameter `name`, or NULL.
  const std::string *param(std::string_view name) const;
};

// libvirt's virURIParse: "Unable to parse URI %s" (VIR_FROM_URI) on failure.
Result<Uri> parse_uri(const char *text);

// libvirt's virURIFormat (what virConnectGetURI returns).
std::string format_uri(const Uri &uri);

// For src/drivers, which still names it here: util/uuid.h has the UUID helpers.
using util::format_uuid;

}  // namespace virtkit::driver
