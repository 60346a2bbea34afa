// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for domains whose checks go beyond the uniform
// pattern: statistics, tuning parameters, save/restore/dump files, device
// streams, metadata and the migration family.
#define VIR_ENUM_SENTINELS  // the *_LAST values of the public enums

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "api/extra_checks.h"
#include "api/util.h"
#include "driver/driver.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::hv;
namespace ex = virtkit::api::extra;

namespace {

constexpr unsigned kLive = VIR_DOMAIN_AFFECT_LIVE;
constexpr unsigned kConfig = VIR_DOMAIN_AFFECT_CONFIG;

Status live_or_config(const Call &c, unsigned flags) {
  return c.exclusive(flags, kLive, kConfig, "VIR_DOMAIN_AFFECT_LIVE", "VIR_DOMAIN_AFFECT_CONFIG");
}

Status running_or_paused(const Call &c, unsigned flags) {
  return c.exclusive(flags, VIR_DOMAIN_SAVE_RUNNING, VIR_DOMAIN_SAVE_PAUSED,
                     "VIR_DOMAIN_SAVE_RUNNING", "VIR_DOMAIN_SAVE_PAUSED");
}

// The checks of a Get*Parameters call: `*nparams` is the room in `params`.
Status check_get_params(const Call &c, const virTypedParameter *params, const int *nparams) {
  VK_TRY(c.nonnull(nparams, "nparams"));
  VK_TRY(c.nonnegative(*nparams, "*nparams"));
  if (*nparams != 0) VK_TRY(c.nonnull(params, "params"));
  return Status();
}

// The checks of most Set*Parameters calls.
Status check_set_params(const Call &c, virConnectPtr conn, const virTypedParameter *params,
                        int nparams) {
  VK_TRY(c.nonnull(params, "params"));
  VK_TRY(c.positive(nparams, "nparams"));
  return ex::validate_set(conn, params, nparams);
}

Status fd_passing(virConnectPtr conn, int from) {
  auto rc = ex::supports_feature(conn, ex::kFdPassing);
  VK_TRY(rc);
  if (!*rc)
    return error(from, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                 "fd passing is not supported by this connection");
  return Status();
}

Status stream_matches(const Call &c, virDomainPtr dom, virStreamPtr st, const char *argname) {
  if (dom->conn != st->conn)
    return c.invalid(argname, "stream must match connection of domain '%s'", dom->name.c_str());
  return Status();
}

Status dump_flags(const Call &c, unsigned flags) {
  VK_TRY(c.exclusive(flags, VIR_DUMP_CRASH, VIR_DUMP_LIVE, "VIR_DUMP_CRASH", "VIR_DUMP_LIVE"));
  VK_TRY(c.exclusive(flags, VIR_DUMP_CRASH, VIR_DUMP_RESET, "VIR_DUMP_CRASH", "VIR_DUMP_RESET"));
  return c.exclusive(flags, VIR_DUMP_LIVE, VIR_DUMP_RESET, "VIR_DUMP_LIVE", "VIR_DUMP_RESET");
}

// A file name as the driver gets it; `what` completes libvirt's message.
Result<std::string> file_for_driver(const Call &c, const char *path, const char *what) {
  auto abs = ex::absolute_path(path);
  if (!abs)
    return error(c.api.from, VIR_ERR_INTERNAL_ERROR, "could not build absolute %s file path", what);
  return std::move(*abs);
}

}  // namespace

// ---- Statistics and information ----

int virDomainBlockStats(virDomainPtr dom, const char *disk, virDomainBlockStatsPtr stats,
                        size_t size) {
  return entry<Api::virDomainBlockStats>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(disk, "disk"));
    VK_TRY(c.nonnull(stats, "stats"));
    virDomainBlockStatsStruct full = {-1, -1, -1, -1, -1};
    if (size > sizeof full) return c.invalid("size", "size must not exceed %zu", sizeof full);
    VK_TRY(hv(dom).domainBlockStats(dom, disk, &full));
    std::memcpy(stats, &full, size);
    return 0;
  });
}

int virDomainInterfaceStats(virDomainPtr dom, const char *device, virDomainInterfaceStatsPtr stats,
                            size_t size) {
  return entry<Api::virDomainInterfaceStats>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(device, "device"));
    VK_TRY(c.nonnull(stats, "stats"));
    virDomainInterfaceStatsStruct full = {-1, -1, -1, -1, -1, -1, -1, -1};
    if (size > sizeof full) return c.invalid("size", "size must not exceed %zu", sizeof full);
    VK_TRY(hv(dom).domainInterfaceStats(dom, device, &full));
    std::memcpy(stats, &full, size);
    return 0;
  });
}

int virDomainBlockStatsFlags(virDomainPtr dom, const char *disk, virTypedParameterPtr params,
                             int *nparams, unsigned int flags) {
  return entry<Api::virDomainBlockStatsFlags>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(disk, "disk"));
    VK_TRY(check_get_params(c, params, nparams));
    auto f = ex::with_string_okay(dom->conn, flags);
    VK_TRY(f);
    return hv(dom).domainBlockStatsFlags(dom, disk, params, nparams, *f);
  });
}

int virDomainMemoryStats(virDomainPtr dom, virDomainMemoryStatPtr stats, unsigned int nr_stats,
                         unsigned int flags) {
  return entry<Api::virDomainMemoryStats>(dom, [&](const Call &) -> Result<int> {
    if (!stats || nr_stats == 0) return 0;
    if (nr_stats > VIR_DOMAIN_MEMORY_STAT_NR) nr_stats = VIR_DOMAIN_MEMORY_STAT_NR;
    return hv(dom).domainMemoryStats(dom, stats, nr_stats, flags);
  });
}

int virDomainGetCPUStats(virDomainPtr domain, virTypedParameterPtr params, unsigned int nparams,
                         int start_cpu, unsigned int ncpus, unsigned int flags) {
  return entry<Api::virDomainGetCPUStats>(domain, [&](const Call &c) -> Result<int> {
    if (start_cpu == -1) {
      if (ncpus != 1) return c.invalid("start_cpu", "%s", "ncpus must be 1 when start_cpu is -1");
    } else {
      VK_TRY(c.nonnegative(start_cpu, "start_cpu"));
    }
    if (nparams)
      VK_TRY(c.nonnull(params, "params"));
    else
      VK_TRY(c.null(params, "params"));
    if (ncpus == 0) VK_TRY(c.null(params, "params"));
    if (nparams && ncpus > UINT_MAX / nparams)
      return error(c.api.from, VIR_ERR_OVERFLOW, "input too large: %u * %u", nparams, ncpus);
    auto f = ex::with_string_okay(domain->conn, flags);
    VK_TRY(f);
    return hv(domain).domainGetCPUStats(domain, params, nparams, start_cpu, ncpus, *f);
  });
}

int virDomainGetControlInfo(virDomainPtr domain, virDomainControlInfoPtr info, unsigned int flags) {
  return entry<Api::virDomainGetControlInfo>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(info, "info"));
    return hv(domain).domainGetControlInfo(domain, info, flags);
  });
}

int virDomainGetFSInfo(virDomainPtr dom, virDomainFSInfoPtr **info, unsigned int flags) {
  return entry<Api::virDomainGetFSInfo>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(info, "info"));
    *info = nullptr;
    return hv(dom).domainGetFSInfo(dom, info, flags);
  });
}

int virDomainGetIOThreadInfo(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                             unsigned int flags) {
  return entry<Api::virDomainGetIOThreadInfo>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(info, "info"));
    *info = nullptr;
    VK_TRY(live_or_config(c, flags));
    return hv(dom).domainGetIOThreadInfo(dom, info, flags);
  });
}

int virDomainInterfaceAddresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                unsigned int source, unsigned int flags) {
  if (ifaces) *ifaces = nullptr;  // even for an invalid domain, as libvirt
  return entry<Api::virDomainInterfaceAddresses>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(ifaces, "ifaces"));
    if (source == VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT) VK_TRY(c.writable(dom->conn));
    return hv(dom).domainInterfaceAddresses(dom, ifaces, source, flags);
  });
}

