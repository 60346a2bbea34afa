// SPDX-License-Identifier: LGPL-2.1-or-later
// pthread_cancel of a thread waiting in the remote client: for its reply
// while it reads the socket for everyone, for its reply while another
// thread reads, and for a stream's data. The thread ends; its call is
// forgotten (its late reply dropped); the connection goes on for the others.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../core/victim_thread.h"
#include "drivers/remote/client.h"
#include "test_daemon_socket.h"

namespace {

using namespace std::chrono_literals;
using virtkit::remote::Client;
using virtkit::remote::ClientStream;
namespace proto = virtkit::remote::proto;

// Procedures from kAuto on are answered at once ("auto"); the others wait
// for reply().
constexpr int kAuto = 100;

class Daemon {
 public:
  Daemon() {
    thread_ = std::thread([this] { serve(); });
  }
  ~Daemon() {
    listener_.stop();
    thread_.join();
    if (fd_ >= 0) close(fd_);
  }
  const std::string &path() const { return listener_.path(); }
  // Waits until `n` packets were received.
  void wait_packets(size_t n) {
    std::unique_lock lk(mu_);
    ASSERT_TRUE(cv_.wait_for(lk, 10s, [&] { return packets_.size() >= n; }));
  }
  const std::string &packet(size_t i) {
    std::lock_guard lk(mu_);
    return packets_.at(i);
  }
  void reply(size_t i, const std::string &body) {
    send(remote_test::reply_packet(packet(i), proto::OK, body));
  }
  void send(const std::string &bytes) {
    int fd;
    {
      std::unique_lock lk(mu_);  // the connection is accepted by serve()
      ASSERT_TRUE(cv_.wait_for(lk, 10s, [&] { return fd_ >= 0; }));
      fd = fd_;
    }
    std::lock_guard lk(write_mu_);
    ASSERT_EQ(write(fd, bytes.data(), bytes.size()), ssize_t(bytes.size()));
  }

 private:
  void serve() {
    int fd = listener_.accept_one();
    if (fd < 0) return;
    {
      std::lock_guard lk(mu_);
      fd_ = fd;
    }
    cv_.notify_all();
    std::string pkt;
    while (remote_test::read_packet(fd, &pkt)) {
      int proc = static_cast<int>(
          remote_test::get_be32(reinterpret_cast<const unsigned char *>(pkt.data()) + 8));
      {
        std::lock_guard lk(mu_);
        packets_.push_back(pkt);
      }
      cv_.notify_all();
      if (proc >= kAuto) send(remote_test::reply_packet(pkt, proto::OK, "auto"));
    }
  }

  remote_test::UnixListener listener_;
  std::thread thread_;
  int fd_ = -1;  // under mu_
  std::mutex mu_, write_mu_;
  std::condition_variable cv_;
  std::vector<std::string> packets_;
};

using virtkit_test::Victim;

std::string call(Client &c, int proc) {
  std::string reply;
  virtkit::Status st = c.call(proto::kRemoteProgram, proto::kRemoteVersion, proc, "", &reply);
  return st.ok() ? reply : "error: " + std::string(st.record()->message);
}

class RemoteCancel : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = Client::connect_unix(daemon_.path());
    ASSERT_TRUE(c.ok());
    client_ = *c;
    client_->opened();
  }
  void TearDown() override {
    if (client_) {
      // Usable by everyone else: a call still goes through.
      EXPECT_EQ(call(*client_, kAuto), "auto");
      EXPECT_TRUE(client_->alive());
      client_->close();
    }
  }
  Daemon daemon_;
  std::shared_ptr<Client> client_;
};

TEST_F(RemoteCancel, TheReaderCancelledTheWaitingCallerReadsItsReply) {
  Victim reader([&] { call(*client_, 1); });
  daemon_.wait_packets(1);
  std::this_thread::sleep_for(30ms);  // past the spin: asleep in poll
  std::string second;
  std::thread waiter([&] { second = call(*client_, 2); });
  daemon_.wait_packets(2);
  std::this_thread::sleep_for(30ms);  // asleep, waiting for the reader
  reader.cancel();
  EXPECT_EQ(reader.join(), PTHREAD_CANCELED);
  daemon_.reply(0, "late");  // dropped: nobody waits for it
  daemon_.reply(1, "two");
  waiter.join();
  EXPECT_EQ(second, "two");
}

TEST_F(RemoteCancel, AWaitingCallerCancelledTheReaderGetsItsReply) {
  std::string first;
  std::thread reader([&] { first = call(*client_, 1); });
  daemon_.wait_packets(1);
  std::this_thread::sleep_for(30ms);
  Victim waiter([&] { call(*client_, 2); });
  daemon_.wait_packets(2);
  std::this_thread::sleep_for(30ms);
  waiter.cancel();
  EXPECT_EQ(waiter.join(), PTHREAD_CANCELED);
  daemon_.reply(1, "late");
  daemon_.reply(0, "one");
  reader.join();
  EXPECT_EQ(first, "one");
}

TEST_F(RemoteCancel, BothCancelledLaterCallsGoThrough) {
  Victim a([&] { call(*client_, 1); });
  daemon_.wait_packets(1);
  Victim b([&] { call(*client_, 2); });
  daemon_.wait_packets(2);
  std::this_thread::sleep_for(30ms);
  a.cancel();
  b.cancel();
  EXPECT_EQ(a.join(), PTHREAD_CANCELED);
  EXPECT_EQ(b.join(), PTHREAD_CANCELED);
  daemon_.reply(0, "late");
  daemon_.reply(1, "late");
  EXPECT_EQ(call(*client_, kAuto + 1), "auto");
}

TEST_F(RemoteCancel, AThreadNotCancellableWaitsOn) {
  std::string got;
  Victim v([&] {
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, nullptr);
    got = call(*client_, 1);
  });
  daemon_.wait_packets(1);
  std::this_thread::sleep_for(30ms);
  v.cancel();
  std::this_thread::sleep_for(30ms);
  daemon_.reply(0, "one");
  EXPECT_EQ(v.join(), nullptr);  // returned normally
  EXPECT_EQ(got, "one");
}

TEST_F(RemoteCancel, AStreamReceiveCancelledTheStreamGoesOn) {
  auto s = std::make_shared<ClientStream>();
  s->prog = proto::kRemoteProgram;
  s->vers = proto::kRemoteVersion;
  s->proc = 5;
  s->serial = client_->next_serial();
  client_->add_stream(s);
  std::atomic<bool> waiting{false};
  Victim v([&] {
    auto lk = client_->lock();
    waiting = true;
    (void)client_->wait_stream_locked(lk, *s, s->changes);
  });
  while (!waiting) std::this_thread::yield();
  std::this_thread::sleep_for(50ms);
  v.cancel();
  EXPECT_EQ(v.join(), PTHREAD_CANCELED);
  // The stream's data, read by the next waiter.
  std::string pkt;
  remote_test::put_be32(pkt, 28 + 4);
  remote_test::put_be32(pkt, proto::kRemoteProgram);
  remote_test::put_be32(pkt, proto::kRemoteVersion);
  remote_test::put_be32(pkt, 5);
  remote_test::put_be32(pkt, proto::STREAM);
  remote_test::put_be32(pkt, s->serial);
  remote_test::put_be32(pkt, proto::CONTINUE);
  pkt += "data";
  daemon_.send(pkt);
  {
    auto lk = client_->lock();
    while (s->rx.empty()) ASSERT_TRUE(client_->wait_stream_locked(lk, *s, s->changes).ok());
    EXPECT_EQ(s->rx.front().body, "data");
  }
  client_->remove_stream(*s);
}

}  // namespace
