// The driver interface. A Driver claims URIs and opens connections; each open
// connection has a Hypervisor backend whose operations default to
// "unsupported" (the entry guard reports libvirt's VIR_ERR_NO_SUPPORT).
// One virtual per slot of libvirt's driver tables, same name and arguments
// (less the connection for connection-level slots), so that what a driver
// lacks is exactly what libvirt's driver of the same kind lacks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "public.h"
#include "driver/uri.h"
#include "error/status.h"

namespace virtkit::driver {

class Hypervisor {
 public:
  virtual ~Hypervisor() = default;

  // Driver name reported by virConnectGetType ("Test", "QEMU", ...).
  virtual const char *name() const = 0;

  // Host and connection.
  virtual Result<unsigned long> connectGetVersion() { return unsupported(); }
  virtual Result<std::string> connectGetHostname() { return unsupported(); }
  virtual Result<std::string> connectGetCapabilities() { return unsupported(); }
  virtual Result<int> connectGetMaxVcpus(const char * /*type*/) { return unsupported(); }
  virtual Result<std::string> connectGetSysinfo(unsigned /*flags*/) { return unsupported(); }
  virtual Result<int> connectIsSecure() { return unsupported(); }
  virtual Result<int> connectIsEncrypted() { return unsupported(); }
  virtual Result<int> connectIsAlive() { return unsupported(); }
  virtual Status nodeGetInfo(virNodeInfo & /*info*/) { return unsupported(); }
  virtual Result<unsigned long long> nodeGetFreeMemory() { return unsupported(); }

  // Domain lists.
  virtual Result<int> connectNumOfDomains() { return unsupported(); }
  virtual Result<int> connectListDomains(int * /*ids*/, int /*maxids*/) { return unsupported(); }
  virtual Result<int> connectNumOfDefinedDomains() { return unsupported(); }
  virtual Result<int> connectListDefinedDomains(char ** /*names*/, int /*maxnames*/) {
    return unsupported();
  }
  // Handles are new references owned by the caller.
  virtual Result<std::vector<virDomainPtr>> connectListAllDomains(unsigned /*flags*/) {
    return unsupported();
  }

  // Domain lookup and definition.
  virtual Result<virDomainPtr> domainLookupByID(virConnectPtr, int /*id*/) { return unsupported(); }
  virtual Result<virDomainPtr> domainLookupByName(virConnectPtr, const char *) {
    return unsupported();
  }
  virtual Result<virDomainPtr> domainLookupByUUID(virConnectPtr, const unsigned char *) {
    return unsupported();
  }
  virtual Result<virDomainPtr> domainDefineXML(virConnectPtr, const char *) { return unsupported(); }
  virtual Result<virDomainPtr> domainDefineXMLFlags(virConnectPtr, const char *, unsigned) {
    return unsupported();
  }
  virtual Result<virDomainPtr> domainCreateXML(virConnectPtr, const char *, unsigned) {
    return unsupported();
  }
  virtual Status domainUndefine(virDomainPtr) { return unsupported(); }
  virtual Status domainUndefineFlags(virDomainPtr, unsigned) { return unsupported(); }

  // Domain lifecycle.
  virtual Status domainCreate(virDomainPtr) { return unsupported(); }
  virtual Status domainCreateWithFlags(virDomainPtr, unsigned) { return unsupported(); }
  virtual Status domainDestroy(virDomainPtr) { return unsupported(); }
  virtual Status domainDestroyFlags(virDomainPtr, unsigned) { return unsupported(); }
  virtual Status domainSuspend(virDomainPtr) { return unsupported(); }
  virtual Status domainResume(virDomainPtr) { return unsupported(); }
  virtual Status domainShutdown(virDomainPtr) { return unsupported(); }
  virtual Status domainShutdownFlags(virDomainPtr, unsigned) { return unsupported(); }
  virtual Status domainReboot(virDomainPtr, unsigned) { return unsupported(); }

  // Domain queries and settings.
  virtual Status domainGetInfo(virDomainPtr, virDomainInfo &) { return unsupported(); }
  virtual Status domainGetState(virDomainPtr, int & /*state*/, int & /*reason*/, unsigned) {
    return unsupported();
  }
  virtual Result<std::string> domainGetOSType(virDomainPtr) { return unsupported(); }
  virtual Result<unsigned long long> domainGetMaxMemory(virDomainPtr) { return unsupported(); }
  virtual Status domainSetMaxMemory(virDomainPtr, unsigned long) { return unsupported(); }
  virtual Status domainSetMemory(virDomainPtr, unsigned long) { return unsupported(); }
  virtual Status domainSetMemoryFlags(virDomainPtr, unsigned long, unsigned) {
    return unsupported();
  }
  virtual Result<std::string> domainGetXMLDesc(virDomainPtr, unsigned) { return unsupported(); }
  virtual Result<int> domainIsActive(virDomainPtr) { return unsupported(); }
  virtual Result<int> domainIsPersistent(virDomainPtr) { return unsupported(); }
  virtual Result<int> domainIsUpdated(virDomainPtr) { return unsupported(); }
  virtual Result<int> domainGetAutostart(virDomainPtr) { return unsupported(); }
  virtual Status domainSetAutostart(virDomainPtr, int) { return unsupported(); }
  virtual Status domainSetVcpus(virDomainPtr, unsigned) { return unsupported(); }
  virtual Status domainSetVcpusFlags(virDomainPtr, unsigned, unsigned) { return unsupported(); }
  virtual Result<int> domainGetVcpusFlags(virDomainPtr, unsigned) { return unsupported(); }
  virtual Result<int> domainGetMaxVcpus(virDomainPtr) { return unsupported(); }
};

// A registered driver: claims URIs and opens connections.
class Driver {
 public:
  virtual ~Driver() = default;
  virtual const char *name() const = 0;
  // Whether this driver handles `uri` (libvirt's VIR_DRV_OPEN_DECLINED otherwise).
  virtual bool claims(const Uri &uri) const = 0;
  virtual Result<std::unique_ptr<Hypervisor>> open(const Uri &uri, virConnectAuthPtr auth,
                                                   unsigned flags) = 0;
};

}  // namespace virtkit::driver
