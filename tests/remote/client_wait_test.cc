// SPDX-License-Identifier: LGPL-2.1-or-later
// How the remote client's reader waits for a reply: it polls the socket for
// a moment before sleeping in poll(), unless spins keep failing. That rule,
// and replies that come after the spin or in pieces, read whole.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "drivers/remote/client.h"
#include "test_daemon_socket.h"

namespace {

using virtkit::remote::Client;
using virtkit::remote::SpinPolicy;
namespace proto = virtkit::remote::proto;

constexpr int64_t kUs = 1000;

// How many of the next `n` waits spin (the spins failing or not).
int spins_of(SpinPolicy &p, int n, bool caught) {
  int spins = 0;
  for (int i = 0; i < n; i++) {
    if (p.budget_ns() == 0) continue;
    spins++;
    p.after_spin(caught);
  }
  return spins;
}

TEST(RemoteSpin, FailedSpinsBackOffAndACaughtReplyEndsTheBackoff) {
  SpinPolicy p(50 * kUs);
  // Spins that catch their reply: every wait spins, for the maximum.
  EXPECT_EQ(p.budget_ns(), 50 * kUs);
  p.after_spin(true);
  EXPECT_EQ(spins_of(p, 10, true), 10);
  // Up to kFailedRun - 1 failures in a row change nothing; from the next,
  // 1, 2, 4 ... waits sleep at once after each.
  const int run = SpinPolicy::kFailedRun;
  EXPECT_EQ(spins_of(p, run - 1, false), run - 1);
  EXPECT_EQ(spins_of(p, 1 + 1 + 1 + 2 + 1 + 4, false), 3);
  EXPECT_EQ(p.budget_ns(), 50 * kUs);  // after sleeping 4 times
  p.after_spin(false);                 // 8 to sleep now
  EXPECT_EQ(spins_of(p, 8, false), 0);
  // Runs of failures shorter than kFailedRun between successes: no backoff.
  SpinPolicy r(50 * kUs);
  for (int i = 0; i < 100; i++) {
    ASSERT_EQ(r.budget_ns(), 50 * kUs);
    r.after_spin(i % run == 0);
  }
  // Always failing: at most one wait in 65 spins once the backoff is full.
  static_assert(SpinPolicy::kMaxBackoff == 64);
  SpinPolicy q(50 * kUs);
  spins_of(q, 1000, false);
  EXPECT_LE(spins_of(q, 650, false), 10);
  // One caught reply and every wait spins again.
  while (q.budget_ns() == 0) {
  }
  q.after_spin(true);
  EXPECT_EQ(spins_of(q, 10, true), 10);
}

TEST(RemoteSpin, NoMaximumNoSpin) {
  SpinPolicy p(0);
  EXPECT_EQ(p.budget_ns(), 0);
  p.after_spin(true);
  EXPECT_EQ(p.budget_ns(), 0);
}

void write_all(int fd, const std::string &s) {
  ASSERT_EQ(write(fd, s.data(), s.size()), ssize_t(s.size()));
}

TEST(RemoteClientWait, RepliesAfterTheSpinAndInPiecesArriveWhole) {
  remote_test::UnixListener daemon;
  std::thread t([&] {
    int fd = daemon.accept_one();
    ASSERT_GE(fd, 0);
    std::string call;
    // 1: long after any spin has given up.
    ASSERT_TRUE(remote_test::read_packet(fd, &call));
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    write_all(fd, remote_test::reply_packet(call, proto::OK, "late"));
    // 2: the header, and the payload 5 ms later (a read waits mid-packet).
    ASSERT_TRUE(remote_test::read_packet(fd, &call));
    std::string r = remote_test::reply_packet(call, proto::OK, std::string(1000, 'p'));
    write_all(fd, r.substr(0, 20));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    write_all(fd, r.substr(20));
    // 3: at once.
    ASSERT_TRUE(remote_test::read_packet(fd, &call));
    write_all(fd, remote_test::reply_packet(call, proto::OK, "now"));
    ASSERT_FALSE(remote_test::read_packet(fd, &call));  // the client closed
    close(fd);
  });
  auto c = Client::connect_unix(daemon.path());
  ASSERT_TRUE(c.ok());
  std::shared_ptr<Client> client = *c;
  client->opened();
  std::string reply;
  for (const std::string &want :
       {std::string("late"), std::string(1000, 'p'), std::string("now")}) {
    reply.clear();
    ASSERT_TRUE(client->call(proto::kRemoteProgram, proto::kRemoteVersion, 1, "", &reply).ok());
    EXPECT_EQ(reply, want);
  }
  client->close();
  client.reset();
  t.join();
}

}  // namespace
