// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/objects.h"

#include <cstdlib>
#include <cstring>

#include "drivers/remote/stream.h"

namespace virtkit::drivers::remote {

// ---- networks ----

Result<int> RemoteNetwork::connectNetworkEventRegisterAny(virConnectPtr conn, virNetworkPtr net,
                                                          int eventID,
                                                          virConnectNetworkEventGenericCallback cb,
                                                          void *opaque, virFreeCallback freecb) {
  return events_->network_register(conn, net, eventID, generic(cb), opaque, freecb);
}

Result<int> RemoteNetwork::connectNetworkEventDeregisterAny(virConnectPtr conn, int callbackID) {
  return events_->network_deregister(conn, callbackID);
}

Result<int> RemoteNetwork::networkGetDHCPLeases(virNetworkPtr net, const char *mac,
                                                virNetworkDHCPLeasePtr **leases, unsigned flags) {
  proto::network_get_dhcp_leases_args a;
  a.net = wire(net);
  if (mac) a.mac = std::string(mac);
  a.need_results = leases ? 1 : 0;
  a.flags = flags;
  auto r = client_->call<P::network_get_dhcp_leases>(a);
  VK_TRY(r);
  if (leases) {
    const size_t n = r->leases.size();
    virNetworkDHCPLeasePtr *arr = nullptr;
    if (n) {
      arr = static_cast<virNetworkDHCPLeasePtr *>(std::calloc(n + 1, sizeof *arr));
      if (!arr) return no_memory();
    }
    auto opt = [](const std::optional<std::string> &s) { return s ? dup(*s) : nullptr; };
    try {
      for (size_t i = 0; i < n; i++) {
        const auto &w = r->leases[i];
        arr[i] = static_cast<virNetworkDHCPLeasePtr>(std::calloc(1, sizeof(virNetworkDHCPLease)));
        if (!arr[i]) throw std::bad_alloc();
        arr[i]->iface = dup(w.iface);
        arr[i]->expirytime = w.expirytime;
        arr[i]->type = w.type;
        arr[i]->mac = opt(w.mac);
        arr[i]->iaid = opt(w.iaid);
        arr[i]->ipaddr = dup(w.ipaddr);
        arr[i]->prefix = w.prefix;
        arr[i]->hostname = opt(w.hostname);
        arr[i]->clientid = opt(w.clientid);
      }
    } catch (...) {
      for (size_t i = 0; i < n && arr[i]; i++) virNetworkDHCPLeaseFree(arr[i]);
      std::free(arr);
      throw;
    }
    *leases = arr;
  }
  return static_cast<int>(r->ret);
}

// ---- storage ----

Result<int> RemoteStorage::connectStoragePoolEventRegisterAny(
    virConnectPtr conn, virStoragePoolPtr pool, int eventID,
    virConnectStoragePoolEventGenericCallback cb, void *opaque, virFreeCallback freecb) {
  return events_->pool_register(conn, pool, eventID, generic(cb), opaque, freecb);
}

Result<int> RemoteStorage::connectStoragePoolEventDeregisterAny(virConnectPtr conn,
                                                                int callbackID) {
  return events_->pool_deregister(conn, callbackID);
}

Result<int> RemoteStorage::storageVolUpload(virStorageVolPtr vol, virStreamPtr st,
                                            unsigned long long offset, unsigned long long length,
                                            unsigned flags) {
  proto::storage_vol_upload_args a{wire(vol), offset, length, flags};
  VK_TRY(call_with_stream<P::storage_vol_upload>(client_, st,
                                                 flags & VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM, a));
  return 0;
}

Result<int> RemoteStorage::storageVolDownload(virStorageVolPtr vol, virStreamPtr st,
                                              unsigned long long offset, unsigned long long length,
                                              unsigned flags) {
  proto::storage_vol_download_args a{wire(vol), offset, length, flags};
  VK_TRY(call_with_stream<P::storage_vol_download>(
      client_, st, flags & VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM, a));
  return 0;
}

// ---- node devices ----

Result<int> RemoteNodeDevice::connectNodeDeviceEventRegisterAny(
    virConnectPtr conn, virNodeDevicePtr dev, int eventID,
    virConnectNodeDeviceEventGenericCallback cb, void *opaque, virFreeCallback freecb) {
  return events_->node_device_register(conn, dev, eventID, generic(cb), opaque, freecb);
}

Result<int> RemoteNodeDevice::connectNodeDeviceEventDeregisterAny(virConnectPtr conn,
                                                                  int callbackID) {
  return events_->node_device_deregister(conn, callbackID);
}

Result<const char *> RemoteNodeDevice::nodeDeviceGetParent(virNodeDevicePtr dev) {
  proto::node_device_get_parent_args a{dev->name};
  auto r = client_->call<P::node_device_get_parent>(a);
  VK_TRY(r);
  if (!r->parentName) return static_cast<const char *>(nullptr);
  return static_cast<const char *>(dup(*r->parentName));  // the entry point keeps it
}

// ---- secrets ----

Result<int> RemoteSecret::connectSecretEventRegisterAny(virConnectPtr conn, virSecretPtr secret,
                                                        int eventID,
                                                        virConnectSecretEventGenericCallback cb,
                                                        void *opaque, virFreeCallback freecb) {
  return events_->secret_register(conn, secret, eventID, generic(cb), opaque, freecb);
}

Result<int> RemoteSecret::connectSecretEventDeregisterAny(virConnectPtr conn, int callbackID) {
  return events_->secret_deregister(conn, callbackID);
}

Result<unsigned char *> RemoteSecret::secretGetValue(virSecretPtr secret, size_t *size,
                                                     unsigned flags) {
  proto::secret_get_value_args a{wire(secret), flags};
  auto r = client_->call<P::secret_get_value>(a);
  VK_TRY(r);
  auto *v = static_cast<unsigned char *>(std::malloc(r->value.size() ? r->value.size() : 1));
  if (!v) return no_memory();
  std::memcpy(v, r->value.data(), r->value.size());
  *size = r->value.size();
  return v;
}

Result<int> RemoteSecret::secretSetValue(virSecretPtr secret, const unsigned char *value,
                                         size_t size, unsigned flags) {
  if (size > 65536)
    return error(kFrom, VIR_ERR_RPC, "%s length greater than maximum: %d > %d", "value",
                 static_cast<int>(size), 65536);
  proto::secret_set_value_args a;
  a.secret = wire(secret);
  a.value.assign(reinterpret_cast<const char *>(value), size);
  a.flags = flags;
  VK_TRY(client_->call<P::secret_set_value>(a));
  return 0;
}

}  // namespace virtkit::drivers::remote
