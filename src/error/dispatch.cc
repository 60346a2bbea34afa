#include "error/dispatch.h"

#include <atomic>
#include <cstdio>
#include <cstring>

#include "error/catalogue.h"
#include "error/store.h"

namespace virtkit {
namespace {

// The global handler pair, read without a lock (a sequence lock): a writer
// makes `seq` odd, stores both fields, then makes it even; a reader retries
// when it saw an odd or changed `seq`. Acquire loads and an acquire-release
// first increment give the ordering without standalone fences.
struct GlobalHandler {
  std::atomic<unsigned> seq{0};
  std::atomic<virErrorFunc> handler{nullptr};
  std::atomic<void *> data{nullptr};
  std::mutex writer;
};
constinit GlobalHandler g_handler;

void read_global(virErrorFunc &handler, void *&data) noexcept {
  for (;;) {
    unsigned s1 = g_handler.seq.load(std::memory_order_acquire);
    handler = g_handler.handler.load(std::memory_order_acquire);
    data = g_handler.data.load(std::memory_order_acquire);
    if (!(s1 & 1) && g_handler.seq.load(std::memory_order_relaxed) == s1) return;
  }
}

}  // namespace

void ConnErrorState::publish(const ErrorRecord *rec, virErrorFunc &handler, void *&data) noexcept {
  rec->ref();
  const ErrorRecord *old;
  {
    std::lock_guard g(lock_);
    old = rec_;
    rec_ = rec;
    if (handler_) {
      handler = handler_;
      data = data_;
    }
  }
  if (old) old->unref();
}

const ErrorRecord *ConnErrorState::get() noexcept {
  std::lock_guard g(lock_);
  if (rec_) rec_->ref();
  return rec_;
}

void ConnErrorState::reset() noexcept {
  const ErrorRecord *old;
  {
    std::lock_guard g(lock_);
    old = rec_;
    rec_ = nullptr;
  }
  if (old) old->unref();
}

void ConnErrorState::set_handler(virErrorFunc handler, void *data) noexcept {
  std::lock_guard g(lock_);
  handler_ = handler;
  data_ = data;
}

void set_global_handler(void *data, virErrorFunc handler) noexcept {
  std::lock_guard g(g_handler.writer);
  g_handler.seq.fetch_add(1, std::memory_order_acq_rel);
  g_handler.handler.store(handler, std::memory_order_release);
  g_handler.data.store(data, std::memory_order_release);
  g_handler.seq.fetch_add(1, std::memory_order_release);
}

void dispatch(ConnErrorState *conn) noexcept {
  errstore::ensure_set();
  virErrorFunc handler;
  void *data;
  read_global(handler, data);
  if (conn) conn->publish(errstore::current(), handler, data);
  // A handler that calls back into the library and fails is not re-entered.
  if (errstore::t_hot.in_handler) return;
  errstore::t_hot.in_handler = true;
  virError *err = errstore::view();
  if (handler) handler(data, err);
  else default_handler(err);
  errstore::t_hot.in_handler = false;
}

void default_handler(const virError *err) noexcept {
  if (!err || err->code == VIR_ERR_OK) return;
  const char *lvl = "";
  if (err->level == VIR_ERR_WARNING) lvl = "warning";
  else if (err->level == VIR_ERR_ERROR) lvl = "error";
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
