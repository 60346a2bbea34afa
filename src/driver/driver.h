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
  // Peer-to-peer and direct migration (the source's perform step only):
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
