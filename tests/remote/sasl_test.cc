// SPDX-License-Identifier: LGPL-2.1-or-later
// The remote client's SASL negotiation (drivers/remote/sasl.h) against an
// in-process cyrus-sasl server playing the daemon's part (a sasldb made by
// saslpasswd2, DIGEST-MD5 as libvirt's daemon offers it), and the security
// layer it negotiates, both ways over a socketpair.
#include <gtest/gtest.h>
#include <poll.h>
#include <sasl/sasl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/remote/client.h"
#include "drivers/remote/sasl.h"

namespace {

using virtkit::Status;
using virtkit::remote::Client;
using virtkit::remote::Layer;
using virtkit::remote::SaslParams;
using virtkit::remote::SaslSession;
namespace proto = virtkit::remote::proto;

std::string g_dir;  // holds the sasldb

int server_option(void *, const char *, const char *option, const char **result, unsigned *len) {
  static std::string db;
  if (std::strcmp(option, "mech_list") == 0) {
    *result = "digest-md5";
  } else if (std::strcmp(option, "sasldb_path") == 0) {
    db = g_dir + "/passwd.db";
    *result = db.c_str();
  } else {
    return SASL_FAIL;
  }
  if (len) *len = static_cast<unsigned>(std::strlen(*result));
  return SASL_OK;
}

// The daemon's side: libvirt's virNetSASLSessionNewServer and its calls.
class FakeDaemon {
 public:
  ~FakeDaemon() {
    if (conn_) sasl_dispose(&conn_);
  }
  Status call(int proc, const std::string &args, std::string *reply) {
    auto fail = [] {
      return virtkit::error(VIR_FROM_REMOTE, VIR_ERR_AUTH_FAILED, "%s", "authentication failed");
    };
    calls.push_back(proc);
    reply->clear();
    if (proc == proto::remote_proc::auth_sasl_init) {
      if (sasl_server_new("libvirt", nullptr, nullptr, "127.0.0.1;1", "127.0.0.1;2", nullptr,
                          SASL_SUCCESS_DATA, &conn_) != SASL_OK)
        return fail();
      sasl_security_properties_t p{};
      p.min_ssf = min_ssf;
      p.max_ssf = 100000;
      p.maxbufsize = 65536;
      p.security_flags = SASL_SEC_NOANONYMOUS;
      sasl_setprop(conn_, SASL_SEC_PROPS, &p);
      const char *list = nullptr;
      sasl_listmech(conn_, nullptr, "", ",", "", &list, nullptr, nullptr);
      proto::auth_sasl_init_ret r;
      r.mechlist = list;
      return Client::encode(r, reply);
    }
    const char *out = nullptr;
    unsigned outlen = 0;
    int err;
    if (proc == proto::remote_proc::auth_sasl_start) {
      auto a = Client::decode<proto::auth_sasl_start_args>(args);
      if (!a.ok()) return a.status();
      std::string in(a->data.begin(), a->data.end());
      err = sasl_server_start(conn_, a->mech.c_str(), a->nil ? nullptr : in.data(),
                              static_cast<unsigned>(in.size()), &out, &outlen);
    } else {
      auto a = Client::decode<proto::auth_sasl_step_args>(args);
      if (!a.ok()) return a.status();
      std::string in(a->data.begin(), a->data.end());
      err = sasl_server_step(conn_, a->nil ? nullptr : in.data(), static_cast<unsigned>(in.size()),
                             &out, &outlen);
    }
    if (err != SASL_OK && err != SASL_CONTINUE) return fail();
    proto::auth_sasl_step_ret r;
    r.complete = err == SASL_OK;
    r.nil = out ? 0 : 1;
    for (unsigned i = 0; i < outlen; i++) r.data.push_back(static_cast<signed char>(out[i]));
    return Client::encode(r, reply);
  }
  // Gives up the negotiated connection.
  sasl_conn_t *take() { return std::exchange(conn_, nullptr); }

  unsigned min_ssf = 0;
  std::vector<int> calls;