int virDomainGetVcpus(virDomainPtr domain, virVcpuInfoPtr info, int maxinfo, unsigned char *cpumaps,
                      int maplen) {
  return entry<Api::virDomainGetVcpus>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(info, "info"));
    VK_TRY(c.positive(maxinfo, "maxinfo"));
    if (cpumaps)
      VK_TRY(c.positive(maplen, "maplen"));
    else
      VK_TRY(c.zero(maplen, "maplen"));
    if (cpumaps && maplen > 0 && maxinfo > INT_MAX / maplen)
      return error(c.api.from, VIR_ERR_OVERFLOW, "input too large: %d * %d", maxinfo, maplen);
    return hv(domain).domainGetVcpus(domain, info, maxinfo, cpumaps, maplen);
  });
}

int virDomainGetVcpuPinInfo(virDomainPtr domain, int ncpumaps, unsigned char *cpumaps, int maplen,
                            unsigned int flags) {
  return entry<Api::virDomainGetVcpuPinInfo>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.array(cpumaps, ncpumaps, "cpumaps"));
    VK_TRY(c.positive(ncpumaps, "ncpumaps"));
    VK_TRY(c.positive(maplen, "maplen"));
    if (maplen > 0 && ncpumaps > INT_MAX / maplen)
      return error(c.api.from, VIR_ERR_OVERFLOW, "input too large: %d * %d", ncpumaps, maplen);
    VK_TRY(live_or_config(c, flags));
    return hv(domain).domainGetVcpuPinInfo(domain, ncpumaps, cpumaps, maplen, flags);
  });
}

char *virDomainGetSchedulerType(virDomainPtr domain, int *nparams) {
  return entry<Api::virDomainGetSchedulerType>(domain, [&](const Call &) -> Result<char *> {
    return hv(domain).domainGetSchedulerType(domain, nparams);
  });
}

int virDomainGetLaunchSecurityInfo(virDomainPtr domain, virTypedParameterPtr *params, int *nparams,
                                   unsigned int flags) {
  return entry<Api::virDomainGetLaunchSecurityInfo>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(params, "params"));
    VK_TRY(c.nonnull(nparams, "nparams"));
    VK_TRY(c.writable(domain->conn));
    auto f = ex::with_string_okay(domain->conn, flags);
    VK_TRY(f);
    return hv(domain).domainGetLaunchSecurityInfo(domain, params, nparams, *f);
  });
}

// ---- Tuning parameters ----

int virDomainGetBlkioParameters(virDomainPtr domain, virTypedParameterPtr params, int *nparams,
                                unsigned int flags) {
  return entry<Api::virDomainGetBlkioParameters>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_get_params(c, params, nparams));
    auto f = ex::with_string_okay(domain->conn, flags);
    VK_TRY(f);
    VK_TRY(live_or_config(c, *f));
    return hv(domain).domainGetBlkioParameters(domain, params, nparams, *f);
  });
}

int virDomainSetBlkioParameters(virDomainPtr domain, virTypedParameterPtr params, int nparams,
                                unsigned int flags) {
  return entry<Api::virDomainSetBlkioParameters>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(params, "params"));
    VK_TRY(c.nonnegative(nparams, "nparams"));
    VK_TRY(ex::validate_set(domain->conn, params, nparams));
    return hv(domain).domainSetBlkioParameters(domain, params, nparams, flags);
  });
}

int virDomainGetMemoryParameters(virDomainPtr domain, virTypedParameterPtr params, int *nparams,
                                 unsigned int flags) {
  return entry<Api::virDomainGetMemoryParameters>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_get_params(c, params, nparams));
    auto f = ex::with_string_okay(domain->conn, flags);
    VK_TRY(f);
    VK_TRY(live_or_config(c, *f));
    return hv(domain).domainGetMemoryParameters(domain, params, nparams, *f);
  });
}

int virDomainSetMemoryParameters(virDomainPtr domain, virTypedParameterPtr params, int nparams,
                                 unsigned int flags) {
  return entry<Api::virDomainSetMemoryParameters>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_set_params(c, domain->conn, params, nparams));
    return hv(domain).domainSetMemoryParameters(domain, params, nparams, flags);
  });
}

int virDomainGetNumaParameters(virDomainPtr domain, virTypedParameterPtr params, int *nparams,
                               unsigned int flags) {
  return entry<Api::virDomainGetNumaParameters>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_get_params(c, params, nparams));
    auto f = ex::with_string_okay(domain->conn, flags);
    VK_TRY(f);
    return hv(domain).domainGetNumaParameters(domain, params, nparams, *f);
  });
}

int virDomainSetNumaParameters(virDomainPtr domain, virTypedParameterPtr params, int nparams,
                               unsigned int flags) {
  return entry<Api::virDomainSetNumaParameters>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_set_params(c, domain->conn, params, nparams));
    return hv(domain).domainSetNumaParameters(domain, params, nparams, flags);
  });
}

int virDomainGetInterfaceParameters(virDomainPtr domain, const char *device,
                                    virTypedParameterPtr params, int *nparams, unsigned int flags) {
  return entry<Api::virDomainGetInterfaceParameters>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_get_params(c, params, nparams));
    auto f = ex::with_string_okay(domain->conn, flags);
    VK_TRY(f);
    return hv(domain).domainGetInterfaceParameters(domain, device, params, nparams, *f);
  });
}

int virDomainSetInterfaceParameters(virDomainPtr domain, const char *device,
                                    virTypedParameterPtr params, int nparams, unsigned int flags) {
  return entry<Api::virDomainSetInterfaceParameters>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_set_params(c, domain->conn, params, nparams));
    return hv(domain).domainSetInterfaceParameters(domain, device, params, nparams, flags);
  });
}

int virDomainGetBlockIoTune(virDomainPtr dom, const char *disk, virTypedParameterPtr params,
                            int *nparams, unsigned int flags) {
  return entry<Api::virDomainGetBlockIoTune>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(nparams, "nparams"));
    VK_TRY(c.nonnegative(*nparams, "*nparams"));
    if (*nparams != 0) {
      VK_TRY(c.nonnull(params, "params"));
      VK_TRY(c.nonnull(disk, "disk"));
    }
    auto f = ex::with_string_okay(dom->conn, flags);
    VK_TRY(f);
    VK_TRY(live_or_config(c, *f));
    return hv(dom).domainGetBlockIoTune(dom, disk, params, nparams, *f);
  });
}

int virDomainSetBlockIoTune(virDomainPtr dom, const char *disk, virTypedParameterPtr params,
                            int nparams, unsigned int flags) {
  return entry<Api::virDomainSetBlockIoTune>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(disk, "disk"));
    VK_TRY(c.positive(nparams, "nparams"));
    VK_TRY(c.nonnull(params, "params"));
    VK_TRY(ex::validate_set(dom->conn, params, nparams));
    return hv(dom).domainSetBlockIoTune(dom, disk, params, nparams, flags);
  });
}

int virDomainGetSchedulerParametersFlags(virDomainPtr domain, virTypedParameterPtr params,
                                         int *nparams, unsigned int flags) {
  return entry<Api::virDomainGetSchedulerParametersFlags>(
      domain, [&](const Call &c) -> Result<int> {
        VK_TRY(c.nonnull(params, "params"));
        VK_TRY(c.nonnull(nparams, "nparams"));
        VK_TRY(c.positive(*nparams, "*nparams"));
        auto f = ex::with_string_okay(domain->conn, flags);
        VK_TRY(f);
        VK_TRY(live_or_config(c, *f));
        return hv(domain).domainGetSchedulerParametersFlags(domain, params, nparams, *f);
      });
}

int virDomainSetSchedulerParameters(virDomainPtr domain, virTypedParameterPtr params, int nparams) {
  return entry<Api::virDomainSetSchedulerParameters>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(params, "params"));
    VK_TRY(c.nonnegative(nparams, "nparams"));
    VK_TRY(ex::validate_set(domain->conn, params, nparams));
    return hv(domain).domainSetSchedulerParameters(domain, params, nparams);
  });
}

