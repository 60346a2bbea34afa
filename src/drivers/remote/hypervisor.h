// SPDX-License-Identifier: LGPL-2.1-or-later
// The remote driver's hypervisor table: the connection to the daemon (open,
// authentication, keepalive, close callbacks, events) and the domain and
// host slots with client-side behaviour of libvirt's remote driver (limits,
// handle updates, per-vCPU arrays, statistics, migration steps, local files).
// The generated RemoteHypervisorSlots forwards the regular slots. Defined in
// remote_driver.cc (the connection), host.cc, domain_replies.cc and
// migrate.cc.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "drivers/remote/objects.h"
#include "drivers/remote/wire.h"

namespace virtkit::drivers::remote {

class RemoteHypervisor final : public RemoteHypervisorSlots {
 public:
  // `secure`: whether the transport itself is (a unix socket is; plain TCP is not).
  RemoteHypervisor(std::shared_ptr<virtkit::remote::Client> c, bool secure);
  // Over TLS: the session cipher's key size in bytes (for SASL's SSF).
  void set_tls_key_size(int bytes) { tls_key_size_ = bytes; }
  ~RemoteHypervisor() override;
  RemoteHypervisor(const RemoteHypervisor &) = delete;
  RemoteHypervisor &operator=(const RemoteHypervisor &) = delete;

  const char *name() const override { return "remote"; }

  // What authentication needs of the URI and the application.
  struct AuthParams {
    const std::string *type = nullptr;  // the URI's auth= parameter, if any
    virConnectAuthPtr auth = nullptr;   // the application's callback
    std::string host;                   // the URI's server, else "localhost"
    const std::vector<std::pair<std::string, std::string>> *uri_params = nullptr;
  };

  // `name` empty: the daemon picks its driver, and is asked for the URI.
  // `rflags`: the kOpen* flags.
  Status open(const std::string &name, unsigned rflags, bool probe, const AuthParams &auth);

  std::string probed_uri() const override { return probed_; }

  // What the connection's other tables share with this one.
  Shared shared() const { return Shared{client_, events_}; }

  // ---- close callbacks: the connection ending is reported to the application ----
  bool keeps_close_callback() const override { return true; }
  Status close_callback_registering(virConnectPtr conn) override;
  Status close_callback_unregistering(virConnectPtr) override;

  Result<int> connectSetKeepAlive(virConnectPtr, int interval, unsigned count) override;

  // ---- streams (stream.cc): the stream is registered before the call ----
  Result<char *> domainScreenshot(virDomainPtr dom, virStreamPtr st, unsigned screen,
                                  unsigned flags) override;
  Result<int> domainOpenConsole(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                                unsigned flags) override;
  Result<int> domainOpenChannel(virDomainPtr dom, const char *name, virStreamPtr st,
                                unsigned flags) override;

  // ---- events: registrations and delivery in events.cc ----
  Result<int> connectDomainEventRegister(virConnectPtr conn, virConnectDomainEventCallback cb,
                                         void *opaque, virFreeCallback freecb) override;
  Result<int> connectDomainEventDeregister(virConnectPtr conn,
                                           virConnectDomainEventCallback cb) override {
    return events_->domain_deregister_legacy(conn, generic(cb));
  }
  Result<int> connectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                            virConnectDomainEventGenericCallback cb, void *opaque,
                                            virFreeCallback freecb) override {
    return events_->domain_register(conn, dom, eventID, generic(cb), opaque, freecb, false);
  }
  Result<int> connectDomainEventDeregisterAny(virConnectPtr conn, int callbackID) override {
    return events_->domain_deregister(conn, callbackID);
  }

  // ---- libvirt-qemu's and libvirt-lxc's programs (qemu_lxc.cc) ----
  Result<int> domainQemuMonitorCommand(virDomainPtr dom, const char *cmd, char **result,
                                       unsigned flags) override;
  Result<int> domainQemuMonitorCommandWithFiles(virDomainPtr dom, const char *cmd,
                                                unsigned ninfiles, int *infiles,
                                                unsigned *noutfiles, int **outfiles, char **result,
                                                unsigned flags) override;
  Result<virDomainPtr> domainQemuAttach(virConnectPtr conn, unsigned pid_value,
                                        unsigned flags) override;
  Result<char *> domainQemuAgentCommand(virDomainPtr dom, const char *cmd, int timeout,
                                        unsigned flags) override;
  Result<int> connectDomainQemuMonitorEventRegister(virConnectPtr conn, virDomainPtr dom,
                                                    const char *event,
                                                    virConnectDomainQemuMonitorEventCallback cb,
                                                    void *opaque, virFreeCallback freecb,
                                                    unsigned flags) override {
    return events_->qemu_monitor_register(conn, dom, event, cb, opaque, freecb, flags);
  }
  Result<int> connectDomainQemuMonitorEventDeregister(virConnectPtr conn, int callbackID) override {
    return events_->qemu_monitor_deregister(conn, callbackID);
  }
  Result<int> domainLxcOpenNamespace(virDomainPtr dom, int **fdlist, unsigned flags) override;

  // ---- connection and host calls with client-side behaviour (host.cc) ----
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

  // ---- domain queries whose replies need client-side handling
  // (domain_replies.cc) ----

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

 private:
  // libvirt's remote_auth_type.
  enum AuthType { kAuthNone = 0, kAuthSasl = 1, kAuthPolkit = 2 };

  // As libvirt's client, first on every connection: the daemon lists the
  // authentication it requires of this client (root on a unix socket is
  // admitted at once: none), and the first listed, or the one `want`
  // names, is carried out.
  Status authenticate(const AuthParams &p);

  void on_close(int reason);

  // The daemon reported its driver's connection closed: the close callback
  // runs on a thread of its own, as the reader may be a caller holding locks.
  void on_server_closed(int reason);

  void on_message(uint32_t prog, int proc, const std::string &body) {
    if (prog == proto::kRemoteProgram)
      events_->on_message(proc, body);
    else if (prog == proto::kQemuProgram)
      events_->on_qemu_message(proc, body);
  }

  bool secure_;
  int tls_key_size_ = 0;       // 0: not over TLS
  bool sasl_session_ = false;  // SASL authenticated (with a layer or not)
  std::mutex type_mu_;
  std::string type_;  // connectGetType's answer, once asked
  std::shared_ptr<RemoteEvents> events_ =
      std::make_shared<RemoteEvents>(client_, [this](int reason) { on_server_closed(reason); });

  bool async_io_ = false;          // an event loop was registered at open
  bool server_keepalive_ = false;  // the daemon speaks the keepalive program
  bool opened_ = false;
  std::string probed_;
  std::mutex cb_mu_;
  virConnectPtr cb_conn_ = nullptr;
};

}  // namespace virtkit::drivers::remote
