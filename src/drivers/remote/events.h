// SPDX-License-Identifier: LGPL-2.1-or-later
// Events over RPC: the callbacks an application registers on a remote
// connection, the daemon-side registrations they share, and the daemon's
// event messages turned into calls of those callbacks.
//
// As libvirt's client does with a daemon that filters events itself
// (REMOTE_EVENT_CALLBACK): callbacks on the same event of the same object
// (or of every object) share one daemon-side registration, made when the
// first registers and dropped when the last goes; each event message names
// the registration it is for, and only its callbacks receive it. Delivery
// goes through the connection's EventState: callbacks run from the
// application's event loop, never inside the API call nor on the thread
// that read the message.
//
// The daemon's REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED (its driver's
// connection closed) goes to the close handler given at construction.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "drivers/remote/client.h"
#include "event/object_events.h"
#include "public.h"
#include "private_api.h"  // libvirt-qemu.h's types

namespace virtkit::drivers::remote {

class RemoteEvents {
 public:
  using GenericFn = event::EventState::GenericFn;

  // `closed(reason)`: the daemon reported its connection closed; it may run
  // on any thread reading the socket, with a caller's locks held.
  RemoteEvents(std::shared_ptr<virtkit::remote::Client> client, std::function<void(int)> closed);
  RemoteEvents(const RemoteEvents &) = delete;
  RemoteEvents &operator=(const RemoteEvents &) = delete;

  // Registrations answer the new callback's id; deregistrations may drop
  // the connection's last reference (and with it this object) on return.
  Result<int> domain_register(virConnectPtr conn, virDomainPtr dom, int event_id, GenericFn cb,
                              void *opaque, virFreeCallback freecb, bool legacy);
  Result<int> domain_deregister(virConnectPtr conn, int callback_id);
  Result<int> domain_deregister_legacy(virConnectPtr conn, GenericFn cb);
  Result<int> network_register(virConnectPtr conn, virNetworkPtr net, int event_id, GenericFn cb,
                               void *opaque, virFreeCallback freecb);
  Result<int> network_deregister(virConnectPtr conn, int callback_id);
  Result<int> pool_register(virConnectPtr conn, virStoragePoolPtr pool, int event_id, GenericFn cb,
                            void *opaque, virFreeCallback freecb);
  Result<int> pool_deregister(virConnectPtr conn, int callback_id);
  Result<int> node_device_register(virConnectPtr conn, virNodeDevicePtr dev, int event_id,
                                   GenericFn cb, void *opaque, virFreeCallback freecb);
  Result<int> node_device_deregister(virConnectPtr conn, int callback_id);
  Result<int> secret_register(virConnectPtr conn, virSecretPtr secret, int event_id, GenericFn cb,
                              void *opaque, virFreeCallback freecb);
  Result<int> secret_deregister(virConnectPtr conn, int callback_id);

  // libvirt-qemu's monitor events: a callback with an event name has its
  // own daemon-side registration (the daemon filters on the name); those
  // without share one, as libvirt counts them (EventState::add_monitor).
  Result<int> qemu_monitor_register(virConnectPtr conn, virDomainPtr dom, const char *event,
                                    virConnectDomainQemuMonitorEventCallback cb, void *opaque,
                                    virFreeCallback freecb, unsigned flags);
  Result<int> qemu_monitor_deregister(virConnectPtr conn, int callback_id);

  // The server-side half of virConnect{Register,Unregister}CloseCallback:
  // the daemon is told when it supports it.
  Status close_callback_registering();
  Status close_callback_unregistering();

  // One asynchronous message of the remote program: queued for delivery
  // (or, for the connection-closed notice, handed to `closed`). Messages
  // that do not decode are dropped, as libvirt's client does.
  void on_message(int proc, const std::string &body);
  // One asynchronous message of the QEMU program (monitor events).
  void on_qemu_message(int proc, const std::string &body);

 private:
  template <int Reg, class Fill>
  Result<int> add(virConnectPtr conn, event::EventClass klass, int event_id, const char *key,
                  GenericFn cb, void *opaque, virFreeCallback freecb, bool legacy, Fill fill);
  template <int Dereg>
  Result<int> remove(virConnectPtr conn, int callback_id, const GenericFn *legacy_cb);
  Result<bool> server_supports(int feature, int &cache);

  std::shared_ptr<virtkit::remote::Client> client_;
  std::shared_ptr<event::EventState> events_;
  std::function<void(int)> closed_;
  std::mutex mu_;             // serializes registrations with their daemon calls
  int close_supported_ = -1;  // the daemon's REMOTE_CLOSE_CALLBACK feature, once asked
  int callbacks_ = 0;         // the application's callbacks (under mu_)
};

}  // namespace virtkit::drivers::remote
