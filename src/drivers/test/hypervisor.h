// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's hypervisor table (libvirt's testHypervisorDriver):
// the mock host, and domains with their snapshots and checkpoints.
// Defined by concern: domain.cc (host, lists, lookups, definition,
// lifecycle, settings, events), domain_guest.cc (guest operations, file
// systems, rename, metadata), domain_vcpus.cc (vCPUs, pinning, IOThreads),
// domain_tuning.cc (tuning parameters, perf events, scheduler),
// domain_stats.cc (statistics, addresses), snapshot.cc, save.cc.
#pragma once

#include <algorithm>
#include <memory>
#include <set>

#include "drivers/test/base.h"
#include "drivers/test/domain_common.h"

namespace virtkit::drivers::test {

class TestHypervisor final : public driver::HypervisorTable, protected TestCommon {
 public:
  explicit TestHypervisor(std::shared_ptr<DriverState> st) : TestCommon(std::move(st)) {}
  const char *name() const override { return "Test"; }

  // ---- host ----
  Result<const char *> connectGetType(virConnectPtr) override { return "TEST"; }
  Result<int> connectGetVersion(virConnectPtr, unsigned long *hvVer) override;
  Result<char *> connectGetHostname(virConnectPtr) override;
  Result<char *> connectGetCapabilities(virConnectPtr) override { return dup(st_->capabilities); }
  Result<int> connectGetMaxVcpus(virConnectPtr, const char *) override { return kMaxVcpus; }
  Result<char *> connectGetSysinfo(virConnectPtr, unsigned flags) override;
  Result<int> connectSupportsFeature(virConnectPtr, int feature) override;
  Result<int> connectIsSecure(virConnectPtr) override { return 1; }
  Result<int> connectIsEncrypted(virConnectPtr) override { return 0; }
  Result<int> connectIsAlive(virConnectPtr) override { return 1; }
  Result<int> nodeGetInfo(virConnectPtr, virNodeInfoPtr info) override;
  Result<unsigned long long> nodeGetFreeMemory(virConnectPtr) override;

  // ---- lists ----
  Result<int> connectNumOfDomains(virConnectPtr) override { return count(true); }
  Result<int> connectNumOfDefinedDomains(virConnectPtr) override { return count(false); }

  Result<int> connectListDomains(virConnectPtr, int *ids, int maxids) override;

  Result<int> connectListDefinedDomains(virConnectPtr, char **const names, int maxnames) override;

  Result<int> connectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                                    unsigned flags) override;
  // ---- lookups ----
  Result<virDomainPtr> domainLookupByID(virConnectPtr conn, int id) override;

  Result<virDomainPtr> domainLookupByName(virConnectPtr conn, const char *name) override;

  Result<virDomainPtr> domainLookupByUUID(virConnectPtr conn, const unsigned char *uuid) override;

  // ---- definition ----
  Result<virDomainPtr> domainDefineXML(virConnectPtr conn, const char *xml) override {
    return define(conn, xml, 0);
  }
  Result<virDomainPtr> domainDefineXMLFlags(virConnectPtr conn, const char *xml,
                                            unsigned flags) override {
    return define(conn, xml, flags);
  }

  Result<virDomainPtr> domainCreateXML(virConnectPtr conn, const char *xml,
                                       unsigned flags) override;

  Result<virDomainPtr> domainCreateXMLWithFiles(virConnectPtr conn, const char *xml, unsigned,
                                                int *, unsigned flags) override {
    return domainCreateXML(conn, xml, flags);
  }

  Result<int> domainUndefine(virDomainPtr dom) override { return ret(undefine(dom, 0)); }
  Result<int> domainUndefineFlags(virDomainPtr dom, unsigned flags) override {
    return ret(undefine(dom, flags));
  }

  // ---- lifecycle ----
  Result<int> domainCreate(virDomainPtr dom) override { return ret(create(dom, 0)); }
  Result<int> domainCreateWithFlags(virDomainPtr dom, unsigned flags) override {
    return ret(create(dom, flags));
  }
  Result<int> domainCreateWithFiles(virDomainPtr dom, unsigned, int *, unsigned flags) override {
    return ret(create(dom, flags));
  }

