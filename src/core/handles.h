// SPDX-License-Identifier: LGPL-2.1-or-later
// The public handle objects (struct _virConnect, struct _virDomain, ...):
// reference counted like libvirt's, validated by a magic tag per kind, each
// keeping its parent (connection, network or domain) alive.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>

#include "public.h"
#include "driver/driver.h"
#include "error/dispatch.h"

namespace virtkit::handles {

constexpr uint32_t kDeadMagic = 0xdeaddead;

// Handle memory is type-stable: a freed handle's memory goes to a free list
// for its size, never back to malloc, with its magic left dead. A stale
// pointer an application passes after freeing is therefore always readable
// and fails validation with libvirt's "invalid ... pointer" error.
void *pool_alloc(size_t size);
void pool_free(void *p, size_t size) noexcept;

struct Header {
  explicit Header(uint32_t m) : magic(m) {}
  std::atomic<uint32_t> magic;
  std::atomic<int> refs{1};

  static void *operator new(size_t size) { return pool_alloc(size); }
  static void operator delete(void *p, size_t size) noexcept { pool_free(p, size); }
};

// A connection's close callback (virConnectRegisterCloseCallback; see
// api/close_callback.h). While armed it holds a reference to the
// connection, as libvirt's does.
struct CloseCallback {
  // One registration or unregistration at a time, held across the driver's
  // call; `mu` guards the fields and is never held across a call, since a
  // call that finds the connection dead fires the callback itself.
  std::mutex op_mu;
  std::mutex mu;
  virConnectCloseFunc cb = nullptr;  // left set once fired, as libvirt does
  void *opaque = nullptr;
  virFreeCallback freecb = nullptr;
  bool armed = false;
};

// What a driver attaches to a stream handle when an operation (screenshot,
// volume upload, console...) starts using it: libvirt's virStreamDriver.
// Send and receive return -2 (not an error) when a non-blocking stream
// would block.
class StreamDriver {
 public:
  virtual ~StreamDriver() = default;
  virtual Result<int> streamSend(virStreamPtr, const char *, size_t) { return unsupported(); }
  virtual Result<int> streamRecv(virStreamPtr, char *, size_t) { return unsupported(); }
  virtual Result<int> streamRecvFlags(virStreamPtr, char *, size_t, unsigned) {
    return unsupported();
  }
  virtual Result<int> streamSendHole(virStreamPtr, long long, unsigned) { return unsupported(); }
  virtual Result<int> streamRecvHole(virStreamPtr, long long *, unsigned) { return unsupported(); }
  virtual Result<int> streamEventAddCallback(virStreamPtr, int, virStreamEventCallback, void *,
                                             virFreeCallback) {
    return unsupported();
  }
  virtual Result<int> streamEventUpdateCallback(virStreamPtr, int) { return unsupported(); }
  virtual Result<int> streamEventRemoveCallback(virStreamPtr) { return unsupported(); }
  virtual Result<int> streamFinish(virStreamPtr) { return unsupported(); }
  virtual Result<int> streamAbort(virStreamPtr) { return unsupported(); }
  // The operation that attached this driver failed to start: let go now of
  // what it registered (the handle may keep this object a while longer).
  virtual void detach() {}
};

// Attaches to `st` (replacing any driver it had) a read-only stream over
// `len` bytes at `data` (which must outlive it), behaving as libvirt's fd
// stream on a regular file opened for reading (virFDStreamOpenFile with
// O_RDONLY), blocking or not as the stream's flags say. Defined in
// api/stream.cc.
void open_memory_stream(virStreamPtr st, const unsigned char *data, size_t len);

}  // namespace virtkit::handles

struct _virConnect : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4330;
  _virConnect() : Header(kMagic) {}
  unsigned flags = 0;  // VIR_CONNECT_RO
  std::string uri;     // as virConnectGetURI reports it (formatted once, at open)
  virtkit::ConnErrorState err;
  virtkit::driver::Tables drv;  // set once, by the open
  virtkit::handles::CloseCallback close_cb;
};

