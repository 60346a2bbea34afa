// SPDX-License-Identifier: LGPL-2.1-or-later
// What the storage pool (cmd_pool.cc) and volume (cmd_volume.cc) commands
// share: owning handles and virsh's pool and volume lookups.
#pragma once

#include <memory>

#include "virtkit_sh.h"

namespace virtkit_sh::storage {

struct PoolFree {
  void operator()(virStoragePoolPtr p) const { virStoragePoolFree(p); }
};
struct VolFree {
  void operator()(virStorageVolPtr v) const { virStorageVolFree(v); }
};
using Pool = std::unique_ptr<virStoragePool, PoolFree>;
using Vol = std::unique_ptr<virStorageVol, VolFree>;

enum : unsigned { kByUuid = 1, kByName = 2 };

// virsh's virshCommandOptPoolBy: the option's value tried as a UUID (when it
// is as long as one), then as a name; "failed to get pool '%s'" otherwise.
// given (if not null) is set to the value.
Pool lookup_pool(Shell &sh, const Cmd &c, const char *opt, const char **given = nullptr,
                 unsigned by = kByUuid | kByName);

// virsh's virshCommandOptVolBy: with pool_opt given, the volume by name in
// that (active) pool; then by key and by path (kByUuid). given (if not null)
// is set to the option's value.
Vol lookup_vol(Shell &sh, const Cmd &c, const char *opt, const char *pool_opt,
               const char **given = nullptr, unsigned by = kByUuid | kByName);

}  // namespace virtkit_sh::storage
