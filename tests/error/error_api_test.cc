// SPDX-License-Identifier: LGPL-2.1-or-later
// The public error API: per-thread errors, deep copies, connection errors,
// handler routing, the default handler and thread-exit cleanup.
#include <gtest/gtest.h>
#include <malloc.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

namespace {

void quiet(void *, virErrorPtr) {}

class ErrorApi : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen("test:///default");
    ASSERT_NE(conn_, nullptr);
  }
  void TearDown() override {
    virConnectClose(conn_);
    virSetErrorFunc(nullptr, nullptr);
    virResetLastError();
  }
  void fail_lookup() { EXPECT_EQ(virDomainLookupByName(conn_, "nosuch"), nullptr); }
  virConnectPtr conn_ = nullptr;
};

TEST_F(ErrorApi, FreshThreadHasNoError) {
  fail_lookup();
  std::thread([] {
    EXPECT_EQ(virGetLastError(), nullptr);
    EXPECT_STREQ(virGetLastErrorMessage(), "no error");
    EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_OK);
    EXPECT_EQ(virGetLastErrorDomain(), VIR_FROM_NONE);
  }).join();
  ASSERT_NE(virGetLastError(), nullptr);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_NO_DOMAIN);
}

TEST_F(ErrorApi, LastErrorFields) {
  fail_lookup();
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, VIR_ERR_NO_DOMAIN);
  EXPECT_EQ(e->domain, VIR_FROM_TEST);
  EXPECT_EQ(e->level, VIR_ERR_ERROR);
  EXPECT_STREQ(e->message, "Domain not found");
  EXPECT_STREQ(e->str1, "Domain not found");
  EXPECT_EQ(e->str2, nullptr);
  EXPECT_EQ(e->int1, -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN);
  EXPECT_EQ(virGetLastErrorDomain(), VIR_FROM_TEST);
  EXPECT_STREQ(virGetLastErrorMessage(), "Domain not found");
}

TEST_F(ErrorApi, SuccessfulCallResetsThreadErrorButNotConnectionError) {
  fail_lookup();
  EXPECT_NE(virConnectGetType(conn_), nullptr);
  EXPECT_EQ(virGetLastError(), nullptr);
  virError e;
  EXPECT_EQ(virConnCopyLastError(conn_, &e), VIR_ERR_NO_DOMAIN);
  virResetError(&e);
}

TEST_F(ErrorApi, ResetLastErrorAndResetErrorOnTheSlot) {
  fail_lookup();
  virResetLastError();
  EXPECT_EQ(virGetLastError(), nullptr);
  fail_lookup();
  virResetError(virGetLastError());  // legal in libvirt: empties the thread error
  EXPECT_EQ(virGetLastError(), nullptr);
  virFreeError(virGetLastError());  // NULL: no-op
}

TEST_F(ErrorApi, CopyLastErrorIsDeep) {
  fail_lookup();
  virError copy;
  std::memset(&copy, 0x5a, sizeof copy);  // callers need not initialise it
  EXPECT_EQ(virCopyLastError(&copy), VIR_ERR_NO_DOMAIN);
  virResetLastError();
  EXPECT_STREQ(copy.message, "Domain not found");
  EXPECT_STREQ(copy.str1, "Domain not found");
  EXPECT_NE(copy.message, copy.str1);  // separately owned strings
  virResetError(&copy);
  EXPECT_EQ(copy.code, 0);
  EXPECT_EQ(copy.message, nullptr);
  EXPECT_EQ(virCopyLastError(nullptr), -1);
}

TEST_F(ErrorApi, CopyWithoutErrorGivesEmpty) {
  virError copy;
  EXPECT_EQ(virCopyLastError(&copy), 0);
  EXPECT_EQ(copy.code, 0);
  EXPECT_EQ(copy.message, nullptr);
}

TEST_F(ErrorApi, SaveLastErrorIsDeepAndPreservesErrno) {
  fail_lookup();
  errno = EPERM;
  virErrorPtr saved = virSaveLastError();
  EXPECT_EQ(errno, EPERM);
  virResetLastError();
  ASSERT_NE(saved, nullptr);
  EXPECT_EQ(saved->code, VIR_ERR_NO_DOMAIN);
  EXPECT_STREQ(saved->message, "Domain not found");
  virFreeError(saved);
  virErrorPtr none = virSaveLastError();
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->code, 0);
  virFreeError(none);
}

TEST_F(ErrorApi, ConnectionErrorAPI) {
  EXPECT_EQ(virConnGetLastError(nullptr), nullptr);
  virErrorPtr c = virConnGetLastError(conn_);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->code, VIR_ERR_OK);
  fail_lookup();
  c = virConnGetLastError(conn_);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->code, VIR_ERR_NO_DOMAIN);
  EXPECT_STREQ(c->message, "Domain not found");
  virConnResetLastError(conn_);
  virError e;
  EXPECT_EQ(virConnCopyLastError(conn_, &e), 0);
  EXPECT_EQ(virConnCopyLastError(nullptr, &e), -1);
  EXPECT_EQ(virConnCopyLastError(conn_, nullptr), -1);  // libvirt crashes here
}

