// SPDX-License-Identifier: LGPL-2.1-or-later
// Stress: 8 threads for about two seconds on ONE shared test:///default
// connection, mixing lookups that fail and succeed, define/undefine and
// lifecycle changes on each thread's own domains, reads of the connection's
// last error, handler changes and extra connections. Each thread records
// what its successful calls imply; at the end every domain must be exactly
// in that state (nothing lost, nothing doubled). Run under TSan by ./dev.
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 8;
constexpr int kDomainsPerThread = 4;
constexpr auto kDuration = std::chrono::seconds(2);

enum class St { undefined, shutoff, running, paused };

void quiet(void *, virErrorPtr) {}

std::atomic<long> g_handler_a{0}, g_handler_b{0};
void handler_a(void *data, virErrorPtr err) {
  if (err && err->code != VIR_ERR_OK) static_cast<std::atomic<long> *>(data)->fetch_add(1);
}
void handler_b(void *data, virErrorPtr err) {
  if (err && err->message) static_cast<std::atomic<long> *>(data)->fetch_add(1);
}

std::string dom_name(int t, int k) {
  return "stress-" + std::to_string(t) + "-" + std::to_string(k);
}

// A fixed UUID per domain, so that redefining updates it.
std::string dom_xml(int t, int k) {
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "5354524e-0000-4000-8000-%06d%06d", t, k);
  return "<domain type='test'><name>" + dom_name(t, k) + "</name><uuid>" + uuid +
         "</uuid><memory>8192</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";
}

int expected_state(St s) {
  switch (s) {
    case St::shutoff:
      return VIR_DOMAIN_SHUTOFF;
    case St::running:
      return VIR_DOMAIN_RUNNING;
    case St::paused:
      return VIR_DOMAIN_PAUSED;
    default:
      return -1;
  }
}

struct Worker {
  int t = 0;
  virConnectPtr conn = nullptr;
  std::vector<St> expect = std::vector<St>(kDomainsPerThread, St::undefined);
  long ops = 0, successes = 0, failures = 0, mismatches = 0;
  std::string first_mismatch;

  void check(bool ok, const std::string &what) {
    if (ok) return;
    if (mismatches++ == 0) {
      const char *msg = virGetLastErrorMessage();
      first_mismatch = what + " (last error: " + (msg ? msg : "none") + ")";
    }
  }

  // A call that must fail: -1/NULL with the given error code set.
  void expect_failure(bool failed, int code, const std::string &what) {
    failures++;
    check(failed, what + ": succeeded");
    if (failed) check(virGetLastErrorCode() == code, what + ": wrong code");
  }
  void expect_success(bool ok, const std::string &what) {
    successes++;
    check(ok, what);
    if (ok) check(virGetLastError() == nullptr, what + ": error left set after success");
  }

  void run(std::chrono::steady_clock::time_point deadline) {
    std::mt19937 rng(1234 + t);
    const std::string missing = "stress-missing-" + std::to_string(t);
    while (std::chrono::steady_clock::now() < deadline) {
      ops++;
      int k = static_cast<int>(rng() % kDomainsPerThread);
      const std::string name = dom_name(t, k);
      St &st = expect[k];
      switch (rng() % 10) {
        case 0: {  // a lookup that fails
          virDomainPtr d = virDomainLookupByName(conn, missing.c_str());
          expect_failure(d == nullptr, VIR_ERR_NO_DOMAIN, "lookup " + missing);
          if (d) virDomainFree(d);
          break;
        }
        case 1: {  // a lookup that succeeds
          virDomainPtr d = virDomainLookupByName(conn, "test");
          expect_success(d != nullptr, "lookup test");
          if (d) virDomainFree(d);
          break;
        }
        case 2: {  // define (or redefine while inactive)
          if (st == St::running || st == St::paused) break;
          virDomainPtr d = virDomainDefineXML(conn, dom_xml(t, k).c_str());
          expect_success(d != nullptr, "define " + name);
          if (d) {
            st = St::shutoff;
            virDomainFree(d);
          }
          break;
        }
        case 3: {  // undefine an inactive domain, or fail to find an undefined one
          virDomainPtr d = virDomainLookupByName(conn, name.c_str());
          if (st == St::undefined) {
            expect_failure(d == nullptr, VIR_ERR_NO_DOMAIN, "lookup undefined " + name);
          } else {
            expect_success(d != nullptr, "lookup " + name);
            if (d && st == St::shutoff) {
              int r = virDomainUndefine(d);
              expect_success(r == 0, "undefine " + name);
              if (r == 0) st = St::undefined;
            }
          }
          if (d) virDomainFree(d);
          break;
        }
        case 4:
        case 5: {  // a lifecycle change that must succeed
          if (st == St::undefined) break;
          virDomainPtr d = virDomainLookupByName(conn, name.c_str());
          expect_success(d != nullptr, "lookup " + name);
          if (!d) break;
          bool coin = rng() & 1;
          int r;
          if (st == St::shutoff) {
            r = virDomainCreate(d);
            expect_success(r == 0, "create " + name);
            if (r == 0) st = St::running;
          } else if (st == St::running) {
            r = coin ? virDomainSuspend(d) : virDomainDestroy(d);
            expect_success(r == 0, (coin ? "suspend " : "destroy ") + name);
            if (r == 0) st = coin ? St::paused : St::shutoff;
          } else {
            r = coin ? virDomainResume(d) : virDomainDestroy(d);
            expect_success(r == 0, (coin ? "resume " : "destroy ") + name);
            if (r == 0) st = coin ? St::running : St::shutoff;
          }
          virDomainFree(d);
          break;
        }
        case 6: {  // a lifecycle change that must fail
          if (st == St::undefined) break;
          virDomainPtr d = virDomainLookupByName(conn, name.c_str());
          expect_success(d != nullptr, "lookup " + name);
          if (!d) break;
          if (st == St::shutoff)
            expect_failure(virDomainSuspend(d) < 0, VIR_ERR_INTERNAL_ERROR, "suspend inactive");
          else if (st == St::running)
            expect_failure(virDomainResume(d) < 0, VIR_ERR_INTERNAL_ERROR, "resume running");
          else
            expect_failure(virDomainCreate(d) < 0, VIR_ERR_INTERNAL_ERROR, "create paused");
          virDomainFree(d);
          break;
        }
        case 7: {  // the connection's last error, by pointer and by copy
          virErrorPtr e = virConnGetLastError(conn);
          // libvirt's connection error exists from the start, code 0 until a failure.
          if (e && e->code != VIR_ERR_OK)
            check(e->message && std::strlen(e->message) > 0, "conn error without message");
          virError copy;
          std::memset(&copy, 0, sizeof copy);
          int code = virConnCopyLastError(conn, &copy);
          check(code == copy.code, "copy code");
          if (code > 0) check(copy.message != nullptr, "copied error without message");
          virResetError(&copy);
          break;
        }
        case 8: {  // handler changes
          switch (rng() % 3) {
            case 0:
              virConnSetErrorFunc(conn, &g_handler_a, handler_a);
              break;
            case 1:
              virConnSetErrorFunc(conn, &g_handler_b, handler_b);
              break;
            default:
              virConnSetErrorFunc(conn, nullptr, nullptr);
              break;
          }
          break;
        }
        case 9: {  // an extra connection sees the same domains
          virConnectPtr c2 = virConnectOpen("test:///default");
          expect_success(c2 != nullptr, "open extra connection");
          if (!c2) break;
          virDomainPtr d = virDomainLookupByName(c2, name.c_str());
          if (st == St::undefined) {
            expect_failure(d == nullptr, VIR_ERR_NO_DOMAIN, "extra lookup undefined " + name);
          } else {
            expect_success(d != nullptr, "extra lookup " + name);
            int s = -1, reason = -1;
            if (d)
              check(virDomainGetState(d, &s, &reason, 0) == 0 && s == expected_state(st),
                    "extra connection state of " + name);
          }
          if (d) virDomainFree(d);
          check(virConnectClose(c2) == 0, "close extra connection");
          break;
        }
      }
    }
  }
};