int virDomainSetSchedulerParametersFlags(virDomainPtr domain, virTypedParameterPtr params,
                                         int nparams, unsigned int flags) {
  return entry<Api::virDomainSetSchedulerParametersFlags>(
      domain, [&](const Call &c) -> Result<int> {
        VK_TRY(c.nonnull(params, "params"));
        VK_TRY(c.nonnegative(nparams, "nparams"));
        VK_TRY(ex::validate_set(domain->conn, params, nparams));
        return hv(domain).domainSetSchedulerParametersFlags(domain, params, nparams, flags);
      });
}

int virDomainSetIOThreadParams(virDomainPtr domain, unsigned int iothread_id,
                               virTypedParameterPtr params, int nparams, unsigned int flags) {
  return entry<Api::virDomainSetIOThreadParams>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_set_params(c, domain->conn, params, nparams));
    return hv(domain).domainSetIOThreadParams(domain, iothread_id, params, nparams, flags);
  });
}

int virDomainSetPerfEvents(virDomainPtr domain, virTypedParameterPtr params, int nparams,
                           unsigned int flags) {
  return entry<Api::virDomainSetPerfEvents>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_set_params(c, domain->conn, params, nparams));
    return hv(domain).domainSetPerfEvents(domain, params, nparams, flags);
  });
}

int virDomainSetLaunchSecurityState(virDomainPtr domain, virTypedParameterPtr params, int nparams,
                                    unsigned int flags) {
  return entry<Api::virDomainSetLaunchSecurityState>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(params, "params"));
    VK_TRY(c.positive(nparams, "nparams"));
    VK_TRY(c.writable(domain->conn));
    VK_TRY(ex::validate_set(domain->conn, params, nparams));
    return hv(domain).domainSetLaunchSecurityState(domain, params, nparams, flags);
  });
}

int virDomainSetMemoryStatsPeriod(virDomainPtr domain, int period, unsigned int flags) {
  return entry<Api::virDomainSetMemoryStatsPeriod>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnegative(period, "period"));
    return hv(domain).domainSetMemoryStatsPeriod(domain, period, flags);
  });
}

int virDomainSetLifecycleAction(virDomainPtr domain, unsigned int type, unsigned int action,
                                unsigned int flags) {
  return entry<Api::virDomainSetLifecycleAction>(domain, [&](const Call &c) -> Result<int> {
    if (type >= VIR_DOMAIN_LIFECYCLE_LAST)
      return error(c.api.from, VIR_ERR_INVALID_ARG, "invalid lifecycle type '%u'", type);
    if (action >= VIR_DOMAIN_LIFECYCLE_ACTION_LAST)
      return error(c.api.from, VIR_ERR_INVALID_ARG, "invalid lifecycle action '%u'", action);
    return hv(domain).domainSetLifecycleAction(domain, type, action, flags);
  });
}

// ---- Metadata and guest keys ----

char *virDomainGetMetadata(virDomainPtr domain, int type, const char *uri, unsigned int flags) {
  return entry<Api::virDomainGetMetadata>(domain, [&](const Call &c) -> Result<char *> {
    VK_TRY(live_or_config(c, flags));
    switch (type) {
      case VIR_DOMAIN_METADATA_TITLE:
      case VIR_DOMAIN_METADATA_DESCRIPTION:
        VK_TRY(c.null(uri, "uri"));
        break;
      case VIR_DOMAIN_METADATA_ELEMENT:
        VK_TRY(c.nonnull(uri, "uri"));
        break;
      default:
        break;
    }
    return hv(domain).domainGetMetadata(domain, type, uri, flags);
  });
}

int virDomainSetMetadata(virDomainPtr domain, int type, const char *metadata, const char *key,
                         const char *uri, unsigned int flags) {
  return entry<Api::virDomainSetMetadata>(domain, [&](const Call &c) -> Result<int> {
    switch (type) {
      case VIR_DOMAIN_METADATA_TITLE:
        if (metadata && std::strchr(metadata, '\n'))
          return c.invalid("metadata", "%s", "metadata title can't contain newlines");
        [[fallthrough]];
      case VIR_DOMAIN_METADATA_DESCRIPTION:
        VK_TRY(c.null(uri, "uri"));
        VK_TRY(c.null(key, "key"));
        break;
      case VIR_DOMAIN_METADATA_ELEMENT:
        VK_TRY(c.nonnull(uri, "uri"));
        if (metadata) VK_TRY(c.nonnull(key, "key"));
        break;
      default:
        break;
    }
    return hv(domain).domainSetMetadata(domain, type, metadata, key, uri, flags);
  });
}

int virDomainAuthorizedSSHKeysSet(virDomainPtr domain, const char *user, const char **keys,
                                  unsigned int nkeys, unsigned int flags) {
  return entry<Api::virDomainAuthorizedSSHKeysSet>(domain, [&](const Call &c) -> Result<int> {
    constexpr unsigned kAppend = VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND;
    constexpr unsigned kRemove = VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE;
    VK_TRY(c.nonnull(user, "user"));
    if (flags & (kAppend | kRemove)) VK_TRY(c.nonnull(keys, "keys"));
    VK_TRY(c.exclusive(flags, kAppend, kRemove, "VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND",
                       "VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE"));
    VK_TRY(c.writable(domain->conn));
    return hv(domain).domainAuthorizedSSHKeysSet(domain, user, keys, nkeys, flags);
  });
}

// ---- Block jobs, peeking, devices and keys ----

int virDomainBlockCopy(virDomainPtr dom, const char *disk, const char *destxml,
                       virTypedParameterPtr params, int nparams, unsigned int flags) {
  return entry<Api::virDomainBlockCopy>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(disk, "disk"));
    VK_TRY(c.nonnull(destxml, "destxml"));
    VK_TRY(c.nonnegative(nparams, "nparams"));
    if (nparams) VK_TRY(c.nonnull(params, "params"));
    return hv(dom).domainBlockCopy(dom, disk, destxml, params, nparams, flags);
  });
}

int virDomainBlockRebase(virDomainPtr dom, const char *disk, const char *base,
                         unsigned long bandwidth, unsigned int flags) {
  return entry<Api::virDomainBlockRebase>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(disk, "disk"));
    if (flags & VIR_DOMAIN_BLOCK_REBASE_COPY) {
      VK_TRY(c.nonnull(base, "base"));
    } else if (flags & (VIR_DOMAIN_BLOCK_REBASE_SHALLOW | VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT |
                        VIR_DOMAIN_BLOCK_REBASE_COPY_RAW | VIR_DOMAIN_BLOCK_REBASE_COPY_DEV)) {
      return c.invalid("flags", "%s", "use of flags requires a copy job");
    }
    return hv(dom).domainBlockRebase(dom, disk, base, bandwidth, flags);
  });
}

int virDomainBlockPeek(virDomainPtr dom, const char *disk, unsigned long long offset, size_t size,
                       void *buffer, unsigned int flags) {
  return entry<Api::virDomainBlockPeek>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonempty(disk, "disk"));
    if (size > 0) VK_TRY(c.nonnull(buffer, "buffer"));
    return hv(dom).domainBlockPeek(dom, disk, offset, size, buffer, flags);
  });
}

int virDomainMemoryPeek(virDomainPtr dom, unsigned long long start, size_t size, void *buffer,
                        unsigned int flags) {
  return entry<Api::virDomainMemoryPeek>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.exclusive(flags, VIR_MEMORY_VIRTUAL, VIR_MEMORY_PHYSICAL, "VIR_MEMORY_VIRTUAL",
                       "VIR_MEMORY_PHYSICAL"));
    if (size > 0) VK_TRY(c.nonnull(buffer, "buffer"));
    return hv(dom).domainMemoryPeek(dom, start, size, buffer, flags);
  });
}

int virDomainDetachDevice(virDomainPtr domain, const char *xml) {
  return entry<Api::virDomainDetachDevice>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(xml, "xml"));
    VK_TRY(c.writable(domain->conn));
    return hv(domain).domainDetachDevice(domain, xml);
  });
}

