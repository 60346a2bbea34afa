// SPDX-License-Identifier: LGPL-2.1-or-later
// The TLS transport against a private libvirtd listening for TLS with
// certificates made by tests/remote/pki.py (daemon.py run --tcp --tls):
// sessions, calls from many threads, events and a stream through the
// session, and libvirt's errors for certificates, priorities and peers that
// break off. Run in the sanitizer builds too (tests/remote/tls_scenario.py
// compares the same with Debian's client in the plain build).
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

#include "remote_fixture.h"

namespace {

using remote_test::expect_error;

const char *tls_uri() {
  return std::getenv("VIRTKIT_REMOTE_TLS_URI");
}

// The TLS URI with the client files of pki.py's folder `variant`.
std::string uri_for(const std::string &variant, const std::string &extra = "") {
  return "test+tls://127.0.0.1:" + std::string(std::getenv("VIRTKIT_REMOTE_TLS_PORT")) +
         "/default?pkipath=" + std::getenv("VIRTKIT_PKI_DIR") + "/" + variant + extra;
}

class RemoteTls : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!tls_uri() || !std::getenv("VIRTKIT_PKI_DIR") || !std::getenv("VIRTKIT_REMOTE_TLS_PORT"))
      GTEST_SKIP() << "no TLS daemon (run through tests/remote/daemon.py run --tls)";
    virSetErrorFunc(nullptr, remote_test::quiet);
  }
};

TEST_F(RemoteTls, SessionIsSecureAndEncrypted) {
  virConnectPtr c = virConnectOpen(tls_uri());
  ASSERT_NE(c, nullptr) << virGetLastErrorMessage();
  EXPECT_EQ(virConnectIsSecure(c), 1);
  EXPECT_EQ(virConnectIsEncrypted(c), 1);
  virDomainPtr d = virDomainLookupByName(c, "test");
  ASSERT_NE(d, nullptr);
  // A large reply: many records.
  std::string big = "<domain type='test'><name>big</name><memory>1024</memory><description>" +
                    std::string(300000, 'x') + "</description><os><type>hvm</type></os></domain>";
  virDomainPtr b = virDomainDefineXML(c, big.c_str());
  ASSERT_NE(b, nullptr) << virGetLastErrorMessage();
  char *xml = virDomainGetXMLDesc(b, 0);
  ASSERT_NE(xml, nullptr);
  EXPECT_NE(std::string(xml).find(std::string(300000, 'x')), std::string::npos);
  free(xml);
  EXPECT_EQ(virDomainUndefine(b), 0);
  virDomainFree(b);
  virDomainFree(d);
  EXPECT_EQ(virConnectClose(c), 0);
}

TEST_F(RemoteTls, ThreadsShareOneSession) {
  virConnectPtr c = virConnectOpen(tls_uri());
  ASSERT_NE(c, nullptr) << virGetLastErrorMessage();
  std::atomic<int> bad{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 8; t++)
    ts.emplace_back([&, t] {
      // Many calls, so that requests and replies overlap.
      for (int i = 0; i < 1500; i++) {
        virDomainPtr d = virDomainLookupByName(c, (t + i) % 2 ? "test" : "nope");
        if ((t + i) % 2 ? !d : d || virGetLastErrorCode() != VIR_ERR_NO_DOMAIN) bad++;
        if (d) virDomainFree(d);
      }
    });
  for (auto &t : ts) t.join();
  EXPECT_EQ(bad.load(), 0);
  virConnectClose(c);
}

TEST_F(RemoteTls, StreamThroughTheSession) {
  virConnectPtr c = virConnectOpen(tls_uri());
  ASSERT_NE(c, nullptr);
  virDomainPtr d = virDomainLookupByName(c, "test");
  ASSERT_NE(d, nullptr);
  virStreamPtr st = virStreamNew(c, 0);
  char *mime = virDomainScreenshot(d, st, 0, 0);
  ASSERT_NE(mime, nullptr) << virGetLastErrorMessage();
  free(mime);
  size_t total = 0;
  char buf[4096];
  for (int n; (n = virStreamRecv(st, buf, sizeof buf)) > 0;) total += static_cast<size_t>(n);
  EXPECT_EQ(total, remote_test::kScreenshotSize);
  EXPECT_EQ(virStreamFinish(st), 0);
  virStreamFree(st);
  virDomainFree(d);
  virConnectClose(c);
}

TEST_F(RemoteTls, ClientWithoutCertificateIsRefusedByTheServer) {
  EXPECT_EQ(virConnectOpen(uri_for("client-nocert").c_str()), nullptr);
  expect_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
               "Unable to read TLS confirmation: Input/output error", "%s",
               "Unable to read TLS confirmation: Input/output error", EIO);
}

