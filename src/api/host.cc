// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for connections and the host whose checks go
// beyond the uniform pattern: CPU models, capabilities, host statistics and
// parameters, statistics of all domains and event registration.
#define VIR_ENUM_SENTINELS  // the *_LAST values of the public enums

#include "api/extra_checks.h"
#include "api/util.h"
#include "driver/driver.h"
#include "util/uuid.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::hv;
using handles::table;
namespace ex = virtkit::api::extra;

// ---- CPU models and capabilities ----

char *virConnectBaselineCPU(virConnectPtr conn, const char **xmlCPUs, unsigned int ncpus,
                            unsigned int flags) {
  return entry<Api::virConnectBaselineCPU>(conn, [&](const Call &c) -> Result<char *> {
    VK_TRY(c.nonnull(xmlCPUs, "xmlCPUs"));
    return hv(conn).connectBaselineCPU(conn, xmlCPUs, ncpus, flags);
  });
}

char *virConnectBaselineHypervisorCPU(virConnectPtr conn, const char *emulator, const char *arch,
                                      const char *machine, const char *virttype,
                                      const char **xmlCPUs, unsigned int ncpus,
                                      unsigned int flags) {
  return entry<Api::virConnectBaselineHypervisorCPU>(conn, [&](const Call &c) -> Result<char *> {
    VK_TRY(c.nonnull(xmlCPUs, "xmlCPUs"));
    VK_TRY(c.writable(conn));
    return hv(conn).connectBaselineHypervisorCPU(conn, emulator, arch, machine, virttype, xmlCPUs,
                                                 ncpus, flags);
  });
}

int virConnectCompareCPU(virConnectPtr conn, const char *xmlDesc, unsigned int flags) {
  return entry<Api::virConnectCompareCPU>(
      conn,
      [&](const Call &c) -> Result<int> {
        VK_TRY(c.nonnull(xmlDesc, "xmlDesc"));
        return hv(conn).connectCompareCPU(conn, xmlDesc, flags);
      },
      VIR_CPU_COMPARE_ERROR);
}

int virConnectCompareHypervisorCPU(virConnectPtr conn, const char *emulator, const char *arch,
                                   const char *machine, const char *virttype, const char *xmlCPU,
                                   unsigned int flags) {
  return entry<Api::virConnectCompareHypervisorCPU>(
      conn,
      [&](const Call &c) -> Result<int> {
        VK_TRY(c.nonnull(xmlCPU, "xmlCPU"));
        VK_TRY(c.writable(conn));
        return hv(conn).connectCompareHypervisorCPU(conn, emulator, arch, machine, virttype, xmlCPU,
                                                    flags);
      },
      VIR_CPU_COMPARE_ERROR);
}

char *virConnectGetDomainCapabilities(virConnectPtr conn, const char *emulatorbin, const char *arch,
                                      const char *machine, const char *virttype,
                                      unsigned int flags) {
  return entry<Api::virConnectGetDomainCapabilities>(conn, [&](const Call &) -> Result<char *> {
    return hv(conn).connectGetDomainCapabilities(conn, emulatorbin, arch, machine, virttype, flags);
  });
}

char *virConnectGetStoragePoolCapabilities(virConnectPtr conn, unsigned int flags) {
  return entry<Api::virConnectGetStoragePoolCapabilities>(
      conn, [&](const Call &) -> Result<char *> {
        return table<driver::StorageTable>(conn).connectGetStoragePoolCapabilities(conn, flags);
      });
}

// ---- Host statistics and parameters ----

int virNodeGetCPUStats(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr params, int *nparams,
                       unsigned int flags) {
  return entry<Api::virNodeGetCPUStats>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(nparams, "nparams"));
    VK_TRY(c.nonnegative(*nparams, "*nparams"));
    if (cpuNum < 0 && cpuNum != VIR_NODE_CPU_STATS_ALL_CPUS)
      return c.invalid("cpuNum", "cpuNum in %s only accepts %d as a negative value", c.api.name,
                       VIR_NODE_CPU_STATS_ALL_CPUS);
    return hv(conn).nodeGetCPUStats(conn, cpuNum, params, nparams, flags);
  });
}

