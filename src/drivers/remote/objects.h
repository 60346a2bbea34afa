// SPDX-License-Identifier: LGPL-2.1-or-later
// The remote driver's tables other than the hypervisor's: networks,
// interfaces, storage, node devices, secrets and nwfilters. The generated
// Remote*Slots forward the regular slots; the classes here add the ones
// with client-side behaviour (events, streams, limits, allocated replies).
// All share the connection's client and event registrations.
#pragma once

#include <memory>

#include "drivers/remote/events.h"
#include "remote_slots.h"  // generated

namespace virtkit::drivers::remote {

// What the tables of one remote connection share.
struct Shared {
  std::shared_ptr<virtkit::remote::Client> client;
  std::shared_ptr<RemoteEvents> events;
};

template <class F>
RemoteEvents::GenericFn generic(F cb) {
  return reinterpret_cast<RemoteEvents::GenericFn>(cb);
}

class RemoteNetwork final : public RemoteNetworkSlots {
 public:
  explicit RemoteNetwork(const Shared &s) : RemoteNetworkSlots(s.client), events_(s.events) {}

  Result<int> connectNetworkEventRegisterAny(virConnectPtr conn, virNetworkPtr net, int eventID,
                                             virConnectNetworkEventGenericCallback cb, void *opaque,
                                             virFreeCallback freecb) override;
  Result<int> connectNetworkEventDeregisterAny(virConnectPtr conn, int callbackID) override;
  Result<int> networkGetDHCPLeases(virNetworkPtr net, const char *mac,
                                   virNetworkDHCPLeasePtr **leases, unsigned flags) override;

 private:
  std::shared_ptr<RemoteEvents> events_;
};

class RemoteStorage final : public RemoteStorageSlots {
 public:
  explicit RemoteStorage(const Shared &s) : RemoteStorageSlots(s.client), events_(s.events) {}

  Result<int> connectStoragePoolEventRegisterAny(virConnectPtr conn, virStoragePoolPtr pool,
                                                 int eventID,
                                                 virConnectStoragePoolEventGenericCallback cb,
                                                 void *opaque, virFreeCallback freecb) override;
  Result<int> connectStoragePoolEventDeregisterAny(virConnectPtr conn, int callbackID) override;
  // Streams (stream.cc): the stream is registered before the call.
  Result<int> storageVolUpload(virStorageVolPtr vol, virStreamPtr st, unsigned long long offset,
                               unsigned long long length, unsigned flags) override;
  Result<int> storageVolDownload(virStorageVolPtr vol, virStreamPtr st, unsigned long long offset,
                                 unsigned long long length, unsigned flags) override;

 private:
  std::shared_ptr<RemoteEvents> events_;
};

class RemoteNodeDevice final : public RemoteNodeDeviceSlots {
 public:
  explicit RemoteNodeDevice(const Shared &s) : RemoteNodeDeviceSlots(s.client), events_(s.events) {}

  Result<int> connectNodeDeviceEventRegisterAny(virConnectPtr conn, virNodeDevicePtr dev,
                                                int eventID,
                                                virConnectNodeDeviceEventGenericCallback cb,
                                                void *opaque, virFreeCallback freecb) override;
  Result<int> connectNodeDeviceEventDeregisterAny(virConnectPtr conn, int callbackID) override;
  Result<const char *> nodeDeviceGetParent(virNodeDevicePtr dev) override;

 private:
  std::shared_ptr<RemoteEvents> events_;
};

class RemoteSecret final : public RemoteSecretSlots {
 public:
  explicit RemoteSecret(const Shared &s) : RemoteSecretSlots(s.client), events_(s.events) {}

  Result<int> connectSecretEventRegisterAny(virConnectPtr conn, virSecretPtr secret, int eventID,
                                            virConnectSecretEventGenericCallback cb, void *opaque,
                                            virFreeCallback freecb) override;
  Result<int> connectSecretEventDeregisterAny(virConnectPtr conn, int callbackID) override;
  Result<unsigned char *> secretGetValue(virSecretPtr secret, size_t *size,
                                         unsigned flags) override;
  Result<int> secretSetValue(virSecretPtr secret, const unsigned char *value, size_t size,
                             unsigned flags) override;

 private:
  std::shared_ptr<RemoteEvents> events_;
};

// Interfaces and nwfilters need nothing beyond the generated forwarding.
class RemoteInterface final : public RemoteInterfaceSlots {
 public:
  explicit RemoteInterface(const Shared &s) : RemoteInterfaceSlots(s.client) {}
};

class RemoteNWFilter final : public RemoteNWFilterSlots {
 public:
  explicit RemoteNWFilter(const Shared &s) : RemoteNWFilterSlots(s.client) {}
};

}  // namespace virtkit::drivers::remote