 private:
  sasl_conn_t *conn_ = nullptr;
};

// What the application's callback was asked, and its answers.
struct Asked {
  std::vector<std::pair<int, std::string>> creds;  // type, prompt
  std::string user = "fred", password = "s3cret";
  int rc = 0;
  int calls = 0;
};

int answer(virConnectCredentialPtr cred, unsigned n, void *opaque) {
  auto *a = static_cast<Asked *>(opaque);
  a->calls++;
  for (unsigned i = 0; i < n; i++) {
    a->creds.emplace_back(cred[i].type, cred[i].prompt ? cred[i].prompt : "");
    const std::string *v = cred[i].type == VIR_CRED_AUTHNAME     ? &a->user
                           : cred[i].type == VIR_CRED_PASSPHRASE ? &a->password
                                                                 : nullptr;
    if (v) {
      cred[i].result = strdup(v->c_str());
      cred[i].resultlen = static_cast<unsigned>(v->size());
    } else if (cred[i].defresult) {
      cred[i].result = strdup(cred[i].defresult);
      cred[i].resultlen = static_cast<unsigned>(std::strlen(cred[i].defresult));
    }
  }
  return a->rc;
}

int kCredTypes[] = {VIR_CRED_AUTHNAME,   VIR_CRED_ECHOPROMPT,   VIR_CRED_REALM,
                    VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL};

class Sasl : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/virtkit-sasl-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    g_dir = tmpl;
    std::string cmd =
        "printf s3cret | saslpasswd2 -p -a libvirt -f " + g_dir + "/passwd.db -c fred";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    static sasl_callback_t cbs[] = {
        {SASL_CB_GETOPT, reinterpret_cast<int (*)()>(reinterpret_cast<void (*)()>(server_option)),
         nullptr},
        {SASL_CB_LIST_END, nullptr, nullptr}};
    static int rc = sasl_server_init(cbs, "libvirt");
    ASSERT_EQ(rc, SASL_OK);
  }
  static void TearDownTestSuite() {
    std::string cmd = "rm -rf " + g_dir;
    (void)std::system(cmd.c_str());
  }

  virtkit::Result<virtkit::remote::SaslOutcome> negotiate(const SaslParams &p) {
    return virtkit::remote::sasl_negotiate(
        p, [this](int proc, const std::string &args, std::string *reply) {
          return daemon.call(proc, args, reply);
        });
  }
  SaslParams params(bool secure = false) {
    SaslParams p;
    p.auth = &auth;
    p.secure = secure;
    p.local_addr = "127.0.0.1;2";
    p.remote_addr = "127.0.0.1;1";
    return p;
  }
  std::string message(const Status &s) {
    return s.record() && s.record()->message ? s.record()->message : "";
  }

  FakeDaemon daemon;
  Asked asked;
  virConnectAuth auth{kCredTypes, sizeof kCredTypes / sizeof *kCredTypes, answer, &asked};
};

TEST_F(Sasl, CredentialTypesMapBothWays) {
  using virtkit::remote::sasl_callback_id;
  using virtkit::remote::sasl_cred_type;
  const std::pair<int, unsigned long> pairs[] = {{VIR_CRED_USERNAME, SASL_CB_USER},
                                                 {VIR_CRED_AUTHNAME, SASL_CB_AUTHNAME},
                                                 {VIR_CRED_LANGUAGE, SASL_CB_LANGUAGE},
                                                 {VIR_CRED_CNONCE, SASL_CB_CNONCE},
                                                 {VIR_CRED_PASSPHRASE, SASL_CB_PASS},
                                                 {VIR_CRED_ECHOPROMPT, SASL_CB_ECHOPROMPT},
                                                 {VIR_CRED_NOECHOPROMPT, SASL_CB_NOECHOPROMPT},
                                                 {VIR_CRED_REALM, SASL_CB_GETREALM}};
  for (auto [cred, id] : pairs) {
    EXPECT_EQ(sasl_callback_id(cred), id);
    EXPECT_EQ(sasl_cred_type(id), cred);
  }
  EXPECT_EQ(sasl_callback_id(VIR_CRED_EXTERNAL), 0u);
  EXPECT_EQ(sasl_cred_type(SASL_CB_GETOPT), 0);
}

