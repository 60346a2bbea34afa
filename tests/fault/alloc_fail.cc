// SPDX-License-Identifier: LGPL-2.1-or-later
// Allocation-failure injection. This program replaces malloc/calloc/realloc
// (and operator new) so that the Nth allocation after arming fails once,
// then runs one scenario through the public API for N = 1, 2, ... until a
// run completes without reaching N. For every N:
//  - each call succeeds, or fails with its ordinary error, or (when the
//    injected failure happened inside it) fails with VIR_ERR_NO_MEMORY;
//  - nothing crashes;
//  - the state afterwards is what the successful calls imply (a failed
//    define left no domain, a failed start left it shut off, ...);
//  - no memory is leaked: the number of live allocations after the run
//    equals the number after a first, uninjected run (and, under ASan,
//    LeakSanitizer checks at exit as well).
// Allocations made by libxml2 are not failed unless --libxml2 is given:
// libxml2 2.9.14 (Debian 12) is not safe when its own allocations fail (a
// double free inside xmlXPathEval, for one). virtkit still notes such
// failures (xml::throw_if_oom) for the libxml2 versions that survive them.
//   alloc_fail [--libxml2] [FIRST_N [LAST_N]]
#include <dlfcn.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

// ---- the failing allocator ----

#if defined(__SANITIZE_ADDRESS__)
#define REAL(fn) __interceptor_##fn
#else
#define REAL(fn) __libc_##fn
#endif

extern "C" {
void *REAL(malloc)(size_t);
void *REAL(calloc)(size_t, size_t);
void *REAL(realloc)(void *, size_t);
void REAL(free)(void *);
#if defined(__SANITIZE_ADDRESS__)
int __interceptor_posix_memalign(void **, size_t, size_t);
#else
void *__libc_memalign(size_t, size_t);
#endif
}

// Under ASan these run before its shadow memory exists: not instrumented.
#define NOSAN __attribute__((no_sanitize("address", "undefined")))

namespace {
std::atomic<long> g_countdown{-1};  // allocations left before the failure; <0: disarmed
std::atomic<bool> g_fired{false};
std::atomic<long> g_live{0};   // live blocks (allocations minus frees)
std::atomic<long> g_count{0};  // allocations while armed

NOSAN bool should_fail() {
  long c = g_countdown.load(std::memory_order_relaxed);
  if (c < 0) return false;
  g_count.fetch_add(1, std::memory_order_relaxed);
  if (g_countdown.fetch_sub(1, std::memory_order_relaxed) == 0) {
    g_countdown.store(-1, std::memory_order_relaxed);  // one-shot
    g_fired.store(true, std::memory_order_relaxed);
    return true;
  }
  return false;
}
}  // namespace

extern "C" {
NOSAN void *malloc(size_t n) {
  if (should_fail()) return nullptr;
  void *p = REAL(malloc)(n);
  if (p) g_live.fetch_add(1, std::memory_order_relaxed);
  return p;
}
NOSAN void *calloc(size_t n, size_t m) {
  if (should_fail()) return nullptr;
  void *p = REAL(calloc)(n, m);
  if (p) g_live.fetch_add(1, std::memory_order_relaxed);
  return p;
}
NOSAN void *realloc(void *old, size_t n) {
  if (n == 0 || should_fail()) {
    if (n == 0 && old) {
      g_live.fetch_sub(1, std::memory_order_relaxed);
      REAL(free)(old);
    }
    return nullptr;
  }
  void *p = REAL(realloc)(old, n);
  if (p && !old) g_live.fetch_add(1, std::memory_order_relaxed);
  return p;
}
NOSAN int posix_memalign(void **out, size_t align, size_t n) {
  if (should_fail()) return ENOMEM;
#if defined(__SANITIZE_ADDRESS__)
  int rc = __interceptor_posix_memalign(out, align, n);
#else
  *out = __libc_memalign(align, n);
  int rc = *out ? 0 : ENOMEM;
#endif
  if (rc == 0) g_live.fetch_add(1, std::memory_order_relaxed);
  return rc;
}
NOSAN void *aligned_alloc(size_t align, size_t n) {
  void *p = nullptr;
  return posix_memalign(&p, align, n) == 0 ? p : nullptr;
}
NOSAN void *memalign(size_t align, size_t n) {
  return aligned_alloc(align, n);
}
// ASan supplies its own strdup, which would bypass the functions above.
NOSAN char *strdup(const char *s) {
  size_t n = std::strlen(s) + 1;
  auto *p = static_cast<char *>(malloc(n));
  if (p) std::memcpy(p, s, n);
  return p;
}
NOSAN char *strndup(const char *s, size_t max) {
  size_t n = strnlen(s, max);
  auto *p = static_cast<char *>(malloc(n + 1));
  if (p) {
    std::memcpy(p, s, n);
    p[n] = 0;
  }
  return p;
}
NOSAN void free(void *p) {
  if (!p) return;
  g_live.fetch_sub(1, std::memory_order_relaxed);
  REAL(free)(p);
}
}