TEST_F(RemoteTls, OwnCertificatesAreCheckedFirst) {
  std::string pki = std::getenv("VIRTKIT_PKI_DIR");
  EXPECT_EQ(virConnectOpen(uri_for("client-nocacert").c_str()), nullptr);
  std::string m = "Cannot read CA certificate '" + pki +
                  "/client-nocacert/cacert.pem': No such file or directory";
  expect_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, m, "%s", m.c_str(), ENOENT);
  EXPECT_EQ(virConnectOpen(uri_for("client-expired").c_str()), nullptr);
  m = "The client certificate " + pki + "/client-expired/clientcert.pem has expired";
  expect_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, m, "%s", m.c_str());
  EXPECT_EQ(virConnectOpen(uri_for("client-garbage").c_str()), nullptr);
  m = "Unable to import client certificate " + pki + "/client-garbage/clientcert.pem";
  expect_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, m, "%s", m.c_str());
  EXPECT_EQ(virConnectOpen(uri_for("client-foreign").c_str()), nullptr);
  m = "Our own certificate " + pki + "/client-foreign/clientcert.pem failed validation against " +
      pki + "/client-foreign/cacert.pem: The certificate hasn't got a known issuer.";
  expect_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, m, "%s", m.c_str());
}

TEST_F(RemoteTls, UntrustedServerFailsUnlessNoVerify) {
  // The client trusts another CA: the server's certificate fails.
  EXPECT_EQ(virConnectOpen(uri_for("client-otherca").c_str()), nullptr);
  expect_error(VIR_ERR_AUTH_FAILED, VIR_FROM_RPC,
               "authentication failed: Failed to verify peer's certificate",
               "authentication failed: %s", "Failed to verify peer's certificate");
  // no_verify=1 goes on; the server still refuses our foreign certificate.
  EXPECT_EQ(virConnectOpen(uri_for("client-otherca", "&no_verify=1").c_str()), nullptr);
  expect_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
               "Unable to read TLS confirmation: Input/output error", "%s",
               "Unable to read TLS confirmation: Input/output error", EIO);
}

TEST_F(RemoteTls, BadPriority) {
  EXPECT_EQ(virConnectOpen(uri_for("client", "&tls_priority=BOGUS").c_str()), nullptr);
  expect_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
               "Failed to set TLS session priority to BOGUS: The request is invalid.", "%s",
               "Failed to set TLS session priority to BOGUS: The request is invalid.");
}

// A peer on 127.0.0.1 that accepts once, reads the client's hello, sends
// `reply` and closes.
class Peer {
 public:
  explicit Peer(std::string reply) : reply_(std::move(reply)) {
    lfd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    EXPECT_EQ(bind(lfd_, reinterpret_cast<sockaddr *>(&a), sizeof a), 0);
    EXPECT_EQ(listen(lfd_, 1), 0);
    getsockname(lfd_, reinterpret_cast<sockaddr *>(&a), &len);
    port_ = ntohs(a.sin_port);
    t_ = std::thread([this] {
      int fd = accept(lfd_, nullptr, nullptr);
      if (fd < 0) return;
      char buf[4096];
      (void)!recv(fd, buf, sizeof buf, 0);
      if (!reply_.empty()) (void)!send(fd, reply_.data(), reply_.size(), MSG_NOSIGNAL);
      close(fd);
    });
  }
  ~Peer() {
    t_.join();
    close(lfd_);
  }
  std::string uri() const {
    return "test+tls://127.0.0.1:" + std::to_string(port_) +
           "/default?pkipath=" + std::getenv("VIRTKIT_PKI_DIR") + "/client";
  }

 private:
  std::string reply_;
  int lfd_;
  int port_ = 0;
  std::thread t_;
};

TEST_F(RemoteTls, PeerClosingMidHandshake) {
  Peer p("");
  EXPECT_EQ(virConnectOpen(p.uri().c_str()), nullptr);
  expect_error(VIR_ERR_AUTH_FAILED, VIR_FROM_RPC,
               "authentication failed: TLS handshake failed The TLS connection was non-properly "
               "terminated.",
               "authentication failed: %s",
               "TLS handshake failed The TLS connection was non-properly terminated.");
}

TEST_F(RemoteTls, PeerSendingGarbage) {
  Peer p("this is not TLS at all, not even close\r\n");
  EXPECT_EQ(virConnectOpen(p.uri().c_str()), nullptr);
  expect_error(VIR_ERR_AUTH_FAILED, VIR_FROM_RPC,
               "authentication failed: TLS handshake failed An unexpected TLS packet was received.",
               "authentication failed: %s",
               "TLS handshake failed An unexpected TLS packet was received.");
}

}  // namespace
