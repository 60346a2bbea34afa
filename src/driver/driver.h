// SPDX-License-Identifier: LGPL-2.1-or-later
// The driver interface. A Driver claims URIs and opens connections; an open
// connection holds the tables its driver serves, one per libvirt driver
// table (driver-hypervisor.h, driver-network.h, ...). Each table has one
// virtual per slot the public API calls: generated from api/libvirt.api
// (table= column) into the *Slots classes, with libvirt's slot name and C
// arguments and the result in a Result<>; the slots hand-written entry
// points call with arguments of their own are added here. Every slot
// defaults to "unsupported", which the entry guard reports as
// VIR_ERR_NO_SUPPORT naming the public function, so a driver lacks exactly
// the slots (or whole tables) it does not provide.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "public.h"
#include "driver/uri.h"
#include "driver_slots.h"  // generated: class HypervisorSlots, NetworkSlots, ...
#include "error/status.h"

namespace virtkit::driver {

// libvirt's virHypervisorDriver: connections, domains and the host.
class HypervisorTable : public HypervisorSlots {
 public:
  // Driver name reported by virConnectGetType ("Test", "QEMU", ...).
  virtual const char *name() const = 0;
  // For a connection opened without a URI: the URI the server chose
  // (libvirt's remote driver asks the daemon). Empty otherwise.
  virtual std::string probed_uri() const { return {}; }

  // ---- Close callbacks (virConnectRegisterCloseCallback) ----
  // Only drivers that keep a persistent connection (libvirt's remote
  // driver) store a close callback; for the others the public calls
  // succeed doing nothing, as libvirt's drivers without the slots do.
  virtual bool keeps_close_callback() const { return false; }
  // Error domain of "A close callback is already registered" and "A
  // different callback was requested".
  virtual int close_callback_error_domain() const { return VIR_FROM_REMOTE; }
  // Called after those checks, under the connection's close-callback lock,
  // before the callback is stored or dropped; a failure fails the public
  // call (libvirt's remote driver tells the server here).
  virtual Status close_callback_registering(virConnectPtr) { return Status(); }
  virtual Status close_callback_unregistering(virConnectPtr) { return Status(); }

  // ---- Slots called with arguments of their own (hand-written entry points) ----
  // libvirt's slot signatures (driver-hypervisor.h, driver-network.h).

