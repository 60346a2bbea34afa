// SPDX-License-Identifier: LGPL-2.1-or-later
// What the storage pool (cmd_pool.cc) and volume (cmd_volume.cc) commands
// share: virsh's pool and volume lookups.
#pragma once

#include <cstdlib>
#include <cstring>
#include <string>

#include <virtkit/storage.hpp>

#include "virtkit_sh.h"

namespace virtkit_sh::storage {

using Pool = virtkit::StoragePool;
using Vol = virtkit::StorageVolume;

enum : unsigned { kByUuid = 1, kByName = 2 };

// virsh's virshCommandOptPoolBy: the option's value tried as a UUID (when it
// is as long as one), then as a name; "failed to get pool '%s'" otherwise.
// given (if not null) is set to the value. An empty handle on failure.
Pool lookup_pool(Shell &sh, const Cmd &c, const char *opt, const char **given = nullptr,
                 unsigned by = kByUuid | kByName);

// virsh's virshCommandOptVolBy: with pool_opt given, the volume by name in
// that (active) pool; then by key and by path (kByUuid). given (if not null)
// is set to the option's value. An empty handle on failure.
Vol lookup_vol(Shell &sh, const Cmd &c, const char *opt, const char *pool_opt,
               const char **given = nullptr, unsigned by = kByUuid | kByName);

// A name as virsh prints it: "(null)" (printf of NULL) if it cannot be had.
template <class H>
std::string name_of(const H &h) {
  return h.try_name().value_or(std::string("(null)"));
}

// A document as edit_xml() wants it: a malloc'd copy, or null after the error.
inline char *edit_copy(const virtkit::Expected<std::string> &xml) {
  return xml ? strdup(xml->c_str()) : nullptr;
}

}  // namespace virtkit_sh::storage
