// SPDX-License-Identifier: LGPL-2.1-or-later
// Connection close callbacks: the checks, the remote driver's semantics on
// drivers that keep a connection (one callback, "already registered", "a
// different callback", the free function, the connection reference), the
// silent success on the others, and firing.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "api/close_callback.h"
#include "api/guard.h"
#include "driver/registry.h"

using namespace virtkit;

namespace {

void quiet(void *, virErrorPtr) {}

// A backend with a persistent connection, and one without.
class Persistent : public driver::HypervisorTable {
 public:
  const char *name() const override { return "Persistent"; }
  bool keeps_close_callback() const override { return true; }
  Status close_callback_registering(virConnectPtr) override {
    registering++;
    if (refuse) return error(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "server said no");
    return Status();
  }
  Status close_callback_unregistering(virConnectPtr) override {
    unregistering++;
    return Status();
  }
  static inline std::atomic<int> registering{0}, unregistering{0};
  static inline bool refuse = false;
};

class Plain : public driver::HypervisorTable {
 public:
  const char *name() const override { return "Plain"; }
};

template <class H>
class Drv : public driver::Driver {
 public:
  explicit Drv(const char *scheme) : scheme_(scheme) {}
  const char *name() const override { return scheme_; }
  bool claims(const driver::Uri &uri) const override { return uri.scheme == scheme_; }
  Result<driver::Tables> open(const driver::Uri &, virConnectAuthPtr, unsigned) override {
    driver::Tables t;
    t.hypervisor = std::make_unique<H>();
    return t;
  }

 private:
  const char *scheme_;
};

struct Record {
  int calls = 0;
  int frees = 0;
  int reason = -1;
  virConnectPtr conn = nullptr;
  void *opaque = nullptr;
};
Record g_rec;

void on_close(virConnectPtr conn, int reason, void *opaque) {
  g_rec.calls++;
  g_rec.conn = conn;
  g_rec.reason = reason;
  g_rec.opaque = opaque;
}
void on_close_other(virConnectPtr, int, void *) {}
void on_free(void *opaque) {
  g_rec.frees++;
  g_rec.opaque = opaque;
}

void expect_error(int code, int domain, const char *message) {
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, code);
  EXPECT_EQ(e->domain, domain);
  EXPECT_STREQ(e->message, message);
}

class CloseCallback : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static Drv<Persistent> persistent("closecb-persistent");
    static Drv<Plain> plain("closecb-plain");
    driver::register_driver(persistent);
    driver::register_driver(plain);
  }
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    g_rec = Record();
    Persistent::refuse = false;
    conn_ = virConnectOpen("closecb-persistent:///");
    ASSERT_NE(conn_, nullptr);
  }
  void TearDown() override {
    if (conn_) virConnectClose(conn_);
    virSetErrorFunc(nullptr, nullptr);
  }

  virConnectPtr conn_ = nullptr;
};

TEST_F(CloseCallback, Checks) {
  EXPECT_EQ(virConnectRegisterCloseCallback(nullptr, on_close, nullptr, nullptr), -1);
  expect_error(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN,
               "invalid connection pointer in virConnectRegisterCloseCallback");
  EXPECT_EQ(virConnectUnregisterCloseCallback(nullptr, on_close), -1);
  expect_error(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN,
               "invalid connection pointer in virConnectUnregisterCloseCallback");
  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, nullptr, nullptr, nullptr), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "cb in virConnectRegisterCloseCallback must not be NULL");
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, nullptr), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "cb in virConnectUnregisterCloseCallback must not be NULL");
}

TEST_F(CloseCallback, OneCallbackAtATime) {
  int opaque;
  ASSERT_EQ(virConnectRegisterCloseCallback(conn_, on_close, &opaque, on_free), 0);
  EXPECT_EQ(virGetLastError(), nullptr);

  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, on_close_other, nullptr, nullptr), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_REMOTE,
               "Requested operation is not valid: A close callback is already registered");
  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, on_close, &opaque, on_free), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_OPERATION_INVALID);

  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close_other), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_REMOTE,
               "Requested operation is not valid: A different callback was requested");
  EXPECT_EQ(g_rec.frees, 0);

  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close), 0);
  EXPECT_EQ(g_rec.frees, 1);
  EXPECT_EQ(g_rec.opaque, &opaque);
  EXPECT_EQ(g_rec.calls, 0);

  // Gone: unregistering again is "a different callback".
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_OPERATION_INVALID);
  EXPECT_EQ(g_rec.frees, 1);

  // And another may be registered.
  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, on_close_other, nullptr, nullptr), 0);
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close_other), 0);
  EXPECT_EQ(g_rec.frees, 1);  // it had no free function
}