int virDomainSendKey(virDomainPtr domain, unsigned int codeset, unsigned int holdtime,
                     unsigned int *keycodes, int nkeycodes, unsigned int flags) {
  return entry<Api::virDomainSendKey>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(keycodes, "keycodes"));
    VK_TRY(c.positive(nkeycodes, "nkeycodes"));
    if (codeset >= VIR_KEYCODE_SET_LAST)
      return c.invalid("codeset", "Unsupported codeset '%d'", static_cast<int>(codeset));
    if (nkeycodes > VIR_DOMAIN_SEND_KEY_MAX_KEYS)
      return c.invalid("nkeycodes", "nkeycodes must be <= %d", VIR_DOMAIN_SEND_KEY_MAX_KEYS);
    return hv(domain).domainSendKey(domain, codeset, holdtime, keycodes, nkeycodes, flags);
  });
}

// ---- Starting with file descriptors ----

int virDomainCreateWithFiles(virDomainPtr domain, unsigned int nfiles, int *files,
                             unsigned int flags) {
  return entry<Api::virDomainCreateWithFiles>(domain, [&](const Call &c) -> Result<int> {
    if (nfiles > 0) VK_TRY(fd_passing(domain->conn, c.api.from));
    return hv(domain).domainCreateWithFiles(domain, nfiles, files, flags);
  });
}

virDomainPtr virDomainCreateXMLWithFiles(virConnectPtr conn, const char *xmlDesc,
                                         unsigned int nfiles, int *files, unsigned int flags) {
  return entry<Api::virDomainCreateXMLWithFiles>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonnull(xmlDesc, "xmlDesc"));
    VK_TRY(c.writable(conn));
    if (nfiles > 0) VK_TRY(fd_passing(conn, c.api.from));
    return hv(conn).domainCreateXMLWithFiles(conn, xmlDesc, nfiles, files, flags);
  });
}

int virDomainFDAssociate(virDomainPtr domain, const char *name, unsigned int nfds, int *fds,
                         unsigned int flags) {
  return entry<Api::virDomainFDAssociate>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(fd_passing(domain->conn, c.api.from));
    VK_TRY(c.nonzero(nfds, "nfds"));
    VK_TRY(c.nonnull(fds, "fds"));
    VK_TRY(c.writable(domain->conn));
    return hv(domain).domainFDAssociate(domain, name, nfds, fds, flags);
  });
}

// ---- Consoles, channels, graphics and screenshots ----

int virDomainOpenConsole(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                         unsigned int flags) {
  return entry<Api::virDomainOpenConsole>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.valid_handle(st));
    VK_TRY(c.writable(dom->conn));
    VK_TRY(stream_matches(c, dom, st, "st"));
    return hv(dom).domainOpenConsole(dom, dev_name, st, flags);
  });
}

int virDomainOpenChannel(virDomainPtr dom, const char *name, virStreamPtr st, unsigned int flags) {
  return entry<Api::virDomainOpenChannel>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.valid_handle(st));
    VK_TRY(c.writable(dom->conn));
    VK_TRY(stream_matches(c, dom, st, "st"));
    return hv(dom).domainOpenChannel(dom, name, st, flags);
  });
}

char *virDomainScreenshot(virDomainPtr domain, virStreamPtr stream, unsigned int screen,
                          unsigned int flags) {
  return entry<Api::virDomainScreenshot>(domain, [&](const Call &c) -> Result<char *> {
    VK_TRY(c.valid_handle(stream));
    VK_TRY(c.writable(domain->conn));
    VK_TRY(stream_matches(c, domain, stream, "stream"));
    return hv(domain).domainScreenshot(domain, stream, screen, flags);
  });
}

int virDomainOpenGraphics(virDomainPtr dom, unsigned int idx, int fd, unsigned int flags) {
  return entry<Api::virDomainOpenGraphics>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnegative(fd, "fd"));
    struct stat sb;
    if (fstat(fd, &sb) < 0)
      return system_error(c.api.from, errno, "Unable to access file descriptor %d", fd);
    if (!S_ISSOCK(sb.st_mode)) return c.invalid("fd", "fd %d must be a socket", fd);
    VK_TRY(c.writable(dom->conn));
    VK_TRY(fd_passing(dom->conn, c.api.from));
    return hv(dom).domainOpenGraphics(dom, idx, fd, flags);
  });
}

int virDomainOpenGraphicsFD(virDomainPtr dom, unsigned int idx, unsigned int flags) {
  return entry<Api::virDomainOpenGraphicsFD>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(fd_passing(dom->conn, c.api.from));
    return hv(dom).domainOpenGraphicsFD(dom, idx, flags);
  });
}

// ---- Save, restore and core dumps: file names reach the driver absolute ----

int virDomainSave(virDomainPtr domain, const char *to) {
  return entry<Api::virDomainSave>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(to, "to"));
    auto file = file_for_driver(c, to, "output");
    VK_TRY(file);
    return hv(domain).domainSave(domain, file->c_str());
  });
}

int virDomainSaveFlags(virDomainPtr domain, const char *to, const char *dxml, unsigned int flags) {
  return entry<Api::virDomainSaveFlags>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(to, "to"));
    VK_TRY(running_or_paused(c, flags));
    auto file = file_for_driver(c, to, "output");
    VK_TRY(file);
    return hv(domain).domainSaveFlags(domain, file->c_str(), dxml, flags);
  });
}

int virDomainRestore(virConnectPtr conn, const char *from) {
  return entry<Api::virDomainRestore>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(from, "from"));
    auto file = file_for_driver(c, from, "input");
    VK_TRY(file);
    return hv(conn).domainRestore(conn, file->c_str());
  });
}

int virDomainRestoreFlags(virConnectPtr conn, const char *from, const char *dxml,
                          unsigned int flags) {
  return entry<Api::virDomainRestoreFlags>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(from, "from"));
    VK_TRY(running_or_paused(c, flags));
    auto file = file_for_driver(c, from, "input");
    VK_TRY(file);
    return hv(conn).domainRestoreFlags(conn, file->c_str(), dxml, flags);
  });
}

int virDomainSaveImageDefineXML(virConnectPtr conn, const char *file, const char *dxml,
                                unsigned int flags) {
  return entry<Api::virDomainSaveImageDefineXML>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(file, "file"));
    VK_TRY(c.nonnull(dxml, "dxml"));
    VK_TRY(running_or_paused(c, flags));
    auto abs = file_for_driver(c, file, "input");
    VK_TRY(abs);
    return hv(conn).domainSaveImageDefineXML(conn, abs->c_str(), dxml, flags);
  });
}

char *virDomainSaveImageGetXMLDesc(virConnectPtr conn, const char *file, unsigned int flags) {
  return entry<Api::virDomainSaveImageGetXMLDesc>(conn, [&](const Call &c) -> Result<char *> {
    VK_TRY(c.nonnull(file, "file"));
    VK_TRY(c.writable(conn));
    auto abs = file_for_driver(c, file, "input");
    VK_TRY(abs);
    return hv(conn).domainSaveImageGetXMLDesc(conn, abs->c_str(), flags);
  });
}

char *virDomainManagedSaveGetXMLDesc(virDomainPtr domain, unsigned int flags) {
  return entry<Api::virDomainManagedSaveGetXMLDesc>(domain, [&](const Call &c) -> Result<char *> {
    if ((domain->conn->flags & VIR_CONNECT_RO) && (flags & VIR_DOMAIN_SAVE_IMAGE_XML_SECURE))
      return error(c.api.from, VIR_ERR_OPERATION_DENIED, "%s",
                   "virDomainManagedSaveGetXMLDesc with secure flag");
    return hv(domain).domainManagedSaveGetXMLDesc(domain, flags);
  });
}

int virDomainCoreDump(virDomainPtr domain, const char *to, unsigned int flags) {
  return entry<Api::virDomainCoreDump>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(to, "to"));
    VK_TRY(dump_flags(c, flags));
    auto file = file_for_driver(c, to, "core");
    VK_TRY(file);
    return hv(domain).domainCoreDump(domain, file->c_str(), flags);
  });
}