  // VIR_DRV_FEATURE_* (libvirt's internal numbers); features every driver
  // answers alike are decided before this is asked.
  virtual Result<int> connectSupportsFeature(virConnectPtr, int) { return unsupported(); }
  // virConnectGetAllDomainStats passes doms = NULL, ndoms = 0.
  virtual Result<int> connectGetAllDomainStats(virConnectPtr, virDomainPtr *, unsigned int,
                                               unsigned int, virDomainStatsRecordPtr **,
                                               unsigned int) {
    return unsupported();
  }
  virtual Result<int> domainBlockStats(virDomainPtr, const char *, virDomainBlockStatsPtr) {
    return unsupported();
  }
  virtual Result<int> domainInterfaceStats(virDomainPtr, const char *, virDomainInterfaceStatsPtr) {
    return unsupported();
  }
  // File names below arrive absolute (made so by the entry point).
  virtual Result<int> domainCoreDump(virDomainPtr, const char *, unsigned int) {
    return unsupported();
  }
  virtual Result<int> domainCoreDumpWithFormat(virDomainPtr, const char *, unsigned int,
                                               unsigned int) {
    return unsupported();
  }
  virtual Result<int> domainSave(virDomainPtr, const char *) { return unsupported(); }
  virtual Result<int> domainSaveFlags(virDomainPtr, const char *, const char *, unsigned int) {
    return unsupported();
  }
  virtual Result<int> domainRestore(virConnectPtr, const char *) { return unsupported(); }
  virtual Result<int> domainRestoreFlags(virConnectPtr, const char *, const char *, unsigned int) {
    return unsupported();
  }
  virtual Result<int> domainSaveImageDefineXML(virConnectPtr, const char *, const char *,
                                               unsigned int) {
    return unsupported();
  }
  virtual Result<char *> domainSaveImageGetXMLDesc(virConnectPtr, const char *, unsigned int) {
    return unsupported();
  }
  virtual Result<int> domainFDAssociate(virDomainPtr, const char *, unsigned int, int *,
                                        unsigned int) {
    return unsupported();
  }
  virtual Result<char *> domainGetMetadata(virDomainPtr, int, const char *, unsigned int) {
    return unsupported();
  }
  // Migration's perform step (alone for peer-to-peer and direct migration):
  // (dom, cookie, cookielen, uri, flags, dname, bandwidth)
  virtual Result<int> domainMigratePerform(virDomainPtr, const char *, int, const char *,
                                           unsigned long, const char *, unsigned long) {
    return unsupported();
  }
  // (dom, xmlin, cookiein, cookieinlen, cookieout, cookieoutlen, dconnuri,
  //  uri, flags, dname, bandwidth)
  virtual Result<int> domainMigratePerform3(virDomainPtr, const char *, const char *, int, char **,
                                            int *, const char *, const char *, unsigned long,
                                            const char *, unsigned long) {
    return unsupported();
  }
  // (dom, dconnuri, params, nparams, cookiein, cookieinlen, cookieout,
  //  cookieoutlen, flags)
  virtual Result<int> domainMigratePerform3Params(virDomainPtr, const char *, virTypedParameterPtr,
                                                  int, const char *, int, char **, int *,
                                                  unsigned int) {
    return unsupported();
  }
  // The other steps of the managed migration protocols, driven by the
  // client across both connections (libvirt's driver-hypervisor.h). Cookies
  // and URIs returned through char ** are malloc'ed; the caller frees them.
  // Version 1: (dconn, cookie, cookielen, uri_in, uri_out, flags, dname,
  // resource) and (dconn, dname, cookie, cookielen, uri, flags).
  virtual Result<int> domainMigratePrepare(virConnectPtr, char **, int *, const char *, char **,
                                           unsigned long, const char *, unsigned long) {
    return unsupported();
  }
  virtual Result<virDomainPtr> domainMigrateFinish(virConnectPtr, const char *, const char *, int,
                                                   const char *, unsigned long) {
    return unsupported();
  }
  // Version 2: prepare adds dom_xml, finish the source's retcode.
  virtual Result<int> domainMigratePrepare2(virConnectPtr, char **, int *, const char *, char **,
                                            unsigned long, const char *, unsigned long,
                                            const char *) {
    return unsupported();
  }
  virtual Result<virDomainPtr> domainMigrateFinish2(virConnectPtr, const char *, const char *, int,
                                                    const char *, unsigned long, int) {
    return unsupported();
  }
  // Version 3:
  // (domain, xmlin, cookieout, cookieoutlen, flags, dname, resource)
  virtual Result<char *> domainMigrateBegin3(virDomainPtr, const char *, char **, int *,
                                             unsigned long, const char *, unsigned long) {
    return unsupported();
  }
  // (dconn, cookiein, cookieinlen, cookieout, cookieoutlen, uri_in, uri_out,
  //  flags, dname, resource, dom_xml)
  virtual Result<int> domainMigratePrepare3(virConnectPtr, const char *, int, char **, int *,
                                            const char *, char **, unsigned long, const char *,
                                            unsigned long, const char *) {
    return unsupported();
  }
  // (dconn, dname, cookiein, cookieinlen, cookieout, cookieoutlen, dconnuri,
  //  uri, flags, cancelled)
  virtual Result<virDomainPtr> domainMigrateFinish3(virConnectPtr, const char *, const char *, int,
                                                    char **, int *, const char *, const char *,
                                                    unsigned long, int) {
    return unsupported();
  }
  // (domain, cookiein, cookieinlen, flags, cancelled)
  virtual Result<int> domainMigrateConfirm3(virDomainPtr, const char *, int, unsigned long, int) {
    return unsupported();
  }
  // Version 3 with extensible parameters:
  // (domain, params, nparams, cookieout, cookieoutlen, flags)
  virtual Result<char *> domainMigrateBegin3Params(virDomainPtr, virTypedParameterPtr, int, char **,
                                                   int *, unsigned int) {
    return unsupported();
  }
  // (dconn, params, nparams, cookiein, cookieinlen, cookieout, cookieoutlen,
  //  uri_out, flags)
  virtual Result<int> domainMigratePrepare3Params(virConnectPtr, virTypedParameterPtr, int,
                                                  const char *, int, char **, int *, char **,
                                                  unsigned int) {
    return unsupported();
  }
  // (dconn, params, nparams, cookiein, cookieinlen, cookieout, cookieoutlen,
  //  flags, cancelled)
  virtual Result<virDomainPtr> domainMigrateFinish3Params(virConnectPtr, virTypedParameterPtr, int,
                                                          const char *, int, char **, int *,
                                                          unsigned int, int) {
    return unsupported();
  }
  // (domain, params, nparams, cookiein, cookieinlen, flags, cancelled)
  virtual Result<int> domainMigrateConfirm3Params(virDomainPtr, virTypedParameterPtr, int,
                                                  const char *, int, unsigned int, int) {
    return unsupported();
  }
};

// libvirt's virNetworkDriver.
class NetworkTable : public NetworkSlots {
 public:
  // (network, command, section, parentIndex, xml, flags)
  virtual Result<int> networkUpdate(virNetworkPtr, unsigned int, unsigned int, int, const char *,
                                    unsigned int) {
    return unsupported();
  }
};

// The other tables have no hand-written slots.
using InterfaceTable = InterfaceSlots;    // virInterfaceDriver
using StorageTable = StorageSlots;        // virStorageDriver
using NodeDeviceTable = NodeDeviceSlots;  // virNodeDeviceDriver
using SecretTable = SecretSlots;          // virSecretDriver
using NWFilterTable = NWFilterSlots;      // virNWFilterDriver

// What an open connection holds: the hypervisor table always, the others
// where its driver serves them. Destroyed in reverse order: the hypervisor
// table (which closes the connection) last.
struct Tables {
  std::unique_ptr<HypervisorTable> hypervisor;
  std::unique_ptr<NetworkTable> network;
  std::unique_ptr<InterfaceTable> interface;
  std::unique_ptr<StorageTable> storage;
  std::unique_ptr<NodeDeviceTable> nodedev;
  std::unique_ptr<SecretTable> secret;
  std::unique_ptr<NWFilterTable> nwfilter;