TEST_F(CloseCallback, DriverHooksAndTheirFailure) {
  int before_r = Persistent::registering, before_u = Persistent::unregistering;
  Persistent::refuse = true;
  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, on_close, nullptr, on_free), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_RPC);
  EXPECT_EQ(Persistent::registering, before_r + 1);
  Persistent::refuse = false;
  // Nothing was stored.
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close), -1);
  EXPECT_EQ(Persistent::unregistering, before_u);
  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, on_close, nullptr, on_free), 0);
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close), 0);
  EXPECT_EQ(Persistent::unregistering, before_u + 1);
  EXPECT_EQ(g_rec.frees, 1);
}

TEST_F(CloseCallback, RegistrationHoldsTheConnection) {
  ASSERT_EQ(virConnectRegisterCloseCallback(conn_, on_close, nullptr, on_free), 0);
  // As in libvirt, the close callback keeps the connection alive.
  EXPECT_EQ(virConnectClose(conn_), 1);
  // Unregistering drops that last reference.
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close), 0);
  EXPECT_EQ(g_rec.frees, 1);
  conn_ = nullptr;
}

TEST_F(CloseCallback, FiringCallsOnceThenFrees) {
  int opaque;
  ASSERT_EQ(virConnectRegisterCloseCallback(conn_, on_close, &opaque, on_free), 0);
  EXPECT_TRUE(api::fire_close_callbacks(conn_, VIR_CONNECT_CLOSE_REASON_EOF));
  EXPECT_EQ(g_rec.calls, 1);
  EXPECT_EQ(g_rec.conn, conn_);
  EXPECT_EQ(g_rec.reason, VIR_CONNECT_CLOSE_REASON_EOF);
  EXPECT_EQ(g_rec.frees, 1);
  EXPECT_EQ(g_rec.opaque, &opaque);

  EXPECT_FALSE(api::fire_close_callbacks(conn_, VIR_CONNECT_CLOSE_REASON_ERROR));
  EXPECT_EQ(g_rec.calls, 1);
  EXPECT_EQ(g_rec.frees, 1);

  // libvirt leaves the fired callback registered: another cannot be
  // registered until it is unregistered (which frees nothing more).
  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, on_close_other, nullptr, nullptr), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_OPERATION_INVALID);
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close), 0);
  EXPECT_EQ(g_rec.frees, 1);
  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, on_close_other, nullptr, nullptr), 0);
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close_other), 0);
  EXPECT_FALSE(api::fire_close_callbacks(conn_, VIR_CONNECT_CLOSE_REASON_EOF));
}

TEST_F(CloseCallback, FiringReleasesTheConnectionReference) {
  ASSERT_EQ(virConnectRegisterCloseCallback(conn_, on_close, nullptr, nullptr), 0);
  ASSERT_EQ(virConnectRef(conn_), 0);
  EXPECT_EQ(virConnectClose(conn_), 1);  // the open's; virConnectRef's and the callback's remain
  EXPECT_TRUE(api::fire_close_callbacks(conn_, VIR_CONNECT_CLOSE_REASON_KEEPALIVE));
  EXPECT_EQ(g_rec.calls, 1);
  EXPECT_EQ(virConnectClose(conn_), 0);  // the callback's went with the firing
  conn_ = nullptr;
}

struct Reentrant {
  int result = 1;
};

TEST_F(CloseCallback, CallbackMayUseTheApi) {
  static Reentrant r;
  r = Reentrant();
  ASSERT_EQ(virConnectRegisterCloseCallback(
                conn_,
                [](virConnectPtr conn, int, void *) {
                  r.result = virConnectUnregisterCloseCallback(conn, on_close_other);
                },
                nullptr, nullptr),
            0);
  EXPECT_TRUE(api::fire_close_callbacks(conn_, VIR_CONNECT_CLOSE_REASON_CLIENT));
  EXPECT_EQ(r.result, -1);  // no deadlock; "a different callback"
}