struct _virDomain : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4430;
  _virDomain() : Header(kMagic) {}
  virConnectPtr conn = nullptr;
  std::string name;
  unsigned char uuid[VIR_UUID_BUFLEN] = {};
  std::atomic<int> id{-1};  // as of the last call that told it (libvirt semantics)
  // The driver's object for this domain when the handle was made, kept alive
  // by the handle: lets the driver skip its lookup while the object lives.
  std::shared_ptr<void> driver_obj;
};

struct _virNetwork : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4e30;
  _virNetwork() : Header(kMagic) {}
  virConnectPtr conn = nullptr;
  std::string name;
  unsigned char uuid[VIR_UUID_BUFLEN] = {};
};

struct _virNetworkPort : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b5030;
  _virNetworkPort() : Header(kMagic) {}
  virNetworkPtr net = nullptr;
  unsigned char uuid[VIR_UUID_BUFLEN] = {};
};

struct _virInterface : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4930;
  _virInterface() : Header(kMagic) {}
  virConnectPtr conn = nullptr;
  std::string name;
  std::string mac;
};

struct _virStoragePool : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b5330;
  _virStoragePool() : Header(kMagic) {}
  virConnectPtr conn = nullptr;
  std::string name;
  unsigned char uuid[VIR_UUID_BUFLEN] = {};
};

struct _virStorageVol : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b5630;
  _virStorageVol() : Header(kMagic) {}
  virConnectPtr conn = nullptr;
  std::string pool;
  std::string name;
  std::string key;
};

struct _virNodeDevice : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4430 + 0x100;
  _virNodeDevice() : Header(kMagic) {}
  virConnectPtr conn = nullptr;
  std::string name;
  std::mutex lock;  // guards the parent name, learnt on first request
  std::string parent;
  bool has_parent = false;
};

struct _virSecret : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b5330 + 0x100;
  _virSecret() : Header(kMagic) {}
  virConnectPtr conn = nullptr;
  unsigned char uuid[VIR_UUID_BUFLEN] = {};
  int usage_type = 0;
  std::string usage_id;
};

struct _virStream : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b5330 + 0x200;
  _virStream() : Header(kMagic) {}
  virConnectPtr conn = nullptr;
  unsigned flags = 0;
  // Set once by the operation that starts using the stream.
  std::mutex lock;
  std::shared_ptr<virtkit::handles::StreamDriver> driver;

  std::shared_ptr<virtkit::handles::StreamDriver> get_driver() {
    std::lock_guard g(lock);
    return driver;
  }
};

struct _virDomainSnapshot : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b5330 + 0x300;
  _virDomainSnapshot() : Header(kMagic) {}
  virDomainPtr domain = nullptr;
  std::string name;
};

struct _virDomainCheckpoint : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4330 + 0x100;
  _virDomainCheckpoint() : Header(kMagic) {}
  virDomainPtr domain = nullptr;
  std::string name;
};

struct _virNWFilter : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4630;
  _virNWFilter() : Header(kMagic) {}
  virConnectPtr conn = nullptr;
  std::string name;
  unsigned char uuid[VIR_UUID_BUFLEN] = {};
};

struct _virNWFilterBinding : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4630 + 0x100;
  _virNWFilterBinding() : Header(kMagic) {}
  virConnectPtr conn = nullptr;
  std::string portdev;
  std::string filtername;
};

namespace virtkit::admin {
class Link;  // the daemon connection of an admin connection (admin/link.h)
}

// libvirt-admin's handles (libvirt-admin.h). They carry no error state of
// their own: libvirt-admin dispatches every error globally.
struct _virAdmConnect : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4130;
  _virAdmConnect() : Header(kMagic) {}
  std::string uri;  // as virAdmConnectGetURI reports it
  // The close callback (one at most); while registered it holds a
  // reference to the connection, and it is forgotten once it has fired.
  std::mutex cb_mu;
  virAdmConnectCloseFunc cb = nullptr;
  void *cb_opaque = nullptr;
  virFreeCallback cb_free = nullptr;
  // Last: destroyed first, so its close notices find the callback intact.
  std::shared_ptr<virtkit::admin::Link> link;
};