int virNodeGetMemoryStats(virConnectPtr conn, int cellNum, virNodeMemoryStatsPtr params,
                          int *nparams, unsigned int flags) {
  return entry<Api::virNodeGetMemoryStats>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(nparams, "nparams"));
    VK_TRY(c.nonnegative(*nparams, "*nparams"));
    if (cellNum < 0 && cellNum != VIR_NODE_MEMORY_STATS_ALL_CELLS)  // libvirt names cpuNum
      return c.invalid("cpuNum", "cellNum in %s only accepts %d as a negative value", c.api.name,
                       VIR_NODE_MEMORY_STATS_ALL_CELLS);
    return hv(conn).nodeGetMemoryStats(conn, cellNum, params, nparams, flags);
  });
}

int virNodeGetMemoryParameters(virConnectPtr conn, virTypedParameterPtr params, int *nparams,
                               unsigned int flags) {
  return entry<Api::virNodeGetMemoryParameters>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(nparams, "nparams"));
    VK_TRY(c.nonnegative(*nparams, "*nparams"));
    if (*nparams != 0) VK_TRY(c.nonnull(params, "params"));
    auto f = ex::with_string_okay(conn, flags);
    VK_TRY(f);
    return hv(conn).nodeGetMemoryParameters(conn, params, nparams, *f);
  });
}

int virNodeSetMemoryParameters(virConnectPtr conn, virTypedParameterPtr params, int nparams,
                               unsigned int flags) {
  return entry<Api::virNodeSetMemoryParameters>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(params, "params"));
    VK_TRY(c.nonnegative(nparams, "nparams"));
    VK_TRY(ex::validate_set(conn, params, nparams));
    return hv(conn).nodeSetMemoryParameters(conn, params, nparams, flags);
  });
}

int virNodeGetSEVInfo(virConnectPtr conn, virTypedParameterPtr *params, int *nparams,
                      unsigned int flags) {
  return entry<Api::virNodeGetSEVInfo>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(nparams, "nparams"));
    VK_TRY(c.nonnegative(*nparams, "*nparams"));
    VK_TRY(c.writable(conn));
    auto f = ex::with_string_okay(conn, flags);
    VK_TRY(f);
    return hv(conn).nodeGetSEVInfo(conn, params, nparams, *f);
  });
}

// ---- Statistics of all domains ----

int virConnectGetAllDomainStats(virConnectPtr conn, unsigned int stats,
                                virDomainStatsRecordPtr **retStats, unsigned int flags) {
  return entry<Api::virConnectGetAllDomainStats>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(retStats, "retStats"));
    return hv(conn).connectGetAllDomainStats(conn, nullptr, 0, stats, retStats, flags);
  });
}

// ---- Event registration: an optional object of the same connection ----

namespace {

// After the callback's check: the event's number.
Status check_event(const Call &c, int eventID, int last, bool name_function) {
  VK_TRY(c.nonnegative(eventID, "eventID"));
  if (eventID >= last) {
    if (name_function)
      return c.invalid("eventID", "eventID in %s must be less than %d", c.api.name, last);
    return c.invalid("eventID", "eventID must be less than %d", last);
  }
  return Status();
}

}  // namespace

int virConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                     virConnectDomainEventGenericCallback cb, void *opaque,
                                     virFreeCallback freecb) {
  return entry<Api::virConnectDomainEventRegisterAny>(conn, [&](const Call &c) -> Result<int> {
    if (dom) {
      VK_TRY(c.valid_handle(dom));
      if (dom->conn != conn)
        return c.invalid("dom", "domain '%s' must match connection", dom->name.c_str());
    }
    VK_TRY(c.nonnull(cb, "cb"));
    VK_TRY(check_event(c, eventID, VIR_DOMAIN_EVENT_ID_LAST, false));
    return hv(conn).connectDomainEventRegisterAny(conn, dom, eventID, cb, opaque, freecb);
  });
}

