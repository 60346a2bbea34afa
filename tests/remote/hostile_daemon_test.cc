// SPDX-License-Identifier: LGPL-2.1-or-later
// Replies a buggy or hostile daemon sends (found by fuzz/remote_reply.cc)
// must end in libvirt-style errors or consistent results, never in memory
// errors of the application: a scripted daemon answers each procedure with
// a payload of the test's choosing.
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>

#include "test_daemon_socket.h"

namespace {

void quiet(void *, virErrorPtr) {}

using remote_test::put_be32;

std::string str(const std::string &v) {
  std::string s;
  put_be32(s, static_cast<uint32_t>(v.size()));
  s += v;
  s.append((4 - v.size() % 4) % 4, '\0');
  return s;
}

// nonnull_domain: name, uuid, id.
std::string domain(const std::string &name) {
  std::string s = str(name);
  for (int i = 0; i < 16; i++) s += static_cast<char>(i);
  put_be32(s, 1);
  return s;
}

// What the daemon does with a call of some procedure.
struct Reply {
  std::string body;      // the payload
  int status = 0;        // VIR_NET_OK; 1: VIR_NET_ERROR (body: an error)
  bool hang_up = false;  // closes the socket instead of answering
  std::string then;      // bytes sent after the reply (whole packets)
};

// An error record of the remote protocol (libvirt's remote_error).
std::string error_body(const std::string &message) {
  std::string s;
  put_be32(s, VIR_ERR_INTERNAL_ERROR);
  put_be32(s, VIR_FROM_REMOTE);
  put_be32(s, 1);
  s += str(message);
  put_be32(s, VIR_ERR_ERROR);
  for (int i = 0; i < 4; i++) put_be32(s, 0);  // dom, str1, str2, str3: none
  put_be32(s, 0);
  put_be32(s, 0);
  put_be32(s, 0);  // net: none
  return s;
}

// A MESSAGE packet (an event) of the remote program.
std::string message(int proc, const std::string &body) {
  std::string s;
  put_be32(s, static_cast<uint32_t>(28 + body.size()));
  put_be32(s, 0x20008086);
  put_be32(s, 1);
  put_be32(s, static_cast<uint32_t>(proc));
  put_be32(s, 2);  // VIR_NET_MESSAGE
  put_be32(s, 0);
  put_be32(s, 0);
  return s + body;
}

// Answers every call as scripted for its procedure (status OK and an
// empty payload when not), until the client hangs up.
class ScriptedDaemon {
 public:
  explicit ScriptedDaemon(std::map<int, Reply> replies) : replies_(std::move(replies)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedDaemon() {
    listener_.stop();
    thread_.join();
  }
  std::string uri() const { return listener_.uri(); }

 private:
  void serve() {
    int fd = listener_.accept_one();
    if (fd < 0) return;
    for (;;) {
      std::string pkt;
      if (!remote_test::read_packet(fd, &pkt)) break;
      const auto *h = reinterpret_cast<const unsigned char *>(pkt.data());
      auto it = replies_.find(static_cast<int>(remote_test::get_be32(h + 8)));
      Reply r = it == replies_.end() ? Reply() : it->second;
      constexpr int kAuthList = 66;  // unscripted: no authentication (an empty list)
      if (it == replies_.end() && remote_test::get_be32(h + 8) == kAuthList)
        r.body = std::string(4, '\0');
      if (r.hang_up) break;
      std::string out =
          remote_test::reply_packet(pkt, static_cast<uint32_t>(r.status), r.body) + r.then;
      if (write(fd, out.data(), out.size()) != static_cast<ssize_t>(out.size())) break;
    }
    close(fd);
  }

  std::map<int, Reply> replies_;
  remote_test::UnixListener listener_;
  std::thread thread_;
};

class HostileDaemon : public ::testing::Test {
 protected:
  void SetUp() override { virSetErrorFunc(nullptr, quiet); }
};

// A list whose count says more than the handles sent: the caller gets the
// count of the array it received (it would read past its end otherwise).
TEST_F(HostileDaemon, ListAllCountBeyondTheList) {
  constexpr int kListAllDomains = 273;
  std::string ret;
  put_be32(ret, 1);
  ret += domain("test");
  put_be32(ret, 5);  // ret: five
  ScriptedDaemon d({{kListAllDomains, Reply{ret}}});
  virConnectPtr conn = virConnectOpen(d.uri().c_str());
  ASSERT_NE(conn, nullptr);
  virDomainPtr *doms = nullptr;
  int n = virConnectListAllDomains(conn, &doms, 0);
  ASSERT_EQ(n, 1);
  EXPECT_STREQ(virDomainGetName(doms[0]), "test");
  EXPECT_EQ(doms[1], nullptr);
  for (int i = 0; i < n; i++) virDomainFree(doms[i]);
  std::free(doms);
  // Without the list, the count is the daemon's.
  EXPECT_EQ(virConnectListAllDomains(conn, nullptr, 0), 5);
  virConnectClose(conn);
}

// The daemon's connection-closed notice fires the close callback (which
// then holds no reference to the connection); unregistering it fails; the
// connection then fails (the daemon hangs up) inside the application's last
// virConnectClose, whose close notice, on the background reader, raced with
// the destruction: it took a reference to the connection being destroyed,
// which was then destroyed twice. A race: repeated (caught by ASan).
TEST_F(HostileDaemon, CloseNoticeWhileTheConnectionIsDestroyed) {
  constexpr int kSupportsFeature = 60, kConnectClose = 2, kRegisterClose = 360,
                kUnregisterClose = 361, kConnectionClosed = 362;
  std::string yes, reason;
  put_be32(yes, 1);
  put_be32(reason, VIR_CONNECT_CLOSE_REASON_EOF);
  static std::atomic<int> fired;
  auto cb = [](virConnectPtr, int, void *) { fired++; };
  for (int i = 0; i < 100; i++) {
    ScriptedDaemon d({{kSupportsFeature, Reply{yes}},
                      {kRegisterClose, Reply{"", 0, false, message(kConnectionClosed, reason)}},
                      {kUnregisterClose, Reply{error_body("no"), 1}},
                      {kConnectClose, Reply{"", 0, true}}});
    virConnectPtr conn = virConnectOpen(d.uri().c_str());
    ASSERT_NE(conn, nullptr);
    fired = 0;
    ASSERT_EQ(virConnectRegisterCloseCallback(conn, cb, nullptr, nullptr), 0);
    // The notice is read with the next reply, or by the background reader.
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!fired && std::chrono::steady_clock::now() < until) {
      unsigned long ver;
      (void)virConnectGetLibVersion(conn, &ver);
    }
    ASSERT_EQ(fired, 1);
    EXPECT_EQ(virConnectUnregisterCloseCallback(conn, cb), -1);
    EXPECT_EQ(virConnectClose(conn), 0);
    EXPECT_EQ(fired, 1);
  }
}

}  // namespace
