// SPDX-License-Identifier: LGPL-2.1-or-later
// URI-based driver registry: the first registered driver that claims a URI
// opens it.
#pragma once

#include <optional>

#include "driver/driver.h"
#include "util/conf.h"

namespace virtkit::driver {

// Registers a driver for the life of the process (built-in drivers register
// themselves on first use of the registry).
void register_driver(Driver &driver);

// Opens `name` (NULL or "" means the default URI): the driver's tables and
// the URI as virConnectGetURI reports it. libvirt's errors for unknown drivers.
struct Opened {
  Tables drv;
  std::string uri;
};
Result<Opened> open(const char *name, virConnectAuthPtr auth, unsigned flags);

// During a driver's open on this thread: the client's libvirt.conf that
// open() read (NULL when there is none), for the settings drivers read
// (remote_mode, remote_proxy).
const util::Conf *client_conf();

// A client configuration file (libvirt.conf, libvirt-admin.conf): root's in
// /etc/libvirt, a user's in their config directory; none when the file
// does not exist (libvirt's virConfLoadConfig).
Result<std::optional<util::Conf>> load_client_conf(const char *name);

// libvirt's virURIResolveAlias: `uristr` replaced by the URI its alias in
// the file's uri_aliases names, if any.
Status resolve_alias(const util::Conf &conf, std::string *uristr);

}  // namespace virtkit::driver