TEST_F(Sasl, DigestMd5OverTcpNegotiatesALayer) {
  daemon.min_ssf = 56;
  auto o = negotiate(params());
  ASSERT_TRUE(o.ok()) << message(o.status());
  EXPECT_TRUE(o->secure);
  EXPECT_GE(o->ssf, 56);
  // The mechanism's prompts, in one call of the callback.
  EXPECT_EQ(asked.calls, 1);
  ASSERT_GE(asked.creds.size(), 2u);
  EXPECT_EQ(asked.creds[0].first, VIR_CRED_AUTHNAME);
  EXPECT_EQ(asked.creds[0].second, "Please enter your authentication name");
  EXPECT_EQ(asked.creds[1].first, VIR_CRED_PASSPHRASE);
  EXPECT_EQ(asked.creds[1].second, "Please enter your password");
  EXPECT_EQ(daemon.calls, (std::vector<int>{proto::remote_proc::auth_sasl_init,
                                            proto::remote_proc::auth_sasl_start,
                                            proto::remote_proc::auth_sasl_step}));
}

TEST_F(Sasl, OverASecureTransportNoLayer) {
  auto o = negotiate(params(true));
  ASSERT_TRUE(o.ok()) << message(o.status());
  EXPECT_TRUE(o->secure);
  EXPECT_EQ(o->ssf, 0);
}

TEST_F(Sasl, WrongPasswordIsTheDaemonsError) {
  asked.password = "wrong";
  auto o = negotiate(params());
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), VIR_ERR_AUTH_FAILED);
  EXPECT_EQ(message(o.status()), "authentication failed: authentication failed");
}

TEST_F(Sasl, CallbackFailureAndAbsence) {
  asked.rc = -1;
  auto o = negotiate(params());
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(message(o.status()), "authentication failed: Failed to collect auth credentials");

  FakeDaemon d2;
  auth.cb = nullptr;
  o = virtkit::remote::sasl_negotiate(
      params(),
      [&](int proc, const std::string &a, std::string *r) { return d2.call(proc, a, r); });
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(message(o.status()), "authentication failed: No authentication callback available");

  // No virConnectAuth at all: no prompts SASL could give, no mechanism.
  FakeDaemon d3;
  SaslParams p = params();
  p.auth = nullptr;
  o = virtkit::remote::sasl_negotiate(
      p, [&](int proc, const std::string &a, std::string *r) { return d3.call(proc, a, r); });
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), VIR_ERR_AUTH_FAILED);
  EXPECT_EQ(message(o.status()),
            "authentication failed: Failed to start SASL negotiation: -4 (SASL(-4): no mechanism "
            "available: No worthy mechs found)");
}

TEST_F(Sasl, MechanismTheServerLacks) {
  SaslParams p = params();
  p.mech = "SCRAM-SHA-256";
  auto o = negotiate(p);
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(message(o.status()),
            "authentication failed: SASL mechanism SCRAM-SHA-256 not supported by server");
  p.mech = "DIGEST-MD5";
  FakeDaemon d2;
  o = virtkit::remote::sasl_negotiate(
      p, [&](int proc, const std::string &a, std::string *r) { return d2.call(proc, a, r); });
  EXPECT_TRUE(o.ok()) << message(o.status());
}

