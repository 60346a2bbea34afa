// SPDX-License-Identifier: LGPL-2.1-or-later
// What the hand-written entry points of the *_extra.cc files share: driver
// features asked the way libvirt's VIR_DRV_SUPPORTS_FEATURE asks them, the
// validation of typed parameters handed to Set* calls, and file names made
// absolute before a driver sees them.
#pragma once

#include <optional>
#include <string>

#include "api/guard.h"

namespace virtkit::api::extra {

// libvirt's internal driver features (virDrvFeature; the numbers are the
// interface between libvirt's public layer and its drivers).
enum Feature : int {
  kMigrationV1 = 1,
  kRemote = 2,
  kMigrationV2 = 3,
  kMigrationP2P = 4,
  kMigrationDirect = 5,
  kMigrationV3 = 6,
  kMigrateChangeProtection = 7,
  kFdPassing = 8,
  kTypedParamString = 9,
  kProgramKeepalive = 10,
  kXmlMigratable = 11,
  kMigrationOffline = 12,
  kMigrationParams = 13,
  kRemoteEventCallback = 14,
  kRemoteCloseCallback = 15,
  kNetworkUpdateHasCorrectOrder = 16,
};

// 1 when the connection's driver supports `feature`, 0 when not. Features
// that libvirt decides for every driver alike are answered here; the rest
// by the driver's connectSupportsFeature slot (0 when it has none).
Result<int> supports_feature(virConnectPtr conn, int feature);

// Calls passing file descriptors: refused (VIR_ERR_ARGUMENT_UNSUPPORTED,
// error domain `from`) when the connection cannot pass them.
Status fd_passing(virConnectPtr conn, int from);

// Get*Parameters: `flags` plus VIR_TYPED_PARAM_STRING_OKAY when the driver
// can return string parameters.
Result<unsigned> with_string_okay(virConnectPtr conn, unsigned flags);

// libvirt's virTypedParameterValidateSet: every field name terminated within
// VIR_TYPED_PARAM_FIELD_LENGTH, strings only for drivers that take them and
// never NULL. Its errors name virTypedParameterValidateSet (VIR_FROM_NONE).
Status validate_set(virConnectPtr conn, const virTypedParameter *params, int nparams);

// `path` made absolute against the working directory and tidied ("." and
// ".." components and repeated separators resolved, no trailing separator;
// the file system is not consulted), as GLib's g_canonicalize_filename
// does for libvirt. Empty only if no absolute name could be built.
std::optional<std::string> absolute_path(const char *path);

}  // namespace virtkit::api::extra
