// SPDX-License-Identifier: LGPL-2.1-or-later
// Passing descriptors to and from the daemon (SCM_RIGHTS over the unix
// socket): virDomainCreateWithFiles / CreateXMLWithFiles, OpenGraphics,
// OpenGraphicsFD and FDAssociate, as libvirt 9.0.0's client does them.
// Through the real daemon (its test driver starts domains with files and
// lacks the graphics and association calls), and through
// tests/remote/fake_daemon.py for replies that carry descriptors.
#include <dirent.h>
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "remote_fixture.h"

namespace {

using remote_test::Connected;
using remote_test::expect_error;
using remote_test::quiet;

// How many descriptors this process has open.
int open_fds() {
  DIR *d = opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  while (dirent *e = readdir(d))
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n - 1;  // the directory's own
}

// The daemon's test driver lacks `api`: its error, as libvirt's client reports it.
void expect_daemon_unsupported(const char *api) {
  expect_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
               std::string("this function is not supported by the connection driver: ") + api,
               "this function is not supported by the connection driver: %s", api);
}

// A pipe and a socket pair: descriptors whose use on the caller's side is
// checked after they were passed.
struct Files {
  int pipe_fds[2] = {-1, -1};
  int pair[2] = {-1, -1};
  Files() {
    EXPECT_EQ(pipe(pipe_fds), 0);
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  }
  ~Files() {
    for (int f : {pipe_fds[0], pipe_fds[1], pair[0], pair[1]})
      if (f >= 0) close(f);
  }
  // Still open and working on this side.
  void expect_usable() const {
    char buf[8] = {};
    EXPECT_EQ(write(pipe_fds[1], "pipe", 4), 4);
    EXPECT_EQ(read(pipe_fds[0], buf, sizeof buf), 4);
    EXPECT_EQ(std::string(buf, 4), "pipe");
    EXPECT_EQ(send(pair[0], "pair", 4, 0), 4);
    EXPECT_EQ(recv(pair[1], buf, sizeof buf, 0), 4);
    EXPECT_EQ(std::string(buf, 4), "pair");
  }
};

const char kTransientXml[] =
    "<domain type='test'><name>%s</name><memory>8192</memory>"
    "<os><type>hvm</type></os></domain>";

std::string transient_xml(const std::string &name) {
  char buf[256];
  snprintf(buf, sizeof buf, kTransientXml, name.c_str());
  return buf;
}

using RemoteFds = Connected;

TEST_F(RemoteFds, CreateWithFilesStartsTheDomain) {
  int before = open_fds();
  {
    virDomainPtr dom = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom, nullptr);
    ASSERT_EQ(virDomainDestroy(dom), 0) << virGetLastErrorMessage();
    EXPECT_EQ(virDomainIsActive(dom), 0);
    Files f;
    int files[] = {f.pipe_fds[0], f.pipe_fds[1], f.pair[0], f.pair[1]};
    ASSERT_EQ(virDomainCreateWithFiles(dom, 4, files, 0), 0) << virGetLastErrorMessage();
    EXPECT_EQ(virDomainIsActive(dom), 1);
    EXPECT_NE(virDomainGetID(dom), static_cast<unsigned>(-1));  // the handle's id, updated
    f.expect_usable();
    // The connection goes on as before.
    virDomainInfo info;
    EXPECT_EQ(virDomainGetInfo(dom, &info), 0);
    EXPECT_EQ(info.state, VIR_DOMAIN_RUNNING);
    // Without files: an ordinary call.
    ASSERT_EQ(virDomainDestroy(dom), 0);
    EXPECT_EQ(virDomainCreateWithFiles(dom, 0, nullptr, 0), 0) << virGetLastErrorMessage();
    EXPECT_EQ(virDomainIsActive(dom), 1);
    virDomainFree(dom);
  }
  EXPECT_EQ(open_fds(), before);
}

