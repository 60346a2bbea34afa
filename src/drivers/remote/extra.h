// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written forwarding slots for the connection, host, and the calls with
// client-side behaviour of libvirt's remote driver (limits, handle updates,
// local files). Events and the connection itself live in remote_driver.cc.
#pragma once

#include <mutex>
#include <string>

#include "drivers/remote/domain_extra.h"

namespace virtkit::drivers::remote {

class RemoteExtra : public RemoteDomainExtra {
 public:
  // `secure`: whether the transport itself is (a unix socket is; plain TCP is not).
  RemoteExtra(std::shared_ptr<virtkit::remote::Client> c, bool secure)
      : RemoteDomainExtra(std::move(c)), secure_(secure) {}

  Result<const char *> connectGetType(virConnectPtr) override;
  Result<int> connectIsAlive(virConnectPtr) override;
  Result<int> connectIsSecure(virConnectPtr) override;
  Result<int> connectIsEncrypted(virConnectPtr) override;
  Result<int> nodeGetInfo(virConnectPtr, virNodeInfoPtr info) override;
  Result<int> connectListDomains(virConnectPtr, int *ids, int maxids) override;
  Result<int> domainCreate(virDomainPtr dom) override;
  Result<int> domainCreateWithFlags(virDomainPtr dom, unsigned flags) override;
  Result<char *> domainGetSchedulerType(virDomainPtr dom, int *nparams) override;
  Result<int> nodeGetCellsFreeMemory(virConnectPtr, unsigned long long *mems, int start,
                                     int maxcells) override;
  Result<int> connectSupportsFeature(virConnectPtr, int feature) override;
  Result<int> nodeGetCPUStats(virConnectPtr, int cpu, virNodeCPUStatsPtr params, int *nparams,
                              unsigned flags) override;
  Result<int> nodeGetMemoryStats(virConnectPtr, int cell, virNodeMemoryStatsPtr params,
                                 int *nparams, unsigned flags) override;
  Result<int> nodeGetFreePages(virConnectPtr, unsigned npages, unsigned *pages, int start,
                               unsigned ncells, unsigned long long *counts,
                               unsigned flags) override;
  Result<int> nodeAllocPages(virConnectPtr, unsigned npages, unsigned *sizes,
                             unsigned long long *counts, int start, unsigned ncells,
                             unsigned flags) override;
  Result<int> nodeGetCPUMap(virConnectPtr, unsigned char **cpumap, unsigned *online,
                            unsigned flags) override;
  Result<int> nodeGetSecurityModel(virConnectPtr, virSecurityModelPtr model) override;
  Result<int> connectGetCPUModelNames(virConnectPtr, const char *arch, char ***models,
                                      unsigned flags) override;
  Result<const char *> nodeDeviceGetParent(virNodeDevicePtr dev) override;
  Result<int> domainRename(virDomainPtr dom, const char *name, unsigned flags) override;
  Result<int> domainCreateWithFiles(virDomainPtr dom, unsigned nfiles, int *files,
                                    unsigned flags) override;
  Result<virDomainPtr> domainCreateXMLWithFiles(virConnectPtr conn, const char *xml,
                                                unsigned nfiles, int *files,
                                                unsigned flags) override;
  Result<int> domainOpenGraphics(virDomainPtr dom, unsigned idx, int fd, unsigned flags) override;
  Result<int> domainOpenGraphicsFD(virDomainPtr dom, unsigned idx, unsigned flags) override;
  Result<int> domainFDAssociate(virDomainPtr dom, const char *name, unsigned nfds, int *fds,
                                unsigned flags) override;
  Result<unsigned char *> secretGetValue(virSecretPtr secret, size_t *size,
                                         unsigned flags) override;
  Result<int> secretSetValue(virSecretPtr secret, const unsigned char *value, size_t size,
                             unsigned flags) override;
  Result<int> networkGetDHCPLeases(virNetworkPtr net, const char *mac,
                                   virNetworkDHCPLeasePtr **leases, unsigned flags) override;

 private:
  bool secure_;
  std::mutex type_mu_;
  std::string type_;
};

}  // namespace virtkit::drivers::remote