TEST_F(Sasl, AuthConfAnswersFirst) {
  std::string conf = g_dir + "/auth.conf";
  std::ofstream(conf) << "[credentials-t]\nauthname=fred\npassword=s3cret\n"
                         "[auth-libvirt-example.org]\ncredentials=t\n";
  SaslParams p = params();
  p.auth_file = conf;
  p.host = "example.org";
  auto o = negotiate(p);
  ASSERT_TRUE(o.ok()) << message(o.status());
  EXPECT_EQ(asked.calls, 0);

  // Only the authname there: the callback is asked the rest.
  std::ofstream(conf) << "[credentials-t]\nauthname=fred\n[auth-libvirt-default]\ncredentials=t\n";
  FakeDaemon d2;
  o = virtkit::remote::sasl_negotiate(
      p, [&](int proc, const std::string &a, std::string *r) { return d2.call(proc, a, r); });
  ASSERT_TRUE(o.ok()) << message(o.status());
  ASSERT_EQ(asked.creds.size(), 1u);
  EXPECT_EQ(asked.creds[0].first, VIR_CRED_PASSPHRASE);

  // A dangling reference is libvirt's CONF_SYNTAX error.
  std::ofstream(conf) << "[auth-libvirt-default]\ncredentials=none\n";
  FakeDaemon d3;
  o = virtkit::remote::sasl_negotiate(
      p, [&](int proc, const std::string &a, std::string *r) { return d3.call(proc, a, r); });
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), VIR_ERR_CONF_SYNTAX);
}

// ---- the security layer ----

// Reads `n` bytes through `l`, waiting on `fd` when it has none.
std::string read_n(Layer &l, int fd, size_t n) {
  std::string got;
  std::vector<char> buf(7000);
  while (got.size() < n) {
    Status why;
    ssize_t k = l.read(buf.data(), std::min(buf.size(), n - got.size()), &why);
    if (k > 0) {
      got.append(buf.data(), static_cast<size_t>(k));
      continue;
    }
    if (k == 0 || errno != EAGAIN) {
      ADD_FAILURE() << "read: " << k << " " << (why.record() ? why.record()->message : "");
      break;
    }
    pollfd p{fd, POLLIN, 0};
    (void)poll(&p, 1, 10000);
  }
  return got;
}

std::string pattern(size_t n, unsigned seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; i++) s[i] = static_cast<char>((i * 131 + seed) >> 3);
  return s;
}

TEST_F(Sasl, LayerCarriesBothWaysAtOnce) {
  daemon.min_ssf = 56;
  auto o = negotiate(params());
  ASSERT_TRUE(o.ok()) << message(o.status());
  ASSERT_GT(o->ssf, 0);
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  auto server = std::make_unique<SaslSession>();
  server->conn = daemon.take();
  auto cl =
      virtkit::remote::sasl_layer(std::move(o->session), virtkit::remote::socket_layer(sv[0]));
  auto sl = virtkit::remote::sasl_layer(std::move(server), virtkit::remote::socket_layer(sv[1]));

  // Larger than a SASL record, each way, the two ends writing and reading
  // at the same time from different threads.
  const std::string up = pattern(1 << 20, 1), down = pattern(700001, 2);
  std::string got_up, got_down;
  std::thread t1([&] {
    Status why;
    EXPECT_TRUE(cl->write(up.data(), up.size(), &why));
  });
  std::thread t2([&] {
    Status why;
    EXPECT_TRUE(sl->write(down.data(), down.size(), &why));
  });
  std::thread t3([&] { got_up = read_n(*sl, sv[1], up.size()); });
  got_down = read_n(*cl, sv[0], down.size());
  t1.join();
  t2.join();
  t3.join();
  EXPECT_TRUE(got_up == up);
  EXPECT_TRUE(got_down == down);
  EXPECT_FALSE(cl->pending());

  // Bytes that are no SASL record fail the read with libvirt's error.
  const char junk[] = "\0\0\0\x10junkjunkjunkjunk";
  ASSERT_EQ(write(sv[1], junk, sizeof junk - 1), static_cast<ssize_t>(sizeof junk - 1));
  Status why;
  char buf[64];
  ssize_t k;
  do {
    pollfd p{sv[0], POLLIN, 0};
    (void)poll(&p, 1, 10000);
    k = cl->read(buf, sizeof buf, &why);
  } while (k < 0 && errno == EAGAIN && why.ok());
  EXPECT_EQ(k, -1);
  EXPECT_EQ(why.code(), VIR_ERR_INTERNAL_ERROR);
  EXPECT_EQ(message(why).rfind("internal error: failed to decode SASL data: ", 0), 0u)
      << message(why);
  close(sv[0]);
  close(sv[1]);
}

}  // namespace