  Result<int> domainDestroy(virDomainPtr dom) override { return ret(destroy(dom, 0)); }
  Result<int> domainDestroyFlags(virDomainPtr dom, unsigned flags) override {
    return ret(destroy(dom, flags));
  }

  Result<int> domainSuspend(virDomainPtr dom) override;

  Result<int> domainResume(virDomainPtr dom) override;

  Result<int> domainShutdown(virDomainPtr dom) override { return ret(shutdown(dom, 0)); }
  Result<int> domainShutdownFlags(virDomainPtr dom, unsigned flags) override {
    return ret(shutdown(dom, flags));
  }

  Result<int> domainReboot(virDomainPtr dom, unsigned flags) override;

  // ---- queries and settings ----
  Result<int> domainGetInfo(virDomainPtr dom, virDomainInfoPtr pinfo) override;

  Result<int> domainGetState(virDomainPtr dom, int *state, int *reason, unsigned flags) override;

  Result<char *> domainGetOSType(virDomainPtr) override { return dup("linux"); }

  Result<unsigned long> domainGetMaxMemory(virDomainPtr dom) override;

  Result<int> domainSetMaxMemory(virDomainPtr dom, unsigned long memory) override {
    return ret(set_memory(dom, memory, VIR_DOMAIN_MEM_MAXIMUM));
  }
  Result<int> domainSetMemory(virDomainPtr dom, unsigned long memory) override {
    return ret(set_memory(dom, memory, VIR_DOMAIN_AFFECT_LIVE));
  }
  Result<int> domainSetMemoryFlags(virDomainPtr dom, unsigned long memory,
                                   unsigned flags) override {
    return ret(set_memory(dom, memory, flags));
  }

  Result<char *> domainGetXMLDesc(virDomainPtr dom, unsigned flags) override;

  Result<int> domainIsActive(virDomainPtr dom) override;
  Result<int> domainIsPersistent(virDomainPtr dom) override;
  Result<int> domainIsUpdated(virDomainPtr) override { return 0; }