TEST_F(CloseCallback, OtherDriversSucceedDoingNothing) {
  virConnectPtr plain = virConnectOpen("closecb-plain:///");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(virConnectRegisterCloseCallback(plain, on_close, nullptr, on_free), 0);
  EXPECT_EQ(virConnectRegisterCloseCallback(plain, on_close_other, nullptr, on_free), 0);
  EXPECT_EQ(virConnectUnregisterCloseCallback(plain, on_close_other), 0);
  EXPECT_EQ(virConnectUnregisterCloseCallback(plain, on_close_other), 0);
  EXPECT_FALSE(api::fire_close_callbacks(plain, VIR_CONNECT_CLOSE_REASON_EOF));
  EXPECT_EQ(g_rec.calls, 0);
  EXPECT_EQ(g_rec.frees, 0);
  // The arguments are still checked.
  EXPECT_EQ(virConnectRegisterCloseCallback(plain, nullptr, nullptr, nullptr), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
  EXPECT_EQ(virConnectClose(plain), 0);
}

TEST(AuthDefault, ExportedDefaultAuth) {
  ASSERT_NE(virConnectAuthPtrDefault, nullptr);
  ASSERT_EQ(virConnectAuthPtrDefault->ncredtype, 6u);
  const int expected[] = {VIR_CRED_AUTHNAME,   VIR_CRED_ECHOPROMPT,   VIR_CRED_REALM,
                          VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL};
  for (int i = 0; i < 6; i++) EXPECT_EQ(virConnectAuthPtrDefault->credtype[i], expected[i]);
  EXPECT_NE(virConnectAuthPtrDefault->cb, nullptr);
  EXPECT_EQ(virConnectAuthPtrDefault->cbdata, nullptr);

  // Nothing asked: EXTERNAL for PolicyKit is accepted, anything else not.
  virConnectCredential ext{};
  ext.type = VIR_CRED_EXTERNAL;
  ext.challenge = "PolicyKit";
  EXPECT_EQ(virConnectAuthPtrDefault->cb(&ext, 1, nullptr), 0);
  EXPECT_EQ(ext.result, nullptr);
  ext.challenge = "other";
  EXPECT_EQ(virConnectAuthPtrDefault->cb(&ext, 1, nullptr), -1);
  virConnectCredential unknown{};
  unknown.type = 12345;
  EXPECT_EQ(virConnectAuthPtrDefault->cb(&unknown, 1, nullptr), -1);
  EXPECT_EQ(virConnectAuthPtrDefault->cb(nullptr, 0, nullptr), 0);
}

// The prompts, answered from stdin (in a new process without a controlling
// terminal, so that the passphrase is read from stdin too).
void answer_prompts() {
  const char *tmp = std::getenv("TMPDIR");
  std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/vk_auth_XXXXXX";
  if (!mkdtemp(dir.data())) std::exit(2);
  std::string in = dir + "/in", out = dir + "/out";
  FILE *f = std::fopen(in.c_str(), "w");
  std::fputs("alice\n\nsecret\n", f);
  std::fclose(f);
  if (setsid() < 0) std::exit(3);
  if (!std::freopen(in.c_str(), "r", stdin) || !std::freopen(out.c_str(), "w", stdout))
    std::exit(4);
  virConnectCredential cred[4]{};
  cred[0].type = VIR_CRED_AUTHNAME;
  cred[0].prompt = "Name";
  cred[1].type = VIR_CRED_ECHOPROMPT;
  cred[1].prompt = "Word";
  cred[1].defresult = "fallback";
  cred[2].type = VIR_CRED_PASSPHRASE;
  cred[2].prompt = "Pass";
  cred[3].type = VIR_CRED_REALM;  // end of input: the (empty) default
  cred[3].prompt = "Realm";
  if (virConnectAuthPtrDefault->cb(cred, 4, nullptr) != 0) std::exit(5);
  std::fflush(stdout);
  FILE *o = std::fopen(out.c_str(), "r");
  char shown[256] = {};
  size_t n = std::fread(shown, 1, sizeof shown - 1, o);
  std::fclose(o);
  shown[n] = 0;
  bool ok = std::strcmp(cred[0].result, "alice") == 0 && cred[0].resultlen == 5 &&
            std::strcmp(cred[1].result, "fallback") == 0 && cred[1].resultlen == 8 &&
            std::strcmp(cred[2].result, "secret") == 0 && std::strcmp(cred[3].result, "") == 0 &&
            cred[3].resultlen == 0 && std::strcmp(shown, "Name: Word: Pass: Realm: ") == 0;
  std::remove(in.c_str());
  std::remove(out.c_str());
  rmdir(dir.c_str());
  if (!ok)
    std::fprintf(stderr, "results: [%s] [%s] [%s] [%s] shown [%s]\n", cred[0].result,
                 cred[1].result, cred[2].result, cred[3].result, shown);
  std::exit(ok ? 0 : 1);
}

TEST(AuthDefault, PromptsAndReadsAnswers) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(answer_prompts(), ::testing::ExitedWithCode(0), "");
}

}  // namespace
