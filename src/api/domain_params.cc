// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for domains whose checks go beyond the uniform
// pattern: statistics and information, tuning parameters, metadata.
#define VIR_ENUM_SENTINELS  // the *_LAST values of the public enums

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstring>
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

Status check_get_params(const Call &c, const virTypedParameter *params, const int *nparams) {
  VK_TRY(c.nonnull(nparams, "nparams"));
  VK_TRY(c.nonnegative(*nparams, "*nparams"));
  if (*nparams != 0) VK_TRY(c.nonnull(params, "params"));
  return Status();
}

Status check_set_params(const Call &c, virConnectPtr conn, const virTypedParameter *params,
                        int nparams) {
  VK_TRY(c.nonnull(params, "params"));
  VK_TRY(c.positive(nparams, "nparams"));
  return ex::validate_set(conn, params, nparams);
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