  // The table of kind T; for a table the driver does not serve, one whose
  // every slot answers "unsupported".
  template <class T>
  T &get() const noexcept {
    T *t = slot<T>().get();
    if (t) [[likely]]
      return *t;
    static T none;
    return none;
  }

 private:
  template <class T>
  const std::unique_ptr<T> &slot() const noexcept {
    if constexpr (std::is_same_v<T, NetworkTable>)
      return network;
    else if constexpr (std::is_same_v<T, InterfaceTable>)
      return interface;
    else if constexpr (std::is_same_v<T, StorageTable>)
      return storage;
    else if constexpr (std::is_same_v<T, NodeDeviceTable>)
      return nodedev;
    else if constexpr (std::is_same_v<T, SecretTable>)
      return secret;
    else if constexpr (std::is_same_v<T, NWFilterTable>)
      return nwfilter;
    else
      static_assert(std::is_same_v<T, NetworkTable>, "no such table");
  }
};

template <>
inline HypervisorTable &Tables::get<HypervisorTable>() const noexcept {
  return *hypervisor;
}

// A registered driver: claims URIs and opens connections.
class Driver {
 public:
  virtual ~Driver() = default;
  virtual const char *name() const = 0;
  // Whether this driver handles `uri` (libvirt's VIR_DRV_OPEN_DECLINED otherwise).
  virtual bool claims(const Uri &uri) const = 0;
  // `flags` as the application passed them (drivers check them).
  // The tables of the new connection (the hypervisor table always set).
  virtual Result<Tables> open(const Uri &uri, virConnectAuthPtr auth, unsigned flags) = 0;
};

}  // namespace virtkit::driver