int virConnectNetworkEventRegisterAny(virConnectPtr conn, virNetworkPtr net, int eventID,
                                      virConnectNetworkEventGenericCallback cb, void *opaque,
                                      virFreeCallback freecb) {
  return entry<Api::virConnectNetworkEventRegisterAny>(conn, [&](const Call &c) -> Result<int> {
    if (net) {
      VK_TRY(c.valid_handle(net));
      if (net->conn != conn)
        return c.invalid("net", "network '%s' in %s must match connection", net->name.c_str(),
                         c.api.name);
    }
    VK_TRY(c.nonnull(cb, "cb"));
    VK_TRY(check_event(c, eventID, VIR_NETWORK_EVENT_ID_LAST, true));
    return table<driver::NetworkTable>(conn).connectNetworkEventRegisterAny(conn, net, eventID, cb,
                                                                            opaque, freecb);
  });
}

int virConnectStoragePoolEventRegisterAny(virConnectPtr conn, virStoragePoolPtr pool, int eventID,
                                          virConnectStoragePoolEventGenericCallback cb,
                                          void *opaque, virFreeCallback freecb) {
  return entry<Api::virConnectStoragePoolEventRegisterAny>(conn, [&](const Call &c) -> Result<int> {
    if (pool) {
      VK_TRY(c.valid_handle(pool));
      if (pool->conn != conn)
        return c.invalid("pool", "storage pool '%s' in %s must match connection",
                         pool->name.c_str(), c.api.name);
    }
    VK_TRY(c.nonnull(cb, "cb"));
    VK_TRY(check_event(c, eventID, VIR_STORAGE_POOL_EVENT_ID_LAST, true));
    return table<driver::StorageTable>(conn).connectStoragePoolEventRegisterAny(conn, pool, eventID,
                                                                                cb, opaque, freecb);
  });
}

int virConnectNodeDeviceEventRegisterAny(virConnectPtr conn, virNodeDevicePtr dev, int eventID,
                                         virConnectNodeDeviceEventGenericCallback cb, void *opaque,
                                         virFreeCallback freecb) {
  return entry<Api::virConnectNodeDeviceEventRegisterAny>(conn, [&](const Call &c) -> Result<int> {
    if (dev) {
      VK_TRY(c.valid_handle(dev));
      if (dev->conn != conn)
        return c.invalid("dev", "node device '%s' in %s must match connection", dev->name.c_str(),
                         c.api.name);
    }
    VK_TRY(c.nonnull(cb, "cb"));
    VK_TRY(check_event(c, eventID, VIR_NODE_DEVICE_EVENT_ID_LAST, true));
    return table<driver::NodeDeviceTable>(conn).connectNodeDeviceEventRegisterAny(
        conn, dev, eventID, cb, opaque, freecb);
  });
}

int virConnectSecretEventRegisterAny(virConnectPtr conn, virSecretPtr secret, int eventID,
                                     virConnectSecretEventGenericCallback cb, void *opaque,
                                     virFreeCallback freecb) {
  return entry<Api::virConnectSecretEventRegisterAny>(conn, [&](const Call &c) -> Result<int> {
    if (secret) {
      VK_TRY(c.valid_handle(secret));
      if (secret->conn != conn)
        return c.invalid("secret", "secret '%s' in %s must match connection",
                         util::format_uuid(secret->uuid).c_str(), c.api.name);
    }
    VK_TRY(c.nonnull(cb, "cb"));
    VK_TRY(check_event(c, eventID, VIR_SECRET_EVENT_ID_LAST, true));
    return table<driver::SecretTable>(conn).connectSecretEventRegisterAny(conn, secret, eventID, cb,
                                                                          opaque, freecb);
  });
}