// libxml2's own allocations bypass the injection (see main()).
namespace {
NOSAN void *plain_malloc(size_t n) {
  void *p = REAL(malloc)(n);
  if (p) g_live.fetch_add(1, std::memory_order_relaxed);
  return p;
}
NOSAN void *plain_realloc(void *old, size_t n) {
  void *p = REAL(realloc)(old, n);
  if (p && !old) g_live.fetch_add(1, std::memory_order_relaxed);
  return p;
}
NOSAN char *plain_strdup(const char *s) {
  size_t n = std::strlen(s) + 1;
  auto *p = static_cast<char *>(plain_malloc(n));
  if (p) std::memcpy(p, s, n);
  return p;
}
}  // namespace

void *operator new(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  return p;
}
void *operator new[](size_t n) {
  return operator new(n);
}
void *operator new(size_t n, const std::nothrow_t &) noexcept {
  return malloc(n ? n : 1);
}
void *operator new[](size_t n, const std::nothrow_t &) noexcept {
  return malloc(n ? n : 1);
}
void operator delete(void *p) noexcept {
  free(p);
}
void operator delete[](void *p) noexcept {
  free(p);
}
void operator delete(void *p, size_t) noexcept {
  free(p);
}
void operator delete[](void *p, size_t) noexcept {
  free(p);
}

// ---- the scenario ----

namespace {

const char *const kDomainXml =
    "<domain type='test'><name>fault</name><memory>8192</memory>"
    "<os><type>hvm</type></os>"
    "<devices><disk type='file' device='disk'><source file='/tmp/fault.img'/>"
    "<target dev='vda' bus='virtio'/></disk>"
    "<interface type='network'><source network='default'/></interface></devices></domain>";

int g_failures = 0;

void fail(long n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::fprintf(stderr, "N=%ld: ", n);
  std::vfprintf(stderr, fmt, ap);
  std::fprintf(stderr, "\n");
  va_end(ap);
  g_failures++;
}

void quiet(void *, virErrorPtr) {}

struct Model {
  bool defined = false;
  int state = VIR_DOMAIN_SHUTOFF;
};

// Runs one call; true when it succeeded. A failure must carry the expected
// code, or VIR_ERR_NO_MEMORY if the injected failure happened during it.
template <typename F>
bool step(long n, const char *what, bool &stop, int expected_code, F call) {
  if (stop) return false;
  bool fired_before = g_fired.load();
  bool ok = call();
  bool fired_now = !fired_before && g_fired.load();
  if (fired_now && std::getenv("ALLOC_FAIL_VERBOSE"))
    std::fprintf(stderr, "N=%ld: injected in %s: %s\n", n, what,
                 ok ? "succeeded" : virGetLastErrorMessage());
  if (!ok) {
    int code = virGetLastErrorCode();
    if (fired_now) {
      if (code != VIR_ERR_NO_MEMORY)
        fail(n, "%s: failed with code %d (%s), not VIR_ERR_NO_MEMORY", what, code,
             virGetLastErrorMessage());
      stop = true;  // the scenario ends at the injected failure
    } else if (code != expected_code) {
      fail(n, "%s: failed with code %d (%s)", what, code, virGetLastErrorMessage());
      stop = true;
    }
  } else if (fired_now) {
    stop = true;  // recovered from the failure: fine, but end here
  }
  if (!ok && expected_code == VIR_ERR_OK && !fired_now) stop = true;
  return ok;
}

// Checks with injection disarmed that the domain is as the model says, then
// removes it.
// A connection held for the whole program, so that the default host's state
// outlives each run's own connection.
virConnectPtr g_keeper = nullptr;

void verify_and_clean(long n, const Model &m) {
  g_countdown.store(-1);
  virConnectPtr c = g_keeper;
  virDomainPtr d = virDomainLookupByName(c, "fault");
  if (!m.defined && m.state == VIR_DOMAIN_SHUTOFF) {
    if (d) fail(n, "a domain exists that no successful call defined");
  } else if (!d) {
    fail(n, "the domain vanished: %s", virGetLastErrorMessage());
  } else {
    int state = -1, reason = 0;
    if (virDomainGetState(d, &state, &reason, 0) < 0 || state != m.state)
      fail(n, "domain state %d, expected %d", state, m.state);
  }
  if (d) {
    if (virDomainIsActive(d) == 1) virDomainDestroy(d);
    if (virDomainIsPersistent(d) == 1) virDomainUndefine(d);
    virDomainFree(d);
  }
  virConnResetLastError(c);
}

// One run; returns whether the countdown was reached.
bool run(long n) {
  Model m;
  bool stop = false;
  virConnectPtr conn = nullptr;
  virDomainPtr dom = nullptr;
  g_fired.store(false);
  g_count.store(0);
  virResetLastError();
  g_countdown.store(n - 1);

  step(n, "virConnectOpen", stop, VIR_ERR_OK, [&] {
    conn = virConnectOpen("test:///default");
    return conn != nullptr;
  });
  step(n, "virDomainDefineXML", stop, VIR_ERR_OK, [&] {
    dom = virDomainDefineXML(conn, kDomainXml);
    if (dom) m.defined = true;
    return dom != nullptr;
  });
  step(n, "virDomainLookupByName(nosuch)", stop, VIR_ERR_NO_DOMAIN,
       [&] { return virDomainLookupByName(conn, "nosuch") != nullptr; });
  step(n, "virCopyLastError", stop, VIR_ERR_OK, [&] {
    virError e;
    std::memset(&e, 0, sizeof e);
    virDomainLookupByUUIDString(conn, "00000000-0000-0000-0000-000000000000");
    int rc = virCopyLastError(&e);
    bool ok = rc == VIR_ERR_NO_DOMAIN || rc == VIR_ERR_NO_MEMORY;
    bool good = rc == VIR_ERR_NO_DOMAIN && e.message;
    virResetError(&e);
    if (!ok) fail(n, "virCopyLastError returned %d", rc);
    if (!good) virResetLastError();
    return true;
  });
  step(n, "virSaveLastError", stop, VIR_ERR_OK, [&] {
    virDomainLookupByName(conn, "nosuch");
    virErrorPtr e = virSaveLastError();
    virFreeError(e);
    return true;
  });
  step(n, "virConnGetLastError", stop, VIR_ERR_OK, [&] {
    virConnGetLastError(conn);
    virError e;
    std::memset(&e, 0, sizeof e);
    virConnCopyLastError(conn, &e);
    virResetError(&e);
    return true;
  });
  virDomainPtr again = nullptr;
  step(n, "virDomainLookupByName", stop, VIR_ERR_OK, [&] {
    again = virDomainLookupByName(conn, "fault");
    return again != nullptr;
  });
  if (again) virDomainFree(again);
  step(n, "virDomainCreate", stop, VIR_ERR_OK, [&] {
    bool ok = virDomainCreate(dom) == 0;
    if (ok) m.state = VIR_DOMAIN_RUNNING;
    return ok;
  });
  step(n, "virDomainGetXMLDesc", stop, VIR_ERR_OK, [&] {
    char *xml = virDomainGetXMLDesc(dom, 0);
    std::free(xml);
    return xml != nullptr;
  });
  step(n, "virDomainSuspend", stop, VIR_ERR_OK, [&] {
    bool ok = virDomainSuspend(dom) == 0;
    if (ok) m.state = VIR_DOMAIN_PAUSED;
    return ok;
  });
  step(n, "virDomainSuspend(again)", stop, VIR_ERR_INTERNAL_ERROR,
       [&] { return virDomainSuspend(dom) == 0; });
  step(n, "virDomainResume", stop, VIR_ERR_OK, [&] {
    bool ok = virDomainResume(dom) == 0;
    if (ok) m.state = VIR_DOMAIN_RUNNING;
    return ok;
  });
  step(n, "virConnectListAllDomains", stop, VIR_ERR_OK, [&] {
    virDomainPtr *list = nullptr;
    int k = virConnectListAllDomains(conn, &list, 0);
    for (int i = 0; i < k; i++) virDomainFree(list[i]);
    std::free(list);
    return k >= 0;
  });
  step(n, "virDomainDestroy", stop, VIR_ERR_OK, [&] {
    bool ok = virDomainDestroy(dom) == 0;
    if (ok) m.state = VIR_DOMAIN_SHUTOFF;
    return ok;
  });
  step(n, "virDomainUndefine", stop, VIR_ERR_OK, [&] {
    bool ok = virDomainUndefine(dom) == 0;
    if (ok) m.defined = false;
    return ok;
  });
  bool reached = g_countdown.load() < 0;
  g_countdown.store(-1);
  if (dom) virDomainFree(dom);
  if (conn) virConnectClose(conn);
  verify_and_clean(n, m);
  virResetLastError();
  xmlResetLastError();  // libxml2 keeps the thread's last error
  return reached;
}

}  // namespace