int virDomainCoreDumpWithFormat(virDomainPtr domain, const char *to, unsigned int dumpformat,
                                unsigned int flags) {
  return entry<Api::virDomainCoreDumpWithFormat>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(to, "to"));
    if (dumpformat >= VIR_DOMAIN_CORE_DUMP_FORMAT_LAST)  // libvirt names `flags` here
      return c.invalid("flags", "dumpformat '%d' is not supported", static_cast<int>(dumpformat));
    VK_TRY(dump_flags(c, flags));
    auto file = file_for_driver(c, to, "core");
    VK_TRY(file);
    return hv(domain).domainCoreDumpWithFormat(domain, file->c_str(), dumpformat, flags);
  });
}

// ---- Statistics of several domains ----

int virDomainListGetStats(virDomainPtr *doms, unsigned int stats,
                          virDomainStatsRecordPtr **retStats, unsigned int flags) {
  return entry<Api::virDomainListGetStats>([&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(doms, "doms"));
    VK_TRY(c.nonnull(retStats, "retStats"));
    if (!*doms)
      return error(c.api.from, VIR_ERR_INVALID_ARG,
                   "doms array in %s must contain at least one domain", c.api.name);
    VK_TRY(c.valid_handle(doms[0]));
    virConnectPtr conn = doms[0]->conn;
    unsigned int ndoms = 0;
    for (virDomainPtr *d = doms; *d; d++, ndoms++) {
      VK_TRY(c.valid_handle(*d));
      if ((*d)->conn != conn)
        return error(c.api.from, VIR_ERR_INVALID_ARG, "%s",
                     "domains in 'doms' array must belong to a single connection");
    }
    return hv(conn).connectGetAllDomainStats(conn, doms, ndoms, stats, retStats, flags);
  });
}

// ---- Migration ----

namespace {

constexpr unsigned long kNonSharedDisk = VIR_MIGRATE_NON_SHARED_DISK;
constexpr unsigned long kNonSharedInc = VIR_MIGRATE_NON_SHARED_INC;

Status disk_flags(const Call &c, unsigned long flags) {
  VK_TRY(c.exclusive(flags, kNonSharedDisk, kNonSharedInc, "VIR_MIGRATE_NON_SHARED_DISK",
                     "VIR_MIGRATE_NON_SHARED_INC"));
  return c.require(flags, VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES, kNonSharedDisk | kNonSharedInc,
                   "VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES",
                   "VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC");
}

Status tunnelled_or_parallel(const Call &c, unsigned long flags) {
  return c.exclusive(flags, VIR_MIGRATE_TUNNELLED, VIR_MIGRATE_PARALLEL, "VIR_MIGRATE_TUNNELLED",
                     "VIR_MIGRATE_PARALLEL");
}

// A feature the migration needs of a host; `missing` is the error's text.
Status need_feature(const Call &c, virConnectPtr conn, int feature, const char *missing) {
  auto rc = ex::supports_feature(conn, feature);
  VK_TRY(rc);
  if (!*rc) return error(c.api.from, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s", missing);
  return Status();
}

Status offline_on_both(const Call &c, virConnectPtr src, virConnectPtr dst, unsigned long flags) {
  if (!(flags & VIR_MIGRATE_OFFLINE)) return Status();
  VK_TRY(need_feature(c, src, ex::kMigrationOffline,
                      "offline migration is not supported by the source host"));
  return need_feature(c, dst, ex::kMigrationOffline,
                      "offline migration is not supported by the destination host");
}

Status change_protection(const Call &c, virConnectPtr src, unsigned long flags) {
  if (!(flags & VIR_MIGRATE_CHANGE_PROTECTION)) return Status();
  return need_feature(c, src, ex::kMigrateChangeProtection, "cannot enforce change protection");
}

// Whether both hosts speak a migration protocol version.
Result<bool> both_support(virConnectPtr src, virConnectPtr dst, int feature) {
  auto s = ex::supports_feature(src, feature);
  VK_TRY(s);
  auto d = ex::supports_feature(dst, feature);
  VK_TRY(d);
  return *s && *d;
}

Status xml_change_unsupported(const char *dxml) {
  if (!dxml) return Status();
  return error(VIR_FROM_DOMAIN, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
               "Unable to change target guest XML during migration");
}

// ---- The managed protocols: the client drives the steps across both hosts ----

// A malloc'ed string or cookie a step hands back.
struct Owned {
  char *p = nullptr;
  int len = 0;
  Owned() = default;
  Owned(const Owned &) = delete;
  Owned &operator=(const Owned &) = delete;
  ~Owned() { std::free(p); }
  // Takes over `o`'s bytes (the previous step's output becomes this input).
  void take(Owned &o) {
    std::free(p);
    p = std::exchange(o.p, nullptr);
    len = std::exchange(o.len, 0);
  }
  void clear() {
    std::free(std::exchange(p, nullptr));
    len = 0;
  }
};

// The flags the destination gets: the source's own tuning left out.
unsigned long dest_flags(unsigned long flags) {
  return flags &
         ~static_cast<unsigned long>(VIR_MIGRATE_ABORT_ON_ERROR | VIR_MIGRATE_AUTO_CONVERGE);
}

// Whether the source is paused (then it stays paused on the destination),
// asked through the public calls as libvirt does; a failure to ask is a no.
bool is_paused(virDomainPtr domain, bool by_state) {
  if (by_state) {
    int state = -1;
    return virDomainGetState(domain, &state, nullptr, 0) == 0 && state == VIR_DOMAIN_PAUSED;
  }
  virDomainInfo info;
  return virDomainGetInfo(domain, &info) == 0 && info.state == VIR_DOMAIN_PAUSED;
}

// A step's domain, or the failure to report: libvirt keeps the first error
// of a failed migration (`kept`) over those of the clean-up steps after it,
// and leaves it set even when the destination hands back a domain.
Result<virDomainPtr> outcome(Result<virDomainPtr> ddomain, Status kept) {
  if (!ddomain.ok()) return kept.ok() ? std::move(ddomain).status() : std::move(kept);
  if (!kept.ok()) errstore::set(std::move(kept));
  return ddomain;
}

// Version 1: prepare (destination), perform (source), finish (destination).
Result<virDomainPtr> migrate_v1(virDomainPtr domain, virConnectPtr dconn, unsigned long flags,
                                const char *dname, const char *uri, unsigned long bandwidth) {
  if (is_paused(domain, false)) flags |= VIR_MIGRATE_PAUSED;
  unsigned long destflags = dest_flags(flags);
  Owned cookie, uri_out;
  VK_TRY(hv(dconn).domainMigratePrepare(dconn, &cookie.p, &cookie.len, uri, &uri_out.p, destflags,
                                        dname, bandwidth));
  if (!uri && !uri_out.p)
    return error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "%s",
                 "domainMigratePrepare did not set uri");
  if (uri_out.p) uri = uri_out.p;
  VK_TRY(
      hv(domain).domainMigratePerform(domain, cookie.p, cookie.len, uri, flags, dname, bandwidth));
  const char *name = dname ? dname : domain->name.c_str();
  auto ddomain = hv(dconn).domainMigrateFinish(dconn, name, cookie.p, cookie.len, uri, destflags);
  if (ddomain.status().unsupported()) {  // a destination without a finish step
    virDomainPtr d = virDomainLookupByName(dconn, name);
    if (!d) return errstore::current_status();
    return d;
  }
  return ddomain;
}

// Version 2: the source's XML goes to prepare; finish learns whether
// perform failed (and then cleans the destination up).
Result<virDomainPtr> migrate_v2(virDomainPtr domain, virConnectPtr dconn, unsigned long flags,
                                const char *dname, const char *uri, unsigned long bandwidth) {
  auto migratable = ex::supports_feature(domain->conn, ex::kXmlMigratable);
  VK_TRY(migratable);
  unsigned int xml_flags =
      *migratable ? VIR_DOMAIN_XML_MIGRATABLE : VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_UPDATE_CPU;
  auto xml = hv(domain).domainGetXMLDesc(domain, xml_flags);
  VK_TRY(xml);
  Owned dom_xml;
  dom_xml.p = *xml;
  if (is_paused(domain, false)) flags |= VIR_MIGRATE_PAUSED;
  unsigned long destflags = dest_flags(flags);
  Owned cookie, uri_out;
  VK_TRY(hv(dconn).domainMigratePrepare2(dconn, &cookie.p, &cookie.len, uri, &uri_out.p, destflags,
                                         dname, bandwidth, dom_xml.p));
  Status kept;
  int cancelled = 1;
  if (!uri && !uri_out.p) {
    kept = error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "%s",
                 "domainMigratePrepare2 did not set uri");
  } else {
    if (uri_out.p) uri = uri_out.p;
    auto rc =
        hv(domain).domainMigratePerform(domain, cookie.p, cookie.len, uri, flags, dname, bandwidth);
    if (!rc.ok()) kept = rc.status();
    cancelled = rc.ok() ? 0 : 1;
  }
  const char *name = dname ? dname : domain->name.c_str();
  return outcome(
      hv(dconn).domainMigrateFinish2(dconn, name, cookie.p, cookie.len, uri, destflags, cancelled),
      std::move(kept));
}