TEST_F(RemoteFds, CreateXMLWithFiles) {
  int before = open_fds();
  {
    Files f;
    int files[] = {f.pipe_fds[0], f.pair[1]};
    std::string xml = transient_xml("fds-xml");
    virDomainPtr dom = virDomainCreateXMLWithFiles(conn_, xml.c_str(), 2, files, 0);
    ASSERT_NE(dom, nullptr) << virGetLastErrorMessage();
    EXPECT_STREQ(virDomainGetName(dom), "fds-xml");
    EXPECT_EQ(virDomainIsActive(dom), 1);
    EXPECT_NE(virDomainGetID(dom), static_cast<unsigned>(-1));
    f.expect_usable();
    EXPECT_EQ(virDomainDestroy(dom), 0);
    virDomainFree(dom);
  }
  EXPECT_EQ(open_fds(), before);
}

TEST_F(RemoteFds, DaemonErrors) {
  int before = open_fds();
  {
    virDomainPtr dom = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom, nullptr);
    Files f;
    EXPECT_EQ(virDomainOpenGraphics(dom, 0, f.pair[0], 0), -1);
    expect_daemon_unsupported("virDomainOpenGraphics");
    EXPECT_EQ(virDomainOpenGraphicsFD(dom, 0, 0), -1);
    expect_daemon_unsupported("virDomainOpenGraphicsFD");
    int fds[] = {f.pipe_fds[0], f.pipe_fds[1]};
    EXPECT_EQ(virDomainFDAssociate(dom, "fdset", 2, fds, 0), -1);
    expect_daemon_unsupported("virDomainFDAssociate");
    f.expect_usable();
    // A descriptor that is not open: libvirt's client fails to duplicate it.
    int bad[] = {f.pair[0], 9999};
    EXPECT_EQ(virDomainCreateWithFiles(dom, 2, bad, 0), -1);
    expect_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
                 "Cannot duplicate FD 9999: Bad file descriptor", "%s",
                 "Cannot duplicate FD 9999: Bad file descriptor", EBADF);
    // Too many for one message.
    std::vector<int> many(33, f.pipe_fds[0]);
    EXPECT_EQ(virDomainFDAssociate(dom, "fdset", 33, many.data(), 0), -1);
    expect_error(VIR_ERR_RPC, VIR_FROM_RPC, "Too many FDs to send 33, expected 32 maximum", "%s",
                 "Too many FDs to send 33, expected 32 maximum");
    EXPECT_EQ(virConnectIsAlive(conn_), 1);
    virDomainFree(dom);
  }
  EXPECT_EQ(open_fds(), before);
}

// Calls with descriptors from several threads among ordinary calls: each
// packet's descriptors follow it on the socket.
TEST_F(RemoteFds, ConcurrentCalls) {
  int before = open_fds();
  {
    constexpr int kThreads = 4, kRounds = 15;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; t++) {
      threads.emplace_back([&, t] {
        Files f;
        int files[] = {f.pipe_fds[0], f.pipe_fds[1], f.pair[0]};
        std::string xml = transient_xml("fds-thread-" + std::to_string(t));
        for (int i = 0; i < kRounds; i++) {
          virDomainPtr dom = virDomainCreateXMLWithFiles(conn_, xml.c_str(), 3, files, 0);
          if (!dom) {
            failures++;
            continue;
          }
          virDomainInfo info;
          if (virDomainGetInfo(dom, &info) != 0) failures++;
          if (virDomainOpenGraphics(dom, 0, f.pair[1], 0) != -1) failures++;
          if (virDomainDestroy(dom) != 0) failures++;
          virDomainFree(dom);
        }
        char *caps = virConnectGetCapabilities(conn_);
        if (!caps) failures++;
        free(caps);
      });
    }
    for (auto &th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(virConnectIsAlive(conn_), 1);
  }
  EXPECT_EQ(open_fds(), before);
}