struct _virAdmServer : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4131;
  _virAdmServer() : Header(kMagic) {}
  virAdmConnectPtr conn = nullptr;
  std::string name;
};

struct _virAdmClient : virtkit::handles::Header {
  static constexpr uint32_t kMagic = 0x766b4132;
  _virAdmClient() : Header(kMagic) {}
  virAdmServerPtr srv = nullptr;
  unsigned long long id = 0;
  long long timestamp = 0;
  unsigned transport = 0;
};

namespace virtkit::handles {

// Handles without a parent: a connection, an admin connection.
template <class T>
constexpr bool kRoot = std::is_same_v<T, _virConnect> || std::is_same_v<T, _virAdmConnect>;

// The parent a handle keeps alive: its connection, network or domain.
template <class T>
auto parent(T *h) noexcept {
  if constexpr (kRoot<T>)
    return static_cast<void *>(nullptr);
  else if constexpr (std::is_same_v<T, _virAdmClient>)
    return h->srv;
  else if constexpr (std::is_same_v<T, _virNetworkPort>)
    return h->net;
  else if constexpr (std::is_same_v<T, _virDomainSnapshot> ||
                     std::is_same_v<T, _virDomainCheckpoint>)
    return h->domain;
  else
    return h->conn;
}

template <class T>
bool valid(T *h) noexcept {
  if (!h || h->magic.load(std::memory_order_relaxed) != T::kMagic) return false;
  if constexpr (kRoot<T>)
    return true;
  else
    return valid(parent(h));
}

template <class T>
virConnectPtr conn_of(T *h) noexcept {
  if constexpr (std::is_same_v<T, _virConnect>)
    return h;
  else
    return conn_of(parent(h));
}

template <class T>
void ref(T *h) noexcept {
  h->refs.fetch_add(1, std::memory_order_relaxed);
}

// A new reference unless the last one is already gone (the object is being
// destroyed by another thread and must not come back to life).
template <class T>
bool ref_if_live(T *h) noexcept {
  int n = h->refs.load(std::memory_order_relaxed);
  while (n > 0)
    if (h->refs.compare_exchange_weak(n, n + 1, std::memory_order_relaxed)) return true;
  return false;
}

// Drops a reference; true when it was the last and the object is gone.
template <class T>
bool unref(T *h) noexcept {
  if (h->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return false;
  h->magic.store(kDeadMagic, std::memory_order_relaxed);
  if constexpr (kRoot<T>) {
    delete h;
  } else {
    auto *p = parent(h);
    delete h;
    unref(p);
  }
  return true;
}

// Drops a reference when the scope ends, however it ends (a handle made
// for the length of one callback, say).
template <class T>
struct ScopedRef {
  explicit ScopedRef(T *handle) : h(handle) {}
  ScopedRef(const ScopedRef &) = delete;
  ScopedRef &operator=(const ScopedRef &) = delete;
  ~ScopedRef() { unref(h); }
  T *h;
};

// A new handle (one reference) whose parent it keeps alive; `init` fills
// the handle's own fields first (and may throw without leaking).
template <class T, class P, class F>
T *make(P *parent_handle, F &&init) {
  auto h = std::make_unique<T>();
  init(*h);
  if constexpr (std::is_same_v<T, _virAdmClient>)
    h->srv = parent_handle;
  else if constexpr (std::is_same_v<T, _virNetworkPort>)
    h->net = parent_handle;
  else if constexpr (std::is_same_v<T, _virDomainSnapshot> ||
                     std::is_same_v<T, _virDomainCheckpoint>)
    h->domain = parent_handle;
  else
    h->conn = parent_handle;
  ref(parent_handle);
  return h.release();
}

virDomainPtr new_domain(virConnectPtr conn, std::string_view name, const unsigned char *uuid,
                        int id, std::shared_ptr<void> driver_obj = nullptr);

// The driver table of kind Table serving the handle's connection.
template <class Table, class T>
Table &table(T *h) noexcept {
  return conn_of(h)->drv.template get<Table>();
}

template <class T>
driver::HypervisorTable &hv(T *h) noexcept {
  return *conn_of(h)->drv.hypervisor;
}

}  // namespace virtkit::handles