int main(int argc, char **argv) {
  bool with_libxml2 = argc > 1 && std::strcmp(argv[1], "--libxml2") == 0;
  if (with_libxml2) argc--, argv++;
  long first = argc > 1 ? std::atol(argv[1]) : 1;
  long last = argc > 2 ? std::atol(argv[2]) : -1;
  // Before the library's first use: it chains its allocator wrapper to these.
  if (!with_libxml2) xmlGcMemSetup(free, plain_malloc, plain_malloc, plain_realloc, plain_strdup);
  virSetErrorFunc(nullptr, quiet);
  g_keeper = virConnectOpen("test:///default");
  if (!g_keeper) return 2;
  // Two uninjected runs: the second shows the steady state (caches made).
  run(1L << 40);
  run(1L << 40);
  long baseline = g_live.load();
  long total = g_count.load();
  long n = first;
  for (; last < 0 || n <= last; n++) {
    bool reached = run(n);
    long live = g_live.load();
    if (live != baseline) {
      fail(n, "%ld live allocations after the run, %ld before", live, baseline);
      baseline = live;
    }
    if (!reached) break;
  }
  virConnectClose(g_keeper);
  std::printf(
      "%ld allocations in an uninjected run; failure injected at N = %ld..%ld; %d problems\n",
      total, first, n - 1, g_failures);
  return g_failures ? 1 : 0;
}