// A copy of the caller's migration parameters that the steps may amend.
class MigrationParams {
 public:
  MigrationParams(const virTypedParameter *params, int nparams) {
    for (int i = 0; i < nparams; i++) {
      virTypedParameter p = params[i];
      if (p.type == VIR_TYPED_PARAM_STRING && p.value.s) p.value.s = keep(p.value.s);
      list_.push_back(p);
    }
  }
  virTypedParameterPtr data() { return list_.empty() ? nullptr : list_.data(); }
  int size() const { return static_cast<int>(list_.size()); }
  // libvirt's virTypedParamsReplaceString: set, or add at the end.
  Status replace_string(const char *name, const char *value) {
    for (auto &p : list_) {
      if (std::strcmp(p.field, name) != 0) continue;
      if (p.type != VIR_TYPED_PARAM_STRING)
        return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "Parameter '%s' is not a string", p.field);
      p.value.s = keep(value);
      return Status();
    }
    virTypedParameter p{};
    std::strncpy(p.field, name, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
    p.type = VIR_TYPED_PARAM_STRING;
    p.value.s = keep(value);
    list_.push_back(p);
    return Status();
  }

 private:
  char *keep(const char *s) { return strings_.emplace_back(s).data(); }
  std::vector<virTypedParameter> list_;
  std::deque<std::string> strings_;  // stable addresses
};

// Version 3 (begin, prepare, perform, finish, confirm), with the classic
// arguments or (`use_params`) with extensible parameters.
struct V3Args {
  const char *xmlin = nullptr;
  const char *dname = nullptr;
  const char *uri = nullptr;
  unsigned long long bandwidth = 0;
  const virTypedParameter *params = nullptr;
  int nparams = 0;
  bool use_params = false;
};

Result<virDomainPtr> migrate_v3(virDomainPtr domain, virConnectPtr dconn, const V3Args &in,
                                unsigned int flags) {
  driver::HypervisorTable &src = hv(domain);
  driver::HypervisorTable &dst = hv(dconn);
  MigrationParams params(in.params, in.nparams);
  const char *uri = in.uri;
  const char *dname = in.dname;
  auto bandwidth = static_cast<unsigned long>(in.bandwidth);
  const bool use_params = in.use_params;

  auto protects = ex::supports_feature(domain->conn, ex::kMigrateChangeProtection);
  VK_TRY(protects);
  const unsigned int protection = *protects ? VIR_MIGRATE_CHANGE_PROTECTION : 0;

  Owned cookiein, cookieout, dom_xml, uri_out;
  auto xml = use_params
                 ? src.domainMigrateBegin3Params(domain, params.data(), params.size(), &cookieout.p,
                                                 &cookieout.len, flags | protection)
                 : src.domainMigrateBegin3(domain, in.xmlin, &cookieout.p, &cookieout.len,
                                           flags | protection, dname, bandwidth);
  VK_TRY(xml);
  dom_xml.p = *xml;

  if (is_paused(domain, use_params) && !(flags & VIR_MIGRATE_POSTCOPY_RESUME))
    flags |= VIR_MIGRATE_PAUSED;
  const auto destflags = static_cast<unsigned int>(dest_flags(flags));

  Status kept;
  int cancelled = 1;
  bool notify_source = true;
  Result<virDomainPtr> ddomain = generic_failure();  // until finish answers
  cookiein.take(cookieout);
  {
    Result<int> prepared = Status();
    if (use_params) {
      VK_TRY(params.replace_string(VIR_MIGRATE_PARAM_DEST_XML, dom_xml.p));
      prepared = dst.domainMigratePrepare3Params(dconn, params.data(), params.size(), cookiein.p,
                                                 cookiein.len, &cookieout.p, &cookieout.len,
                                                 &uri_out.p, destflags);
    } else {
      prepared =
          dst.domainMigratePrepare3(dconn, cookiein.p, cookiein.len, &cookieout.p, &cookieout.len,
                                    uri, &uri_out.p, destflags, dname, bandwidth, dom_xml.p);
    }
    if (!prepared.ok()) {
      // Begin started a job on the source only with change protection:
      // then confirm cancels it.
      if (!protection) return prepared.status();
      kept = prepared.status();
      goto confirm;
    }
  }

  if (uri_out.p) {
    uri = uri_out.p;
    if (use_params) {
      Status st = params.replace_string(VIR_MIGRATE_PARAM_URI, uri_out.p);
      if (!st.ok()) {
        kept = st;
        goto finish;
      }
    }
  } else if (!uri && (!use_params || virTypedParamsGetString(params.data(), params.size(),
                                                             VIR_MIGRATE_PARAM_URI, &uri) <= 0)) {
    kept = error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "%s",
                 "domainMigratePrepare3 did not set uri");
    goto finish;
  }

  if (flags & VIR_MIGRATE_OFFLINE) {  // nothing to send: straight to finish
    cookieout.clear();
    cancelled = 0;
    goto finish;
  }

  {
    cookiein.take(cookieout);
    // dconnuri is for peer-to-peer migration only: NULL here.
    auto performed =
        use_params ? src.domainMigratePerform3Params(domain, nullptr, params.data(), params.size(),
                                                     cookiein.p, cookiein.len, &cookieout.p,
                                                     &cookieout.len, flags | protection)
                   : src.domainMigratePerform3(domain, nullptr, cookiein.p, cookiein.len,
                                               &cookieout.p, &cookieout.len, nullptr, uri,
                                               flags | protection, dname, bandwidth);
    if (!performed.ok()) {
      // The source knows it failed: no confirm step then.
      kept = performed.status();
      notify_source = false;
    }
    cancelled = performed.ok() ? 0 : 1;
  }

finish:
  cookiein.take(cookieout);
  if (use_params) {
    Status st;
    if (virTypedParamsGetString(params.data(), params.size(), VIR_MIGRATE_PARAM_DEST_NAME,
                                nullptr) <= 0)
      st = params.replace_string(VIR_MIGRATE_PARAM_DEST_NAME, domain->name.c_str());
    if (!st.ok())
      ddomain = st;
    else
      ddomain = dst.domainMigrateFinish3Params(dconn, params.data(), params.size(), cookiein.p,
                                               cookiein.len, &cookieout.p, &cookieout.len,
                                               destflags, cancelled);
  } else {
    ddomain = dst.domainMigrateFinish3(dconn, dname ? dname : domain->name.c_str(), cookiein.p,
                                       cookiein.len, &cookieout.p, &cookieout.len, nullptr, uri,
                                       destflags, cancelled);
  }
  if (cancelled && !ddomain.ok() && !kept.ok()) {
    // QEMU's perform reports a generic failure when the guest died on the
    // destination; finish's own error then says more.
    const ErrorRecord *k = kept.record();
    const ErrorRecord *f = ddomain.status().record();
    if (k->domain == VIR_FROM_QEMU && k->code == VIR_ERR_OPERATION_FAILED && f &&
        f->domain == VIR_FROM_QEMU && f->code != VIR_ERR_MIGRATE_FINISH_OK)
      kept = Status();
  }
  // A destination without the domain: the source resumes it.
  cancelled = ddomain.ok() ? 0 : 1;
  if (kept.ok() && !ddomain.ok()) kept = ddomain.status();

