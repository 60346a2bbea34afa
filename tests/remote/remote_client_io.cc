// SPDX-License-Identifier: LGPL-2.1-or-later
// The remote client's I/O under concurrency (README: "Remote driver"): calls
// and stream readers of many threads share one socket; whoever holds the
// reader role hands each reply to its caller and each stream packet to its
// stream, one writer at a time sends what the others queued. Public C API
// only, against a real libvirtd (tests/remote/daemon.py run).
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "remote_fixture.h"

namespace {

using namespace remote_test;

class ClientIO : public Connected {};

// One screenshot read in small pieces (many waits for the next packet);
// empty on any failure.
std::string read_screenshot(virConnectPtr conn, virDomainPtr dom) {
  virStreamPtr st = virStreamNew(conn, 0);
  if (!st) return {};
  std::string got;
  char *mime = virDomainScreenshot(dom, st, 0, 0);
  bool ok = mime && std::strcmp(mime, "image/png") == 0;
  free(mime);
  char buf[700];
  int n = 0;
  while (ok && (n = virStreamRecv(st, buf, sizeof buf)) > 0) got.append(buf, size_t(n));
  ok = ok && n == 0 && virStreamFinish(st) == 0;
  if (!ok) virStreamAbort(st);
  virStreamFree(st);
  return ok ? got : std::string();
}

TEST_F(ClientIO, CallsAndStreamReadersShareTheSocket) {
  virDomainPtr dom = virDomainLookupByName(conn_, "test");
  ASSERT_NE(dom, nullptr);
  const std::string want = read_screenshot(conn_, dom);
  ASSERT_EQ(want.size(), kScreenshotSize);
  constexpr int kReaders = 3, kShots = 4, kCallers = 4, kCalls = 150;
  std::atomic<int> bad{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kReaders; t++) {
    ts.emplace_back([&] {
      virSetErrorFunc(nullptr, quiet);
      for (int i = 0; i < kShots; i++)
        if (read_screenshot(conn_, dom) != want) bad++;
    });
  }
  for (int t = 0; t < kCallers; t++) {
    ts.emplace_back([&, t] {
      virSetErrorFunc(nullptr, quiet);
      for (int i = 0; i < kCalls; i++) {
        if ((i + t) % 2) {
          if (virConnectNumOfDomains(conn_) != 1) bad++;
        } else {
          // Replies of different sizes and errors interleave with the
          // stream's packets.
          std::string name = "missing-" + std::to_string(t) + "-" + std::to_string(i);
          if (virDomainLookupByName(conn_, name.c_str()) != nullptr ||
              virGetLastErrorCode() != VIR_ERR_NO_DOMAIN)
            bad++;
        }
      }
    });
  }
  for (auto &t : ts) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(virConnectIsAlive(conn_), 1);
  virDomainFree(dom);
}

// Replies of different sizes (capabilities, domain XML, a number) from many
// threads, several to a read.
TEST_F(ClientIO, LargeAndSmallRepliesFromManyThreads) {
  char *caps = virConnectGetCapabilities(conn_);
  ASSERT_NE(caps, nullptr);
  const std::string want_caps = caps;
  free(caps);
  virDomainPtr dom = virDomainLookupByName(conn_, "test");
  ASSERT_NE(dom, nullptr);
  char *xml = virDomainGetXMLDesc(dom, 0);
  ASSERT_NE(xml, nullptr);
  const std::string want_xml = xml;
  free(xml);
  std::atomic<int> bad{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 6; t++) {
    ts.emplace_back([&, t] {
      virSetErrorFunc(nullptr, quiet);
      for (int i = 0; i < 100; i++) {
        if (t % 3 == 0) {
          char *c = virConnectGetCapabilities(conn_);
          if (!c || want_caps != c) bad++;
          free(c);
        } else if (t % 3 == 1) {
          char *x = virDomainGetXMLDesc(dom, 0);
          if (!x || want_xml != x) bad++;
          free(x);
        } else if (virConnectNumOfDomains(conn_) != 1) {
          bad++;
        }
      }
    });
  }
  for (auto &t : ts) t.join();
  EXPECT_EQ(bad.load(), 0);
  virDomainFree(dom);
}

}  // namespace
