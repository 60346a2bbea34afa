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

 private:
  bool secure_;
  std::mutex type_mu_;
  std::string type_;
};

}  // namespace virtkit::drivers::remote