confirm:
  if (notify_source) {
    cookiein.take(cookieout);
    auto confirmed = use_params ? src.domainMigrateConfirm3Params(
                                      domain, params.data(), params.size(), cookiein.p,
                                      cookiein.len, flags | protection, cancelled)
                                : src.domainMigrateConfirm3(domain, cookiein.p, cookiein.len,
                                                            flags | protection, cancelled);
    // A failed confirm leaves the guest paused on the source; libvirt only
    // warns, its error stays the thread's when nothing came before it.
    if (!confirmed.ok() && kept.ok()) kept = confirmed.status();
  }
  return outcome(std::move(ddomain), std::move(kept));
}

// The managed path of virDomainMigrate/2/3 once the flags are checked:
// the newest protocol both hosts speak.
Result<virDomainPtr> migrate_managed(virDomainPtr domain, virConnectPtr dconn, const char *dxml,
                                     unsigned long flags, const char *dname, const char *uri,
                                     unsigned long bandwidth) {
  virConnectPtr src = domain->conn;
  auto v3 = both_support(src, dconn, ex::kMigrationV3);
  VK_TRY(v3);
  if (*v3) {
    V3Args a;
    a.xmlin = dxml;
    a.dname = dname;
    a.uri = uri;
    a.bandwidth = bandwidth;
    return migrate_v3(domain, dconn, a, static_cast<unsigned int>(flags));
  }
  auto v2 = both_support(src, dconn, ex::kMigrationV2);
  VK_TRY(v2);
  if (*v2) {
    VK_TRY(xml_change_unsupported(dxml));
    return migrate_v2(domain, dconn, flags, dname, uri, bandwidth);
  }
  auto v1 = both_support(src, dconn, ex::kMigrationV1);
  VK_TRY(v1);
  if (*v1) {
    VK_TRY(xml_change_unsupported(dxml));
    return migrate_v1(domain, dconn, flags, dname, uri, bandwidth);
  }
  return unsupported();  // no migration method in common
}

// Whether the parameters' names are all among `names`.
bool only_params(const virTypedParameter *params, int nparams,
                 std::initializer_list<const char *> names) {
  for (int i = 0; i < nparams; i++) {
    bool known = false;
    for (const char *n : names) known = known || std::strcmp(params[i].field, n) == 0;
    if (!known) return false;
  }
  return true;
}

// The classic arguments carried by migration parameters.
struct ClassicArgs {
  const char *uri = nullptr;
  const char *dname = nullptr;
  const char *dxml = nullptr;
  unsigned long long bandwidth = 0;
};

Status read_classic(virTypedParameterPtr params, int nparams, ClassicArgs &a, bool with_xml) {
  if (virTypedParamsGetString(params, nparams, VIR_MIGRATE_PARAM_URI, &a.uri) < 0 ||
      virTypedParamsGetString(params, nparams, VIR_MIGRATE_PARAM_DEST_NAME, &a.dname) < 0 ||
      (with_xml &&
       virTypedParamsGetString(params, nparams, VIR_MIGRATE_PARAM_DEST_XML, &a.dxml) < 0) ||
      virTypedParamsGetULLong(params, nparams, VIR_MIGRATE_PARAM_BANDWIDTH, &a.bandwidth) < 0)
    return errstore::current_status();
  return Status();
}

// libvirt's virURICheckUnixSocket: "<driver>+unix" with a socket= parameter.
bool names_unix_socket(const driver::Uri &uri) {
  if (uri.scheme.empty()) return false;
  size_t plus = uri.scheme.find('+');
  if (plus == std::string::npos || uri.scheme.compare(plus, std::string::npos, "+unix") != 0)
    return false;
  return uri.param("socket") != nullptr;
}

Status not_local(const char *dconnuri) {
  auto uri = driver::parse_uri(dconnuri);
  VK_TRY(uri);
  if ((uri->has_server && uri->server.rfind("localhost", 0) == 0) ||
      (!uri->has_server && !names_unix_socket(*uri)))
    return invalid_arg(VIR_FROM_DOMAIN, "virDomainMigrateCheckNotLocal", "dconnuri", "%s",
                       "Attempt to migrate guest to the same host");
  return Status();
}

// Peer-to-peer or direct migration: only the source's driver acts.
Result<int> migrate_unmanaged_params(virDomainPtr domain, const char *dconnuri,
                                     virTypedParameterPtr params, int nparams,
                                     unsigned long flags) {
  virConnectPtr conn = domain->conn;
  if (flags & VIR_MIGRATE_PEER2PEER) {
    VK_TRY(not_local(dconnuri));
    auto rc = ex::supports_feature(conn, ex::kMigrationParams);
    VK_TRY(rc);
    if (*rc)
      return hv(domain).domainMigratePerform3Params(domain, dconnuri, params, nparams, nullptr, 0,
                                                    nullptr, nullptr, static_cast<unsigned>(flags));
  }
  auto v3 = ex::supports_feature(conn, ex::kMigrationV3);
  VK_TRY(v3);
  ClassicArgs a;
  if (*v3) {
    if (!only_params(params, nparams,
                     {VIR_MIGRATE_PARAM_URI, VIR_MIGRATE_PARAM_DEST_NAME,
                      VIR_MIGRATE_PARAM_DEST_XML, VIR_MIGRATE_PARAM_BANDWIDTH}))
      return error(VIR_FROM_DOMAIN, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                   "Some parameters are not supported by migration protocol 3");
    VK_TRY(read_classic(params, nparams, a, true));
    return hv(domain).domainMigratePerform3(domain, a.dxml, nullptr, 0, nullptr, nullptr, dconnuri,
                                            a.uri, flags, a.dname,
                                            static_cast<unsigned long>(a.bandwidth));
  }
  if (!only_params(
          params, nparams,
          {VIR_MIGRATE_PARAM_DEST_NAME, VIR_MIGRATE_PARAM_BANDWIDTH, VIR_MIGRATE_PARAM_URI}))
    return error(VIR_FROM_DOMAIN, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                 "Some parameters are not supported by migration protocol 2");
  VK_TRY(read_classic(params, nparams, a, false));
  const char *uri = a.uri;
  if (flags & VIR_MIGRATE_PEER2PEER) {
    if (a.uri)
      return error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "%s",
                   "Unable to override peer2peer migration URI");
    uri = dconnuri;
  }
  return hv(domain).domainMigratePerform(domain, nullptr, 0, uri, flags, a.dname,
                                         static_cast<unsigned long>(a.bandwidth));
}