TEST_F(ErrorApi, ConnGetLastErrorSnapshotIsStable) {
  fail_lookup();
  virErrorPtr snap = virConnGetLastError(conn_);
  ASSERT_NE(snap, nullptr);
  const char *msg = snap->message;
  // Another thread fails differently on the same connection and resets it.
  std::thread([this] {
    EXPECT_EQ(virDomainLookupByID(conn_, -1), nullptr);
    virConnResetLastError(conn_);
  }).join();
  EXPECT_EQ(snap->code, VIR_ERR_NO_DOMAIN);
  EXPECT_EQ(snap->message, msg);
  EXPECT_STREQ(snap->message, "Domain not found");
  // The next call refreshes it.
  EXPECT_EQ(virConnGetLastError(conn_)->code, VIR_ERR_OK);
}

TEST_F(ErrorApi, GenericErrorForSilentFailure) {
  unsigned long ver = 0;
  EXPECT_EQ(virGetVersion(&ver, nullptr, nullptr), 0);
  EXPECT_EQ(ver, 9000000UL);
  EXPECT_EQ(virGetVersion(nullptr, nullptr, nullptr), -1);
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, VIR_ERR_INTERNAL_ERROR);
  EXPECT_EQ(e->domain, VIR_FROM_NONE);
  EXPECT_STREQ(e->message, "An error occurred, but the cause is unknown");
  EXPECT_EQ(e->str1, nullptr);
  EXPECT_EQ(e->int1, 0);
}

struct Counter {
  int calls = 0;
  int last_code = 0;
  std::string last_message;
};
void count(void *ud, virErrorPtr e) {
  auto *c = static_cast<Counter *>(ud);
  c->calls++;
  c->last_code = e->code;
  c->last_message = e->message ? e->message : "";
}

TEST_F(ErrorApi, HandlerRouting) {
  Counter global, conn;
  virSetErrorFunc(&global, count);
  fail_lookup();
  EXPECT_EQ(global.calls, 1);
  EXPECT_EQ(global.last_code, VIR_ERR_NO_DOMAIN);
  virConnSetErrorFunc(conn_, &conn, count);
  fail_lookup();
  EXPECT_EQ(global.calls, 1);
  EXPECT_EQ(conn.calls, 1);
  // Errors without a connection go to the global handler.
  EXPECT_EQ(virDomainGetName(nullptr), nullptr);
  EXPECT_EQ(global.calls, 2);
  EXPECT_EQ(global.last_message, "invalid domain pointer in virDomainGetName");
  virConnSetErrorFunc(conn_, nullptr, nullptr);
  fail_lookup();
  EXPECT_EQ(global.calls, 3);
}

TEST_F(ErrorApi, DefaultHandlerFormat) {
  virSetErrorFunc(nullptr, nullptr);
  testing::internal::CaptureStderr();
  fail_lookup();
  EXPECT_EQ(virDomainDefineXML(conn_, "<domain type='test'><memory>1024</memory></domain>"),
            nullptr);
  std::string out = testing::internal::GetCapturedStderr();
  EXPECT_EQ(out,
            "libvirt: Test Driver error : Domain not found\n"
            "libvirt: Domain Config error : missing name information\n");
  testing::internal::CaptureStderr();
  virDefaultErrorFunc(nullptr);
  virError ok{};
  virDefaultErrorFunc(&ok);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

// A handler that calls back into the library, failing again, is not re-entered.
std::atomic<int> g_reentrant_calls;
void reentrant(void *ud, virErrorPtr) {
  g_reentrant_calls++;
  virDomainLookupByName(static_cast<virConnectPtr>(ud), "nosuch-either");
}

TEST_F(ErrorApi, HandlerMayCallTheLibrary) {
  g_reentrant_calls = 0;
  virSetErrorFunc(conn_, reentrant);
  fail_lookup();
  EXPECT_EQ(g_reentrant_calls, 1);
  // The nested failure's error is what the thread sees afterwards.
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN);
}

TEST_F(ErrorApi, ThreadsSeeOnlyTheirOwnErrors) {
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; t++) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; i++) {
        int want;
        if (t % 2) {
          virDomainLookupByName(conn_, "nosuch");
          want = VIR_ERR_NO_DOMAIN;
        } else {
          virDomainLookupByID(conn_, -1);
          want = VIR_ERR_INVALID_ARG;
        }
        virErrorPtr e = virGetLastError();
        if (!e || e->code != want) mismatches++;
        virErrorPtr c = virConnGetLastError(conn_);
        if (!c || (c->code == VIR_ERR_NO_DOMAIN) != (std::strncmp(c->message, "Domain", 6) == 0))
          mismatches++;
      }
    });
  }
  for (auto &th : threads) th.join();
  EXPECT_EQ(mismatches, 0);
}

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
// Threads that fail and exit leave nothing behind (LeakSanitizer checks the
// same in sanitizer builds).
TEST_F(ErrorApi, ThreadExitFreesTheError) {
  mallopt(M_ARENA_MAX, 1);  // keep every thread's allocations visible to mallinfo2
  auto run_batch = [this] {
    for (int i = 0; i < 200; i++) {
      std::thread([this] {
        fail_lookup();
        virConnGetLastError(conn_);
      }).join();
    }
  };
  run_batch();  // warm up caches
  size_t before = mallinfo2().uordblks;
  run_batch();
  run_batch();
  size_t after = mallinfo2().uordblks;
  EXPECT_LT(after, before + 4096) << "per-thread errors leaked at thread exit";
}
#endif

}  // namespace
