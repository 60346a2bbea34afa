// SPDX-License-Identifier: LGPL-2.1-or-later
// The driver interface. A Driver claims URIs and opens connections; each open
// connection has a Hypervisor backend with one virtual per slot of libvirt's
// driver tables that the public API calls (generated from api/libvirt.api
// into GeneratedSlots: same name and C arguments as libvirt's slot, the
// result in a Result<>). Every slot defaults to "unsupported", which the
// entry guard reports as VIR_ERR_NO_SUPPORT naming the public function, so a
// driver lacks exactly the slots it does not override.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "public.h"
#include "driver/uri.h"
#include "driver_slots.h"  // generated: class GeneratedSlots
#include "error/status.h"

namespace virtkit::driver {

class Hypervisor : public GeneratedSlots {
 public:
  // Driver name reported by virConnectGetType ("Test", "QEMU", ...).
  virtual const char *name() const = 0;
  // For a connection opened without a URI: the URI the server chose
  // (libvirt's remote driver asks the daemon). Empty otherwise.
  virtual std::string probed_uri() const { return {}; }

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
  // (network, command, section, parentIndex, xml, flags)
  virtual Result<int> networkUpdate(virNetworkPtr, unsigned int, unsigned int, int, const char *,
                                    unsigned int) {
    return unsupported();
  }
};

// A registered driver: claims URIs and opens connections.
class Driver {
 public:
  virtual ~Driver() = default;
  virtual const char *name() const = 0;
  // Whether this driver handles `uri` (libvirt's VIR_DRV_OPEN_DECLINED otherwise).
  virtual bool claims(const Uri &uri) const = 0;
  // `flags` as the application passed them (drivers check them).
  virtual Result<std::unique_ptr<Hypervisor>> open(const Uri &uri, virConnectAuthPtr auth,
                                                   unsigned flags) = 0;
};

}  // namespace virtkit::driver
