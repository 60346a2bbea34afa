// SPDX-License-Identifier: LGPL-2.1-or-later
#include "error/status.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "error/catalogue.h"

namespace virtkit {
namespace {

constexpr unsigned clen(const char *s) {
  unsigned n = 0;
  while (s[n]) n++;
  return n + 1;
}
constexpr ErrorRecord make_static(int code, const char *msg) {
  return ErrorRecord{{1}, true, code, VIR_FROM_NONE, VIR_ERR_ERROR, -1,
                     -1,  msg,  msg,  nullptr,       nullptr,       {clen(msg), clen(msg), 0, 0}};
}
constinit ErrorRecord g_oom = make_static(VIR_ERR_NO_MEMORY, "out of memory");
constexpr const char kGeneric[] = "An error occurred, but the cause is unknown";
constinit ErrorRecord g_generic{{1},
                                true,
                                VIR_ERR_INTERNAL_ERROR,
                                VIR_FROM_NONE,
                                VIR_ERR_ERROR,
                                0,
                                0,
                                kGeneric,
                                nullptr,
                                nullptr,
                                nullptr,
                                {sizeof kGeneric, 0, 0, 0}};
constinit ErrorRecord g_unsupported =
    make_static(VIR_ERR_NO_SUPPORT, "this function is not supported by the connection driver");

size_t len0(const char *s) {
  return s ? std::strlen(s) + 1 : 0;
}

// Formats into a std::string; on allocation failure returns false.
bool vformat(std::string &out, const char *fmt, va_list ap) noexcept {
  try {
    char buf[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = std::vsnprintf(buf, sizeof buf, fmt, ap2);
    va_end(ap2);
    if (n < 0) return false;
    if (static_cast<size_t>(n) < sizeof buf) {
      out.assign(buf, static_cast<size_t>(n));
    } else {
      out.resize(static_cast<size_t>(n));
      std::vsnprintf(out.data(), out.size() + 1, fmt, ap);
    }
    return true;
  } catch (const std::exception &) {  // bad_alloc, length_error
    return false;
  }
}

// A message being built: on the stack unless it is long, so that making an
// error costs one allocation (the record's).
class Text {
 public:
  Text() = default;
  Text(const Text &) = delete;
  Text &operator=(const Text &) = delete;
  const char *c_str() const noexcept { return heap_.empty() ? stack_ : heap_.c_str(); }

  bool vformat(const char *fmt, va_list ap) noexcept {
    va_list ap2;
    va_copy(ap2, ap);
    int n = std::vsnprintf(stack_, sizeof stack_, fmt, ap2);
    va_end(ap2);
    if (n < 0) return false;
    if (static_cast<size_t>(n) < sizeof stack_) return true;
    return virtkit::vformat(heap_, fmt, ap);
  }

  // Substitutes `detail` for the single "%s" of a catalogue template.
  bool fill(const char *tmpl, const char *detail) noexcept {
    std::string_view t(tmpl);
    size_t at = detail ? t.find("%s") : std::string_view::npos;
    std::string_view head = at == std::string_view::npos ? t : t.substr(0, at);
    std::string_view mid = at == std::string_view::npos ? std::string_view() : detail;
    std::string_view tail = at == std::string_view::npos ? std::string_view() : t.substr(at + 2);
    size_t n = head.size() + mid.size() + tail.size();
    char *out = stack_;
    if (n >= sizeof stack_) {
      try {
        heap_.resize(n);
      } catch (const std::exception &) {  // bad_alloc, length_error
        return false;
      }
      out = heap_.data();
    }
    // (An empty view's data() may be null, which memcpy must not get.)
    if (!head.empty()) std::memcpy(out, head.data(), head.size());
    if (!mid.empty()) std::memcpy(out + head.size(), mid.data(), mid.size());
    if (!tail.empty()) std::memcpy(out + head.size() + mid.size(), tail.data(), tail.size());
    out[n] = 0;
    return true;
  }

 private:
  char stack_[320];
  std::string heap_;
};

// libvirt's virReportErrorHelper: str1 = template, str2 = detail.
Status report_slow(int from, int code, const char *detail) noexcept {
  const char *tmpl = error_template(code, detail != nullptr);
  Text msg;
  if (tmpl && !msg.fill(tmpl, detail)) return no_memory();
  return Status(ErrorRecord::make(from, code, VIR_ERR_ERROR, tmpl ? msg.c_str() : nullptr, tmpl,
                                  detail, nullptr, -1, -1));
}

// Errors without detail are fixed by (domain, code): cached, never freed.
constexpr int kDomains = VIR_FROM_CH + 1;
constexpr int kCodes = VIR_ERR_MULTIPLE_DOMAINS + 1;
constinit std::atomic<const ErrorRecord *> g_fixed[kDomains][kCodes] = {};

Status report(int from, int code, const char *detail) noexcept {
  if (detail || from < 0 || from >= kDomains || code < 0 || code >= kCodes)
    return report_slow(from, code, detail);
  return cached_error(g_fixed[from][code], [&] { return report_slow(from, code, nullptr); });
}

Status arg_error(int from, const char *func, const char *arg, const char *fmt) noexcept {
  std::string msg;
  try {
    std::string_view t(fmt);
    size_t a = t.find("%s");
    size_t b = t.find("%s", a + 2);
    msg.append(t.substr(0, a))
        .append(arg)
        .append(t.substr(a + 2, b - a - 2))
        .append(func)
        .append(t.substr(b + 2));
  } catch (const std::exception &) {  // bad_alloc, length_error
    return no_memory();
  }
  return Status(ErrorRecord::make(from, VIR_ERR_INVALID_ARG, VIR_ERR_ERROR, msg.c_str(), func, arg,
                                  nullptr, 0, 0));
}

}  // namespace

void ErrorRecord::unref() const noexcept {
  if (immortal) return;
  if (const_cast<ErrorRecord *>(this)->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    this->~ErrorRecord();
    std::free(const_cast<ErrorRecord *>(this));
  }
}

ErrorRecord *ErrorRecord::make(int domain, int code, int level, const char *message,
                               const char *str1, const char *str2, const char *str3, int int1,
                               int int2) noexcept {
  if (!message) message = "No error message provided";
  size_t lens[4] = {len0(message), len0(str1), len0(str2), len0(str3)};
  size_t total = sizeof(ErrorRecord) + lens[0] + lens[1] + lens[2] + lens[3];
  void *mem = std::malloc(total);
  if (!mem) return &g_oom;
  auto *rec = new (mem) ErrorRecord{{1},  false,   code,    domain,  level,   int1,
                                    int2, nullptr, nullptr, nullptr, nullptr, {}};
  char *p = reinterpret_cast<char *>(rec + 1);
  const char *src[4] = {message, str1, str2, str3};
  const char **dst[4] = {&rec->message, &rec->str1, &rec->str2, &rec->str3};
  for (int i = 0; i < 4; i++) {
    if (!src[i]) continue;
    std::memcpy(p, src[i], lens[i]);
    *dst[i] = p;
    rec->lens[i] = static_cast<unsigned>(lens[i]);
    p += lens[i];
  }
  return rec;
}

const ErrorRecord *unsupported_record() noexcept {
  return &g_unsupported;
}
const ErrorRecord *generic_record() noexcept {
  return &g_generic;
}

Status no_memory() noexcept {
  return Status(&g_oom);
}

Status error(int from, int code, const char *fmt, ...) noexcept {
  if (!fmt) return report(from, code, nullptr);
  va_list ap;
  va_start(ap, fmt);
  Text detail;
  bool ok = detail.vformat(fmt, ap);
  va_end(ap);
  if (!ok) return no_memory();
  return report(from, code, detail.c_str());
}

Status system_error(int from, int errnum, const char *fmt, ...) noexcept {
  std::string detail;
  va_list ap;
  va_start(ap, fmt);
  bool ok = vformat(detail, fmt, ap);
  va_end(ap);
  if (!ok) return no_memory();
  char buf[256];
  const char *reason = strerror_r(errnum, buf, sizeof buf);
  Text msg;
  const char *tmpl = error_template(VIR_ERR_SYSTEM_ERROR, true);
  try {
    detail.append(": ").append(reason);
  } catch (const std::exception &) {  // bad_alloc, length_error
    return no_memory();
  }
  if (!msg.fill(tmpl, detail.c_str())) return no_memory();
  return Status(ErrorRecord::make(from, VIR_ERR_SYSTEM_ERROR, VIR_ERR_ERROR, msg.c_str(), tmpl,
                                  detail.c_str(), nullptr, errnum, -1));
}

Status invalid_nonnull_arg(int from, const char *func, const char *arg) noexcept {
  return arg_error(from, func, arg, "%s in %s must not be NULL");
}
Status invalid_null_arg(int from, const char *func, const char *arg) noexcept {
  return arg_error(from, func, arg, "%s in %s must be NULL");
}
Status invalid_nonnegative_arg(int from, const char *func, const char *arg) noexcept {
  return arg_error(from, func, arg, "%s in %s must be zero or greater");
}
Status invalid_positive_arg(int from, const char *func, const char *arg) noexcept {
  return arg_error(from, func, arg, "%s in %s must be greater than zero");
}
Status invalid_nonzero_arg(int from, const char *func, const char *arg) noexcept {
  return arg_error(from, func, arg, "%s in %s must not be zero");
}
Status invalid_empty_string_arg(int from, const char *func, const char *arg) noexcept {
  return arg_error(from, func, arg, "string %s in %s must not be empty");
}

Status invalid_arg(int from, const char *func, const char *arg, const char *fmt, ...) noexcept {
  std::string msg;
  va_list ap;
  va_start(ap, fmt);
  bool ok = vformat(msg, fmt, ap);
  va_end(ap);
  if (!ok) return no_memory();
  return Status(ErrorRecord::make(from, VIR_ERR_INVALID_ARG, VIR_ERR_ERROR, msg.c_str(), func, arg,
                                  nullptr, 0, 0));
}

Status check_flags(int from, const char *func, unsigned long flags,
                   unsigned long supported) noexcept {
  if (flags != static_cast<unsigned int>(flags))
    return invalid_arg(from, func, "flags", "unsupported use of long flags in function %s", func);
  if (unsigned long bad = flags & ~supported)
    return invalid_arg(from, func, "flags", "unsupported flags (0x%lx) in function %s", bad, func);
  return Status();
}

}  // namespace virtkit
