// SPDX-License-Identifier: LGPL-2.1-or-later
#include "error/dispatch.h"

#include <atomic>
#include <cstdio>
#include <cstring>

#include "core/unwind.h"
#include "error/catalogue.h"
#include "error/store.h"

namespace virtkit {
namespace {

constinit SeqPair<virErrorFunc, void *> g_handler;

}  // namespace

void ConnErrorState::publish(const ErrorRecord *rec, virErrorFunc &handler, void *&data) noexcept {
  virErrorFunc h;
  void *d;
  handler_.load(h, d);
  if (h) {
    handler = h;
    data = d;
  }
  // Already the connection's error (the same immutable record): nothing to
  // write. Records are compared by identity, so this is exact.
  if (rec_.load(std::memory_order_acquire) == rec) return;
  rec->ref();
  const ErrorRecord *old;
  {
    std::lock_guard g(lock_);
    old = rec_.exchange(rec, std::memory_order_acq_rel);
  }
  if (old) old->unref();
}

const ErrorRecord *ConnErrorState::get() noexcept {
  std::lock_guard g(lock_);  // no writer can drop the record while we take our reference
  const ErrorRecord *r = rec_.load(std::memory_order_acquire);
  if (r) r->ref();
  return r;
}

void ConnErrorState::reset() noexcept {
  const ErrorRecord *old;
  {
    std::lock_guard g(lock_);
    old = rec_.exchange(nullptr, std::memory_order_acq_rel);
  }
  if (old) old->unref();
}

void ConnErrorState::set_handler(virErrorFunc handler, void *data) noexcept {
  handler_.store(handler, data);
}

void set_global_handler(void *data, virErrorFunc handler) noexcept {
  g_handler.store(handler, data);
}

void dispatch(ConnErrorState *conn) {
  errstore::ensure_set();
  virErrorFunc handler;
  void *data;
  g_handler.load(handler, data);
  if (conn) conn->publish(errstore::current(), handler, data);
  // A handler that calls back into the library and fails is not re-entered.
  if (errstore::t_hot.in_handler) return;
  errstore::t_hot.in_handler = true;
  ScopeExit leave([] { errstore::t_hot.in_handler = false; });
  virError *err = errstore::view();
  if (handler)
    handler(data, err);
  else
    default_handler(err);
}

void default_handler(const virError *err) {
  if (!err || err->code == VIR_ERR_OK) return;
  const char *lvl = "";
  if (err->level == VIR_ERR_WARNING)
    lvl = "warning";
  else if (err->level == VIR_ERR_ERROR)
    lvl = "error";
  const char *dom = error_domain_name(err->domain);
  if (!dom) dom = "Unknown";
  // libvirt prints err->dom / err->net names here; they are never set.
  const char *msg = err->message ? err->message : "";
  size_t len = std::strlen(msg);
  if (err->domain == VIR_FROM_XML && err->code == VIR_ERR_XML_DETAIL && err->int1 != 0)
    std::fprintf(stderr, "libvirt: %s %s : line %d: %s", dom, lvl, err->int1, msg);
  else if (len == 0 || msg[len - 1] != '\n')
    std::fprintf(stderr, "libvirt: %s %s : %s\n", dom, lvl, msg);
  else
    std::fprintf(stderr, "libvirt: %s %s : %s", dom, lvl, msg);
}

}  // namespace virtkit