  Result<int> domainGetAutostart(virDomainPtr dom, int *autostart) override;
  // The host's one security model (see the capabilities): "testSecurity", empty DOI.
  Result<int> nodeGetSecurityModel(virConnectPtr, virSecurityModelPtr model) override;
  // Active domains carry the label "libvirt-test", enforcing; inactive ones none.
  Result<int> domainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr label) override;
  Result<int> domainSetAutostart(virDomainPtr dom, int autostart) override;

  Result<int> domainSetVcpus(virDomainPtr dom, unsigned n) override {
    return ret(set_vcpus(dom, n, VIR_DOMAIN_AFFECT_LIVE));
  }
  Result<int> domainSetVcpusFlags(virDomainPtr dom, unsigned n, unsigned flags) override {
    return ret(set_vcpus(dom, n, flags));
  }
  Result<int> domainGetVcpusFlags(virDomainPtr dom, unsigned flags) override;
  Result<int> domainGetMaxVcpus(virDomainPtr dom) override {
    return domainGetVcpusFlags(dom, kLive | kVcpuMax);
  }

  // ---- host statistics ----
  Result<int> nodeGetCPUStats(virConnectPtr, int, virNodeCPUStatsPtr params, int *nparams,
                              unsigned flags) override;
  Result<int> nodeGetFreePages(virConnectPtr, unsigned npages, unsigned *, int, unsigned cellCount,
                               unsigned long long *counts, unsigned flags) override;
  Result<int> nodeGetCPUMap(virConnectPtr, unsigned char **cpumap, unsigned *online,
                            unsigned flags) override;
  Result<int> nodeGetCellsFreeMemory(virConnectPtr, unsigned long long *freemems, int startCell,
                                     int maxCells) override;

  // ---- simple guest operations ----
  Result<int> domainReset(virDomainPtr dom, unsigned flags) override {
    return active_noop(dom, flags, 0, "testDomainReset");
  }
  Result<int> domainInjectNMI(virDomainPtr dom, unsigned flags) override {
    return active_noop(dom, flags, 0, "testDomainInjectNMI");
  }
  Result<int> domainSetUserPassword(virDomainPtr dom, const char *, const char *,
                                    unsigned flags) override {
    return active_noop(dom, flags, VIR_DOMAIN_PASSWORD_ENCRYPTED, "testDomainSetUserPassword");
  }
  Result<int> domainSendKey(virDomainPtr dom, unsigned codeset, unsigned, unsigned *keycodes,
                            int nkeycodes, unsigned flags) override;
  Result<int> domainSendProcessSignal(virDomainPtr dom, long long pid, unsigned signum,
                                      unsigned flags) override;
  Result<char *> domainGetHostname(virDomainPtr dom, unsigned flags) override;
  Result<int> domainGetLaunchSecurityInfo(virDomainPtr, virTypedParameterPtr *, int *nparams,
                                          unsigned flags) override;
  Result<int> domainGetControlInfo(virDomainPtr dom, virDomainControlInfoPtr info,
                                   unsigned flags) override;
  Result<int> domainGetTime(virDomainPtr dom, long long *seconds, unsigned *nseconds,
                            unsigned flags) override;
  Result<int> domainSetTime(virDomainPtr dom, long long seconds, unsigned nseconds,
                            unsigned flags) override;
  Result<int> domainSetMemoryStatsPeriod(virDomainPtr dom, int period, unsigned flags) override;
  Result<int> domainMemoryStats(virDomainPtr dom, virDomainMemoryStatPtr stats, unsigned nr_stats,
                                unsigned flags) override;
  Result<int> domainMemoryPeek(virDomainPtr dom, unsigned long long start, size_t size,
                               void *buffer, unsigned flags) override;
  Result<int> domainGetBlockInfo(virDomainPtr dom, const char *path, virDomainBlockInfoPtr info,
                                 unsigned flags) override;
  Result<int> domainBlockStats(virDomainPtr dom, const char *path,
                               virDomainBlockStatsPtr stats) override;
  Result<int> domainInterfaceStats(virDomainPtr dom, const char *device,
                                   virDomainInterfaceStatsPtr stats) override;
  Result<int> domainGetDiskErrors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                  unsigned maxerrors, unsigned flags) override;
  Result<int> domainGetMessages(virDomainPtr dom, char ***msgs, unsigned flags) override;
  Result<int> domainSetLifecycleAction(virDomainPtr dom, unsigned type, unsigned action,
                                       unsigned flags) override;
  // ---- vCPUs, emulator and pinning ----
  Result<int> domainPinEmulator(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                unsigned flags) override;
  Result<int> domainGetEmulatorPinInfo(virDomainPtr dom, unsigned char *cpumaps, int maplen,
                                       unsigned flags) override;
  Result<int> domainGetVcpus(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                             unsigned char *cpumaps, int maplen) override;
  Result<int> domainPinVcpu(virDomainPtr dom, unsigned vcpu, unsigned char *cpumap,
                            int maplen) override {
    return domainPinVcpuFlags(dom, vcpu, cpumap, maplen, 0);
  }
  Result<int> domainPinVcpuFlags(virDomainPtr dom, unsigned vcpu, unsigned char *cpumap, int maplen,
                                 unsigned flags) override;
  Result<int> domainGetVcpuPinInfo(virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                   int maplen, unsigned flags) override;

  // ---- IOThreads ----
  Result<int> domainGetIOThreadInfo(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                    unsigned flags) override;
  Result<int> domainAddIOThread(virDomainPtr dom, unsigned id, unsigned flags) override;
  Result<int> domainDelIOThread(virDomainPtr dom, unsigned id, unsigned flags) override;
  Result<int> domainPinIOThread(virDomainPtr dom, unsigned id, unsigned char *cpumap, int maplen,
                                unsigned flags) override;
  Result<int> domainSetIOThreadParams(virDomainPtr dom, unsigned id, virTypedParameterPtr params,
                                      int nparams, unsigned flags) override;
  // ---- tuning parameters ----
  Result<int> domainSetMemoryParameters(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                        unsigned flags) override;
  Result<int> domainGetMemoryParameters(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                                        unsigned flags) override;
  Result<int> domainSetNumaParameters(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                      unsigned flags) override;
  Result<int> domainGetNumaParameters(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                                      unsigned flags) override;
  Result<int> domainSetInterfaceParameters(virDomainPtr dom, const char *device,
                                           virTypedParameterPtr params, int nparams,
                                           unsigned flags) override;
  Result<int> domainGetInterfaceParameters(virDomainPtr dom, const char *device,
                                           virTypedParameterPtr params, int *nparams,
                                           unsigned flags) override;
  Result<int> domainSetBlockIoTune(virDomainPtr dom, const char *path, virTypedParameterPtr params,
                                   int nparams, unsigned flags) override;
  Result<int> domainGetBlockIoTune(virDomainPtr dom, const char *path, virTypedParameterPtr params,
                                   int *nparams, unsigned flags) override;
  Result<int> domainSetBlkioParameters(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                       unsigned flags) override;
  Result<int> domainGetBlkioParameters(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                                       unsigned flags) override;

  // ---- performance events and scheduler ----
  Result<int> domainSetPerfEvents(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                  unsigned flags) override;
  Result<int> domainGetPerfEvents(virDomainPtr dom, virTypedParameterPtr *params, int *nparams,
                                  unsigned flags) override;
  Result<char *> domainGetSchedulerType(virDomainPtr, int *nparams) override;
  Result<int> domainGetSchedulerParameters(virDomainPtr dom, virTypedParameterPtr params,
                                           int *nparams) override {
    return domainGetSchedulerParametersFlags(dom, params, nparams, 0);
  }
  Result<int> domainGetSchedulerParametersFlags(virDomainPtr dom, virTypedParameterPtr params,
                                                int *nparams, unsigned flags) override;
  Result<int> domainSetSchedulerParameters(virDomainPtr dom, virTypedParameterPtr params,
                                           int nparams) override {
    return domainSetSchedulerParametersFlags(dom, params, nparams, 0);
  }
  Result<int> domainSetSchedulerParametersFlags(virDomainPtr dom, virTypedParameterPtr params,
                                                int nparams, unsigned flags) override;
  Result<int> domainGetCPUStats(virDomainPtr dom, virTypedParameterPtr params, unsigned nparams,
                                int start_cpu, unsigned ncpus, unsigned flags) override;
  // ---- guest file systems ----
  Result<int> domainFSFreeze(virDomainPtr dom, const char **mountpoints, unsigned n,
                             unsigned flags) override {
    return fs_freeze(dom, mountpoints, n, flags, true);
  }
  Result<int> domainFSThaw(virDomainPtr dom, const char **mountpoints, unsigned n,
                           unsigned flags) override {
    return fs_freeze(dom, mountpoints, n, flags, false);
  }
  Result<int> domainFSTrim(virDomainPtr dom, const char *mountPoint, unsigned long long,
                           unsigned flags) override;
  Result<int> domainGetFSInfo(virDomainPtr dom, virDomainFSInfoPtr **info, unsigned flags) override;

  // ---- rename and metadata ----
  Result<int> domainRename(virDomainPtr dom, const char *new_name, unsigned flags) override;
  Result<char *> domainGetMetadata(virDomainPtr dom, int type, const char *uri,
                                   unsigned flags) override;
  Result<int> domainSetMetadata(virDomainPtr dom, int type, const char *metadata, const char *key,
                                const char *uri, unsigned flags) override;

  // ---- addresses and statistics ----
  Result<int> domainInterfaceAddresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                       unsigned source, unsigned flags) override;

  Result<int> connectGetAllDomainStats(virConnectPtr conn, virDomainPtr *doms, unsigned ndoms,
                                       unsigned stats, virDomainStatsRecordPtr **retStats,
                                       unsigned flags) override;
  Result<int> connectGetCPUModelNames(virConnectPtr, const char *archName, char ***models,
                                      unsigned flags) override;
  Result<char *> connectBaselineCPU(virConnectPtr, const char **xmlCPUs, unsigned ncpus,
                                    unsigned flags) override;

  // ---- events ----
  Result<int> connectDomainEventRegister(virConnectPtr conn, virConnectDomainEventCallback cb,
                                         void *opaque, virFreeCallback freecb) override;
  Result<int> connectDomainEventDeregister(virConnectPtr conn,
                                           virConnectDomainEventCallback cb) override;
  Result<int> connectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                            virConnectDomainEventGenericCallback cb, void *opaque,
                                            virFreeCallback freecb) override;
  Result<int> connectDomainEventDeregisterAny(virConnectPtr conn, int callbackID) override;

  // ---- snapshots and checkpoints (snapshot.cc) ----

  Result<int> domainSnapshotNum(virDomainPtr dom, unsigned int flags) override;
  Result<int> domainSnapshotListNames(virDomainPtr dom, char **names, int nameslen,
                                      unsigned int flags) override;
  Result<int> domainListAllSnapshots(virDomainPtr dom, virDomainSnapshotPtr **snaps,
                                     unsigned int flags) override;
  Result<int> domainSnapshotNumChildren(virDomainSnapshotPtr snap, unsigned int flags) override;
  Result<int> domainSnapshotListChildrenNames(virDomainSnapshotPtr snap, char **names, int nameslen,
                                              unsigned int flags) override;
  Result<int> domainSnapshotListAllChildren(virDomainSnapshotPtr snap, virDomainSnapshotPtr **snaps,
                                            unsigned int flags) override;
  Result<virDomainSnapshotPtr> domainSnapshotLookupByName(virDomainPtr dom, const char *name,
                                                          unsigned int flags) override;
  Result<int> domainHasCurrentSnapshot(virDomainPtr dom, unsigned int flags) override;
  Result<virDomainSnapshotPtr> domainSnapshotGetParent(virDomainSnapshotPtr snap,
                                                       unsigned int flags) override;
  Result<virDomainSnapshotPtr> domainSnapshotCurrent(virDomainPtr dom, unsigned int flags) override;
  Result<char *> domainSnapshotGetXMLDesc(virDomainSnapshotPtr snap, unsigned int flags) override;
  Result<int> domainSnapshotIsCurrent(virDomainSnapshotPtr snap, unsigned int flags) override;
  Result<int> domainSnapshotHasMetadata(virDomainSnapshotPtr snap, unsigned int flags) override;
  Result<virDomainSnapshotPtr> domainSnapshotCreateXML(virDomainPtr dom, const char *xml,
                                                       unsigned int flags) override;
  Result<int> domainRevertToSnapshot(virDomainSnapshotPtr snap, unsigned int flags) override;
  Result<int> domainSnapshotDelete(virDomainSnapshotPtr snap, unsigned int flags) override;

  // ---- checkpoints ----
  Result<virDomainCheckpointPtr> domainCheckpointCreateXML(virDomainPtr dom, const char *xml,
                                                           unsigned int flags) override;
  Result<char *> domainCheckpointGetXMLDesc(virDomainCheckpointPtr chk,
                                            unsigned int flags) override;
  Result<int> domainListAllCheckpoints(virDomainPtr dom, virDomainCheckpointPtr **chks,
                                       unsigned int flags) override;
  Result<int> domainCheckpointListAllChildren(virDomainCheckpointPtr chk,
                                              virDomainCheckpointPtr **chks,
                                              unsigned int flags) override;
  Result<virDomainCheckpointPtr> domainCheckpointLookupByName(virDomainPtr dom, const char *name,
                                                              unsigned int flags) override;
  Result<virDomainCheckpointPtr> domainCheckpointGetParent(virDomainCheckpointPtr chk,
                                                           unsigned int flags) override;
  Result<int> domainCheckpointDelete(virDomainCheckpointPtr chk, unsigned int flags) override;

  // ---- save, dump, managed save, screenshot (save.cc) ----

  // save images (a magic header, the XML's length, the domain XML) ----
  Result<int> domainSave(virDomainPtr dom, const char *path) override;
  Result<int> domainSaveFlags(virDomainPtr dom, const char *path, const char *dxml,
                              unsigned flags) override;
  Result<int> domainRestore(virConnectPtr conn, const char *path) override;
  Result<int> domainRestoreFlags(virConnectPtr conn, const char *path, const char *dxml,
                                 unsigned flags) override;
  Result<int> domainSaveImageDefineXML(virConnectPtr conn, const char *path, const char *dxml,
                                       unsigned flags) override;
  Result<char *> domainSaveImageGetXMLDesc(virConnectPtr conn, const char *path,
                                           unsigned flags) override;

  // ---- core dumps ----
  Result<int> domainCoreDump(virDomainPtr dom, const char *to, unsigned flags) override;
  Result<int> domainCoreDumpWithFormat(virDomainPtr dom, const char *to, unsigned dumpformat,
                                       unsigned flags) override;

  // ---- managed save (a flag on the domain: no file) ----
  Result<int> domainManagedSave(virDomainPtr dom, unsigned flags) override;
  Result<int> domainHasManagedSaveImage(virDomainPtr dom, unsigned flags) override;
  Result<int> domainManagedSaveRemove(virDomainPtr dom, unsigned flags) override;

  // ---- screenshot: a PNG through the stream ----
  Result<char *> domainScreenshot(virDomainPtr dom, virStreamPtr st, unsigned screen,
                                  unsigned flags) override;

 private:
  // The Get*Parameters pattern of libvirt's test driver: the flags checked
  // (`fn` names the function in the error), *nparams == 0 asking only for
  // the `count`; otherwise `fill(def, n)` fills the first n = min(*nparams,
  // count) parameters from the domain's one definition (live or config, as
  // the flags say), and *nparams becomes n.
  template <class Fill>
  Result<int> get_params(virDomainPtr dom, const char *fn, unsigned flags, int count, int *nparams,
                         Fill &&fill) {
    VK_TRY(check_flags(kFrom, fn, flags, kLive | kConfig | VIR_TYPED_PARAM_STRING_OKAY));
    if (*nparams == 0) {
      *nparams = count;
      return 0;
    }
    auto vm = get(dom);
    VK_TRY(vm);
    auto def = one_def(*vm->obj, flags & ~VIR_TYPED_PARAM_STRING_OKAY, nullptr);
    VK_TRY(def);
    const int n = std::min(*nparams, count);
    VK_TRY(fill(**def, n));
    *nparams = n;
    return 0;
  }

  Status save(virDomainPtr dom, const char *path, const char *dxml, unsigned flags);
  Status restore(const char *path, const char *dxml, unsigned flags);

  // A no-op on a running domain (reset, NMI, password...).
  Result<int> active_noop(virDomainPtr dom, unsigned flags, unsigned allowed, const char *fn);

  // All the host's CPUs.
  const std::set<unsigned> &host_set() const;

  static conf::IOThreadId *find_iothread(conf::DomainDef &def, unsigned id);

  static bool has_balloon(const conf::DomainDef &def) {
    return def.memballoon && def.memballoon->model != conf::MemballoonModel::none;
  }

  // virStorageSourceIsEmpty.
  static bool disk_empty(const conf::Disk &d);

  static const char *codeset_name(unsigned codeset);
  // Whether a key code exists in its code set (the ranges of libvirt's
  // keymap tables).
  static bool valid_keycode(unsigned codeset, unsigned key);

  Result<int> fs_freeze(virDomainPtr dom, const char **mountpoints, unsigned n, unsigned flags,
                        bool freeze);

  // testDomainInterfaceAddressFromNet: the network's first DHCP address (or
  // its own), moved on by `offset`.
  static Status address_from_network(virConnectPtr conn, const conf::Net &net, unsigned offset,
                                     virDomainIPAddress &out);

  int count(bool active);

  static bool matches(const DomainObj &vm, unsigned f);

  Result<virDomainPtr> define(virConnectPtr conn, const char *xml, unsigned flags);

  Status undefine(virDomainPtr dom, unsigned flags);

  Status create(virDomainPtr dom, unsigned flags);

  Status destroy(virDomainPtr dom, unsigned flags);

  // testDomainActionSetState.
  static void lifecycle_action(DomainObj &vm, conf::LifecycleAction action);

  void finish_if_shutoff(Locked &vm, virDomainPtr dom);

  Status shutdown(virDomainPtr dom, unsigned flags);

  Status set_memory(virDomainPtr dom, unsigned long memory, unsigned flags);

  Status set_vcpus(virDomainPtr dom, unsigned n, unsigned flags);
};

}  // namespace virtkit::drivers::test
