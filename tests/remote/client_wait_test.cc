// How the remote client's reader waits for a reply: it polls the socket for
// a moment (an adaptive budget) before sleeping in poll(). The budget's rule,
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
using virtkit::remote::next_spin_ns;
namespace proto = virtkit::remote::proto;

constexpr int64_t kUs = 1000;

TEST(RemoteSpin, BudgetGrowsOnShortWaitsAndShrinksOnLongOnes) {
  const int64_t max = 50 * kUs;
  // A wait a longer spin would have saved: from none to 10 us, then doubling
  // up to the maximum.
  EXPECT_EQ(next_spin_ns(0, 30 * kUs, max), 10 * kUs);
  EXPECT_EQ(next_spin_ns(10 * kUs, 30 * kUs, max), 20 * kUs);
  EXPECT_EQ(next_spin_ns(40 * kUs, 60 * kUs, max), max);
  EXPECT_EQ(next_spin_ns(max, 100 * kUs, max), max);  // a slept wait pays the wake-up
  // A slow reply halves it; below 10 us there is no spin.
  EXPECT_EQ(next_spin_ns(max, 101 * kUs, max), 25 * kUs);
  EXPECT_EQ(next_spin_ns(25 * kUs, 5'000 * kUs, max), 12'500);
  EXPECT_EQ(next_spin_ns(12'500, 5'000 * kUs, max), 0);
  EXPECT_EQ(next_spin_ns(0, 5'000 * kUs, max), 0);
}

std::string reply_packet(const std::string &call, const std::string &body) {
  std::string pkt(28, '\0');
  auto put = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; i++) pkt[at + i] = char(v >> (24 - 8 * i));
  };
  put(0, uint32_t(28 + body.size()));
  pkt.replace(4, 12, call, 0, 12);  // program, version, procedure
  put(16, proto::REPLY);
  pkt.replace(20, 4, call, 16, 4);  // serial
  put(24, proto::OK);
  return pkt + body;
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
    write_all(fd, reply_packet(call, "late"));
    // 2: the header, and the payload 5 ms later (a read waits mid-packet).
    ASSERT_TRUE(remote_test::read_packet(fd, &call));
    std::string r = reply_packet(call, std::string(1000, 'p'));
    write_all(fd, r.substr(0, 20));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    write_all(fd, r.substr(20));
    // 3: at once.
    ASSERT_TRUE(remote_test::read_packet(fd, &call));
    write_all(fd, reply_packet(call, "now"));
    ASSERT_FALSE(remote_test::read_packet(fd, &call));  // the client closed
    close(fd);
  });
  auto c = Client::connect_unix(daemon.path());
  ASSERT_TRUE(c.ok());
  std::shared_ptr<Client> client = *c;
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