// The classic arguments as migration parameters (borrowing the strings).
Result<int> migrate_unmanaged(virDomainPtr domain, const char *xmlin, unsigned long flags,
                              const char *dname, const char *dconnuri, const char *miguri,
                              unsigned long long bandwidth) {
  std::vector<virTypedParameter> params;
  auto add_string = [&](const char *name, const char *value) {
    if (!value) return;
    virTypedParameter p{};
    std::strncpy(p.field, name, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
    p.type = VIR_TYPED_PARAM_STRING;
    p.value.s = const_cast<char *>(value);
    params.push_back(p);
  };
  add_string(VIR_MIGRATE_PARAM_URI, miguri);
  add_string(VIR_MIGRATE_PARAM_DEST_NAME, dname);
  add_string(VIR_MIGRATE_PARAM_DEST_XML, xmlin);
  virTypedParameter bw{};
  std::strncpy(bw.field, VIR_MIGRATE_PARAM_BANDWIDTH, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
  bw.type = VIR_TYPED_PARAM_ULLONG;
  bw.value.ul = bandwidth;
  params.push_back(bw);
  return migrate_unmanaged_params(domain, dconnuri, params.data(), static_cast<int>(params.size()),
                                  flags);
}

// The checks virDomainMigrateToURI/2/3 share (the source host alone).
Status unmanaged_compat(const Call &c, virDomainPtr domain, unsigned long flags) {
  VK_TRY(disk_flags(c, flags));
  if (flags & VIR_MIGRATE_OFFLINE)
    VK_TRY(need_feature(c, domain->conn, ex::kMigrationOffline,
                        "offline migration is not supported by the source host"));
  if (flags & VIR_MIGRATE_PEER2PEER)
    return need_feature(c, domain->conn, ex::kMigrationP2P,
                        "p2p migration is not supported by the source host");
  return need_feature(c, domain->conn, ex::kMigrationDirect,
                      "direct migration is not supported by the source host");
}

// virDomainMigrate and virDomainMigrate2 (`dxml` is NULL for the former).
Result<virDomainPtr> migrate_classic(const Call &c, virDomainPtr domain, virConnectPtr dconn,
                                     const char *dxml, unsigned long flags, const char *dname,
                                     const char *uri, unsigned long bandwidth, bool v2_api) {
  VK_TRY(c.valid_handle(dconn));
  VK_TRY(c.writable(dconn));
  VK_TRY(c.exclusive(flags, kNonSharedDisk, kNonSharedInc, "VIR_MIGRATE_NON_SHARED_DISK",
                     "VIR_MIGRATE_NON_SHARED_INC"));
  VK_TRY(tunnelled_or_parallel(c, flags));
  VK_TRY(c.require(flags, VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES, kNonSharedDisk | kNonSharedInc,
                   "VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES",
                   "VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC"));
  VK_TRY(offline_on_both(c, domain->conn, dconn, flags));

  if (flags & VIR_MIGRATE_PEER2PEER) {
    auto p2p = ex::supports_feature(domain->conn, ex::kMigrationP2P);
    VK_TRY(p2p);
    if (!*p2p) return unsupported();
    std::string dst_uri;
    if (v2_api || !uri) {  // virDomainMigrate2 always asks the destination's URI
      char *s = virConnectGetURI(dconn);
      if (!s) return errstore::current_status();
      dst_uri = s;
      std::free(s);
    }
    Result<int> r =
        v2_api ? migrate_unmanaged(domain, dxml, flags, dname, dst_uri.c_str(), uri, bandwidth)
               : migrate_unmanaged(domain, nullptr, flags, dname, uri ? uri : dst_uri.c_str(),
                                   nullptr, bandwidth);
    VK_TRY(r);
    virDomainPtr ddomain = virDomainLookupByName(dconn, dname ? dname : domain->name.c_str());
    if (!ddomain) return errstore::current_status();
    return ddomain;
  }

  VK_TRY(change_protection(c, domain->conn, flags));
  flags &= ~static_cast<unsigned long>(VIR_MIGRATE_CHANGE_PROTECTION);
  if (flags & VIR_MIGRATE_TUNNELLED)
    return error(c.api.from, VIR_ERR_OPERATION_INVALID, "%s",
                 "cannot perform tunnelled migration without using peer2peer flag");
  return migrate_managed(domain, dconn, dxml, flags, dname, uri, bandwidth);
}

}  // namespace

virDomainPtr virDomainMigrate(virDomainPtr domain, virConnectPtr dconn, unsigned long flags,
                              const char *dname, const char *uri, unsigned long bandwidth) {
  return entry<Api::virDomainMigrate>(domain, [&](const Call &c) -> Result<virDomainPtr> {
    return migrate_classic(c, domain, dconn, nullptr, flags, dname, uri, bandwidth, false);
  });
}

virDomainPtr virDomainMigrate2(virDomainPtr domain, virConnectPtr dconn, const char *dxml,
                               unsigned long flags, const char *dname, const char *uri,
                               unsigned long bandwidth) {
  return entry<Api::virDomainMigrate2>(domain, [&](const Call &c) -> Result<virDomainPtr> {
    return migrate_classic(c, domain, dconn, dxml, flags, dname, uri, bandwidth, true);
  });
}

virDomainPtr virDomainMigrate3(virDomainPtr domain, virConnectPtr dconn,
                               virTypedParameterPtr params, unsigned int nparams,
                               unsigned int flags) {
  return entry<Api::virDomainMigrate3>(domain, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.valid_handle(dconn));  // libvirt would dereference it unchecked
    VK_TRY(c.writable(dconn));
    VK_TRY(disk_flags(c, flags));
    if (flags & VIR_MIGRATE_PEER2PEER)
      return c.invalid("flags", "%s", "use virDomainMigrateToURI3 for peer-to-peer migration");
    if (flags & VIR_MIGRATE_TUNNELLED)
      return c.invalid("flags", "%s",
                       "cannot perform tunnelled migration without using peer2peer flag");
    VK_TRY(offline_on_both(c, domain->conn, dconn, flags));
    VK_TRY(change_protection(c, domain->conn, flags));
    flags &= ~static_cast<unsigned int>(VIR_MIGRATE_CHANGE_PROTECTION);

    auto with_params = both_support(domain->conn, dconn, ex::kMigrationParams);
    VK_TRY(with_params);
    if (*with_params) {
      V3Args a;
      a.params = params;
      a.nparams = static_cast<int>(nparams);
      a.use_params = true;
      return migrate_v3(domain, dconn, a, flags);
    }

    int n = static_cast<int>(nparams);
    if (!only_params(params, n,
                     {VIR_MIGRATE_PARAM_URI, VIR_MIGRATE_PARAM_DEST_NAME,
                      VIR_MIGRATE_PARAM_DEST_XML, VIR_MIGRATE_PARAM_BANDWIDTH}))
      return error(c.api.from, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                   "Migration APIs with extensible parameters are not supported but extended "
                   "parameters were passed");
    ClassicArgs a;
    VK_TRY(read_classic(params, n, a, true));
    return migrate_managed(domain, dconn, a.dxml, flags, a.dname, a.uri,
                           static_cast<unsigned long>(a.bandwidth));
  });
}

int virDomainMigrateToURI(virDomainPtr domain, const char *duri, unsigned long flags,
                          const char *dname, unsigned long bandwidth) {
  return entry<Api::virDomainMigrateToURI>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(duri, "duri"));
    VK_TRY(tunnelled_or_parallel(c, flags));
    VK_TRY(unmanaged_compat(c, domain, flags));
    bool p2p = flags & VIR_MIGRATE_PEER2PEER;
    VK_TRY(migrate_unmanaged(domain, nullptr, flags, dname, p2p ? duri : nullptr,
                             p2p ? nullptr : duri, bandwidth));
    return 0;
  });
}

int virDomainMigrateToURI2(virDomainPtr domain, const char *dconnuri, const char *miguri,
                           const char *dxml, unsigned long flags, const char *dname,
                           unsigned long bandwidth) {
  return entry<Api::virDomainMigrateToURI2>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(tunnelled_or_parallel(c, flags));
    VK_TRY(unmanaged_compat(c, domain, flags));
    if (flags & VIR_MIGRATE_PEER2PEER)
      VK_TRY(c.nonnull(dconnuri, "dconnuri"));
    else
      dconnuri = nullptr;
    VK_TRY(migrate_unmanaged(domain, dxml, flags, dname, dconnuri, miguri, bandwidth));
    return 0;
  });
}

int virDomainMigrateToURI3(virDomainPtr domain, const char *dconnuri, virTypedParameterPtr params,
                           unsigned int nparams, unsigned int flags) {
  return entry<Api::virDomainMigrateToURI3>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(tunnelled_or_parallel(c, flags));
    VK_TRY(unmanaged_compat(c, domain, flags));
    if (flags & VIR_MIGRATE_PEER2PEER)
      VK_TRY(c.nonnull(dconnuri, "dconnuri"));
    else
      dconnuri = nullptr;
    VK_TRY(migrate_unmanaged_params(domain, dconnuri, params, static_cast<int>(nparams), flags));
    return 0;
  });
}