TEST(Stress, SharedConnectionMixedCalls) {
  virSetErrorFunc(nullptr, quiet);
  virConnectPtr conn = virConnectOpen("test:///default");
  ASSERT_NE(conn, nullptr);

  std::vector<Worker> workers(kThreads);
  std::vector<std::thread> threads;
  auto deadline = std::chrono::steady_clock::now() + kDuration;
  for (int t = 0; t < kThreads; t++) {
    workers[t].t = t;
    workers[t].conn = conn;
    threads.emplace_back([&w = workers[t], deadline] { w.run(deadline); });
  }
  for (auto &th : threads) th.join();
  virConnSetErrorFunc(conn, nullptr, nullptr);

  long ops = 0, successes = 0, failures = 0;
  for (const Worker &w : workers) {
    EXPECT_EQ(w.mismatches, 0) << "thread " << w.t << ": " << w.first_mismatch;
    ops += w.ops;
    successes += w.successes;
    failures += w.failures;
  }
  std::printf(
      "stress: %ld operations, %ld checked successes, %ld checked failures, "
      "%ld + %ld handler calls\n",
      ops, successes, failures, g_handler_a.load(), g_handler_b.load());
  EXPECT_GT(successes, 0);
  EXPECT_GT(failures, 0);

  // Nothing doubled: the list holds each defined domain once.
  int want = 0;
  for (const Worker &w : workers)
    for (St st : w.expect) want += st != St::undefined;
  int listed = 0;
  virDomainPtr *doms = nullptr;
  int n = virConnectListAllDomains(conn, &doms, 0);
  ASSERT_GE(n, 0);
  for (int i = 0; i < n; i++) {
    if (std::strncmp(virDomainGetName(doms[i]), "stress-", 7) == 0) listed++;
    virDomainFree(doms[i]);
  }
  free(doms);
  EXPECT_EQ(listed, want) << "stress domains listed";
  // Every domain is exactly where the successful calls left it.
  int defined = 0;
  for (const Worker &w : workers) {
    for (int k = 0; k < kDomainsPerThread; k++) {
      std::string name = dom_name(w.t, k);
      virDomainPtr d = virDomainLookupByName(conn, name.c_str());
      if (w.expect[k] == St::undefined) {
        EXPECT_EQ(d, nullptr) << name << " should not exist";
        if (!d) {
          EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN);
        }
      } else {
        defined++;
        ASSERT_NE(d, nullptr) << name << " lost";
        int s = -1, reason = -1;
        EXPECT_EQ(virDomainGetState(d, &s, &reason, 0), 0);
        EXPECT_EQ(s, expected_state(w.expect[k])) << name;
        EXPECT_EQ(virDomainIsPersistent(d), 1) << name;
      }
      if (d) {
        // Leave the shared default state as it was found.
        if (virDomainIsActive(d) == 1) {
          EXPECT_EQ(virDomainDestroy(d), 0);
        }
        EXPECT_EQ(virDomainUndefine(d), 0);
        virDomainFree(d);
      }
    }
  }
  std::printf("stress: %d domains defined at the end, all in their expected state\n", defined);

  EXPECT_EQ(virConnectClose(conn), 0);
  virSetErrorFunc(nullptr, nullptr);
  virResetLastError();
}

}  // namespace
