// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written forwarding slots for domain queries whose replies need
// libvirt's client-side handling (per-vCPU arrays, stats, guest data...).
// The generated RemoteSlots forwards the regular ones.
#pragma once

#include "drivers/remote/wire.h"
#include "remote_slots.h"  // generated

namespace virtkit::drivers::remote {

class RemoteDomainExtra : public RemoteSlots {
 public:
  using RemoteSlots::RemoteSlots;

  // vCPUs and pinning: caller-sized arrays, checked against the protocol's
  // limits before the call and against the caller's sizes after it.
  Result<int> domainGetVcpus(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                             unsigned char *cpumaps, int maplen) override;
  Result<int> domainGetVcpuPinInfo(virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                   int maplen, unsigned int flags) override;
  Result<int> domainGetEmulatorPinInfo(virDomainPtr dom, unsigned char *cpumaps, int maplen,
                                       unsigned int flags) override;
  Result<int> domainGetIOThreadInfo(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                    unsigned int flags) override;

  // Security labels: character arrays on the wire.
  Result<int> domainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr seclabel) override;
  Result<int> domainGetSecurityLabelList(virDomainPtr dom, virSecurityLabelPtr *seclabels) override;

  // Statistics.
  Result<int> domainBlockStats(virDomainPtr dom, const char *path,
                               virDomainBlockStatsPtr stats) override;
  Result<int> domainInterfaceStats(virDomainPtr dom, const char *device,
                                   virDomainInterfaceStatsPtr stats) override;
  Result<int> domainMemoryStats(virDomainPtr dom, virDomainMemoryStatPtr stats,
                                unsigned int nr_stats, unsigned int flags) override;
  Result<int> domainGetCPUStats(virDomainPtr dom, virTypedParameterPtr params, unsigned int nparams,
                                int start_cpu, unsigned int ncpus, unsigned int flags) override;
  Result<int> connectGetAllDomainStats(virConnectPtr conn, virDomainPtr *doms, unsigned int ndoms,
                                       unsigned int stats, virDomainStatsRecordPtr **retStats,
                                       unsigned int flags) override;
  Result<int> domainGetDiskErrors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                  unsigned int maxerrors, unsigned int flags) override;

  // Raw contents.
  Result<int> domainBlockPeek(virDomainPtr dom, const char *path, unsigned long long offset,
                              size_t size, void *buffer, unsigned int flags) override;
  Result<int> domainMemoryPeek(virDomainPtr dom, unsigned long long offset, size_t size,
                               void *buffer, unsigned int flags) override;

  // Guest and domain data returned as allocated lists or strings.
  Result<int> domainGetFSInfo(virDomainPtr dom, virDomainFSInfoPtr **info,
                              unsigned int flags) override;
  Result<int> domainInterfaceAddresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                       unsigned int source, unsigned int flags) override;
  Result<int> domainGetMessages(virDomainPtr dom, char ***msgs, unsigned int flags) override;
  Result<int> domainAuthorizedSSHKeysGet(virDomainPtr dom, const char *user, char ***keys,
                                         unsigned int flags) override;
  Result<char *> domainGetMetadata(virDomainPtr dom, int type, const char *uri,
                                   unsigned int flags) override;

  // Migration steps (migrate.cc): cookies and URIs from the reply handed
  // back malloc'ed, as libvirt's client does.
  Result<int> domainMigratePrepare(virConnectPtr dconn, char **cookie, int *cookielen,
                                   const char *uri_in, char **uri_out, unsigned long flags,
                                   const char *dname, unsigned long resource) override;
  Result<int> domainMigratePerform(virDomainPtr dom, const char *cookie, int cookielen,
                                   const char *uri, unsigned long flags, const char *dname,
                                   unsigned long resource) override;
  Result<virDomainPtr> domainMigrateFinish(virConnectPtr dconn, const char *dname,
                                           const char *cookie, int cookielen, const char *uri,
                                           unsigned long flags) override;
  Result<int> domainMigratePrepare2(virConnectPtr dconn, char **cookie, int *cookielen,
                                    const char *uri_in, char **uri_out, unsigned long flags,
                                    const char *dname, unsigned long resource,
                                    const char *dom_xml) override;
  Result<virDomainPtr> domainMigrateFinish2(virConnectPtr dconn, const char *dname,
                                            const char *cookie, int cookielen, const char *uri,
                                            unsigned long flags, int retcode) override;
  Result<char *> domainMigrateBegin3(virDomainPtr dom, const char *xmlin, char **cookieout,
                                     int *cookieoutlen, unsigned long flags, const char *dname,
                                     unsigned long resource) override;
  Result<int> domainMigratePrepare3(virConnectPtr dconn, const char *cookiein, int cookieinlen,
                                    char **cookieout, int *cookieoutlen, const char *uri_in,
                                    char **uri_out, unsigned long flags, const char *dname,
                                    unsigned long resource, const char *dom_xml) override;
  Result<int> domainMigratePerform3(virDomainPtr dom, const char *xmlin, const char *cookiein,
                                    int cookieinlen, char **cookieout, int *cookieoutlen,
                                    const char *dconnuri, const char *uri, unsigned long flags,
                                    const char *dname, unsigned long resource) override;
  Result<virDomainPtr> domainMigrateFinish3(virConnectPtr dconn, const char *dname,
                                            const char *cookiein, int cookieinlen, char **cookieout,
                                            int *cookieoutlen, const char *dconnuri,
                                            const char *uri, unsigned long flags,
                                            int cancelled) override;
  Result<int> domainMigrateConfirm3(virDomainPtr dom, const char *cookiein, int cookieinlen,
                                    unsigned long flags, int cancelled) override;
  Result<char *> domainMigrateBegin3Params(virDomainPtr dom, virTypedParameterPtr params,
                                           int nparams, char **cookieout, int *cookieoutlen,
                                           unsigned int flags) override;
  Result<int> domainMigratePrepare3Params(virConnectPtr dconn, virTypedParameterPtr params,
                                          int nparams, const char *cookiein, int cookieinlen,
                                          char **cookieout, int *cookieoutlen, char **uri_out,
                                          unsigned int flags) override;
  Result<int> domainMigratePerform3Params(virDomainPtr dom, const char *dconnuri,
                                          virTypedParameterPtr params, int nparams,
                                          const char *cookiein, int cookieinlen, char **cookieout,
                                          int *cookieoutlen, unsigned int flags) override;
  Result<virDomainPtr> domainMigrateFinish3Params(virConnectPtr dconn, virTypedParameterPtr params,
                                                  int nparams, const char *cookiein,
                                                  int cookieinlen, char **cookieout,
                                                  int *cookieoutlen, unsigned int flags,
                                                  int cancelled) override;
  Result<int> domainMigrateConfirm3Params(virDomainPtr dom, virTypedParameterPtr params,
                                          int nparams, const char *cookiein, int cookieinlen,
                                          unsigned int flags, int cancelled) override;
};

}  // namespace virtkit::drivers::remote