// Over TCP libvirt's client writes the call, fails to send the descriptor
// and closes the connection.
TEST(RemoteFdsTcp, RefusedAndClosed) {
  const char *uri = std::getenv("VIRTKIT_REMOTE_TCP_URI");
  if (!uri) GTEST_SKIP() << "no TCP daemon (run through tests/remote/daemon.py run --tcp)";
  virSetErrorFunc(nullptr, quiet);
  int before = open_fds();
  {
    virConnectPtr conn = virConnectOpen(uri);
    ASSERT_NE(conn, nullptr) << virGetLastErrorMessage();
    virDomainPtr dom = virDomainLookupByName(conn, "test");
    ASSERT_NE(dom, nullptr);
    ASSERT_EQ(virDomainDestroy(dom), 0);
    Files f;
    EXPECT_EQ(virDomainCreateWithFiles(dom, 1, &f.pipe_fds[0], 0), -1);
    expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                 "internal error: Sending file descriptors is not supported on this socket",
                 "internal error: %s", "Sending file descriptors is not supported on this socket");
    EXPECT_EQ(virConnectIsAlive(conn), 0);
    EXPECT_EQ(virDomainIsActive(dom), -1);
    expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC, "internal error: client socket is closed",
                 "internal error: %s", "client socket is closed");
    f.expect_usable();
    virDomainFree(dom);
    virConnectClose(conn);
  }
  EXPECT_EQ(open_fds(), before);
}

// Replies with descriptors, from tests/remote/fake_daemon.py: OpenGraphicsFD
// with idx 0 gets one end of a socket pair (the daemon wrote "graphics" into
// the other and closed it), idx 1 two descriptors, idx 2 a REPLY_WITH_FDS
// with none, idx 3 a plain reply.
class RemoteFakeFds : public remote_test::FakeConnected {
 protected:
  void SetUp() override {
    before_ = open_fds();
    FakeConnected::SetUp();
    if (IsSkipped()) before_ = -1;
  }
  void TearDown() override {
    FakeConnected::TearDown();
    if (before_ >= 0) {
      EXPECT_EQ(open_fds(), before_);
    }
  }
  int before_ = -1;
};

TEST_F(RemoteFakeFds, OpenGraphicsFDGetsTheDaemonsDescriptor) {
  for (int round = 0; round < 3; round++) {
    int fd = virDomainOpenGraphicsFD(dom_, 0, 0);
    ASSERT_GE(fd, 0) << virGetLastErrorMessage();
    std::string got;
    char buf[64];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
    EXPECT_EQ(got, "graphics");
    EXPECT_EQ(close(fd), 0);
    // Ordinary calls go on (the descriptor's byte was not taken for a packet).
    virDomainPtr again = virDomainLookupByName(conn_, "test");
    ASSERT_NE(again, nullptr) << virGetLastErrorMessage();
    virDomainFree(again);
  }
}

TEST_F(RemoteFakeFds, OpenGraphicsFDCountErrors) {
  EXPECT_EQ(virDomainOpenGraphicsFD(dom_, 1, 0), -1);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_REMOTE,
               "internal error: too many file descriptors received", "internal error: %s",
               "too many file descriptors received");
  EXPECT_EQ(virDomainOpenGraphicsFD(dom_, 2, 0), -1);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_REMOTE,
               "internal error: no file descriptor received", "internal error: %s",
               "no file descriptor received");
  EXPECT_EQ(virDomainOpenGraphicsFD(dom_, 3, 0), -1);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_REMOTE,
               "internal error: no file descriptor received", "internal error: %s",
               "no file descriptor received");
  EXPECT_EQ(virConnectIsAlive(conn_), 1);
}

// A call that does not expect descriptors closes those a reply brings, and
// so does the reader for a descriptor that came with a packet's bytes.
TEST_F(RemoteFakeFds, UnexpectedDescriptorsAreClosed) {
  int connected = open_fds();
  for (unsigned flags : {0u, 1u, 0u, 1u}) {
    // domain_get_xml_desc answers with a descriptor on the fake daemon.
    char *xml = virDomainGetXMLDesc(dom_, flags);
    ASSERT_NE(xml, nullptr) << virGetLastErrorMessage();
    EXPECT_STREQ(xml, "<domain/>");
    free(xml);
    EXPECT_EQ(open_fds(), connected) << "flags " << flags;
  }
  EXPECT_EQ(virConnectIsAlive(conn_), 1);
}

}  // namespace
