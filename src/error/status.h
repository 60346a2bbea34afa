// SPDX-License-Identifier: LGPL-2.1-or-later
// Internal error values. Code below the C boundary returns Status or Result<T>;
// only the entry guard turns a failed Status into the thread's last error.
#pragma once

#include <libvirt/virterror.h>

#include <atomic>
#include <cassert>
#include <cstdarg>
#include <optional>
#include <string_view>
#include <utility>

namespace virtkit {

// An immutable error, shared by reference count between the thread slot,
// connections and snapshots. Strings live in the same allocation.
struct ErrorRecord {
  std::atomic<unsigned> refs;
  bool immortal;  // static records are never freed
  int code;
  int domain;
  int level;
  int int1;
  int int2;
  const char *message;
  const char *str1;
  const char *str2;
  const char *str3;
  unsigned lens[4];  // strlen + 1 of message, str1..3 (0 when NULL)

  void ref() const noexcept {
    if (!immortal) const_cast<ErrorRecord *>(this)->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void unref() const noexcept;

  // Allocates a record; returns the static out-of-memory record on failure.
  static ErrorRecord *make(int domain, int code, int level, const char *message, const char *str1,
                           const char *str2, const char *str3, int int1, int int2) noexcept;
  // Turns a fresh record into one that is never freed (for caches).
  ErrorRecord *make_immortal() noexcept {
    immortal = true;
    return this;
  }
};

// The marker a driver returns for an operation it does not implement; the
// guard replaces it with VIR_ERR_NO_SUPPORT naming the public function.
const ErrorRecord *unsupported_record() noexcept;
// libvirt's generic "An error occurred, but the cause is unknown", for a
// failure nobody described.
const ErrorRecord *generic_record() noexcept;

class [[nodiscard]] Status {
 public:
  Status() noexcept = default;
  explicit Status(const ErrorRecord *rec) noexcept : rep_(rec) {}  // adopts one reference
  Status(const Status &o) noexcept : rep_(o.rep_) {
    if (rep_) rep_->ref();
  }
  Status(Status &&o) noexcept : rep_(std::exchange(o.rep_, nullptr)) {}
  Status &operator=(Status o) noexcept {
    std::swap(rep_, o.rep_);
    return *this;
  }
  ~Status() {
    if (rep_) rep_->unref();
  }

  // No conversion to bool: LLVM's Error converts to true on failure, and a
  // reader cannot tell which convention `if (s)` follows. Ask ok().
  bool ok() const noexcept { return rep_ == nullptr; }
  const ErrorRecord *record() const noexcept { return rep_; }
  const ErrorRecord *release() noexcept { return std::exchange(rep_, nullptr); }
  int code() const noexcept { return rep_ ? rep_->code : VIR_ERR_OK; }
  bool unsupported() const noexcept { return rep_ == unsupported_record(); }

 private:
  const ErrorRecord *rep_ = nullptr;
};

inline Status unsupported() noexcept {
  return Status(unsupported_record());
}
inline Status generic_failure() noexcept {
  return Status(generic_record());
}

// A cache slot for an error that is always the same: `make` runs once (per
// winner of a race) and the record lives for the rest of the process.
template <class Make>
Status cached_error(std::atomic<const ErrorRecord *> &slot, Make &&make) noexcept {
  const ErrorRecord *rec = slot.load(std::memory_order_acquire);
  if (rec) [[likely]]
    return Status(rec);
  Status fresh = make();
  auto *mine = const_cast<ErrorRecord *>(fresh.release());
  if (mine->immortal) return Status(mine);  // out of memory: not cached
  mine->make_immortal();
  const ErrorRecord *expected = nullptr;
  if (slot.compare_exchange_strong(expected, mine, std::memory_order_acq_rel)) return Status(mine);
  mine->immortal = false;
  mine->unref();
  return Status(expected);
}

// A value or an error; never an OK status without a value (as abseil's
// StatusOr and LLVM's Expected). Debug builds assert both promises: that a
// Result is not made from an OK Status, and that the value of a failed one
// is not read. A release build turns an OK Status into the generic error
// rather than hold neither a value nor an error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T v) : value_(std::move(v)) {}  // NOLINT: implicit by design
  Result(Status s) noexcept              // NOLINT
      : status_(s.ok() ? ok_given() : std::move(s)) {}
  bool ok() const noexcept { return status_.ok(); }
  T &value() & { return checked(); }
  T &&value() && { return std::move(checked()); }
  T &operator*() & { return checked(); }
  T *operator->() { return &checked(); }
  const Status &status() const &noexcept { return status_; }
  Status &&status() &&noexcept { return std::move(status_); }

 private:
  static Status ok_given() noexcept {
    assert(!"Result<T> made from an OK Status: return a value or an error");
    return generic_failure();
  }
  T &checked() noexcept {
    assert(value_.has_value() && "value of a failed Result<T>: check ok() first");
    return *value_;
  }

  std::optional<T> value_;
  Status status_;
};

// Propagates a failed Status (or the status of a failed Result).
#define VK_TRY(expr)                                                                    \
  do {                                                                                  \
    if (auto vk_try_s_ = ::virtkit::as_status(expr); !vk_try_s_.ok()) return vk_try_s_; \
  } while (0)

inline Status as_status(Status s) noexcept {
  return s;
}
template <class T>
Status as_status(const Result<T> &r) noexcept {
  return r.status();
}

// ---- Raising errors, with libvirt's conventions for each report kind ----

// Like libvirt's virReportError(code, fmt, ...): the catalogue template for
// `code` becomes str1, the formatted detail str2 (NULL when fmt is NULL).
Status error(int from, int code, const char *fmt = nullptr, ...) noexcept
    __attribute__((format(printf, 3, 4)));
// A system error: "<detail>: <strerror(errnum)>", int1 = errnum.
Status system_error(int from, int errnum, const char *fmt, ...) noexcept
    __attribute__((format(printf, 3, 4)));
Status no_memory() noexcept;

// Argument checks of the public API (libvirt's virReportInvalid*Arg).
Status invalid_nonnull_arg(int from, const char *func, const char *arg) noexcept;
Status invalid_null_arg(int from, const char *func, const char *arg) noexcept;
Status invalid_nonnegative_arg(int from, const char *func, const char *arg) noexcept;
Status invalid_positive_arg(int from, const char *func, const char *arg) noexcept;
Status invalid_nonzero_arg(int from, const char *func, const char *arg) noexcept;
Status invalid_empty_string_arg(int from, const char *func, const char *arg) noexcept;
Status invalid_arg(int from, const char *func, const char *arg, const char *fmt, ...) noexcept
    __attribute__((format(printf, 4, 5)));
// virCheckFlags: `func` is the driver function libvirt names in the message.
Status check_flags(int from, const char *func, unsigned long flags,
                   unsigned long supported) noexcept;

}  // namespace virtkit
