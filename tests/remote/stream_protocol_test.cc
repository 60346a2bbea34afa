// SPDX-License-Identifier: LGPL-2.1-or-later
// The remote stream protocol against a scripted in-process daemon: what the
// test driver of a real libvirtd cannot show (volume upload and download,
// holes of sparse streams, an error with every field in the middle of a
// stream). The daemon logs what the client sends; it answers calls with an
// empty reply and streams as libvirt's daemon does (data packets, holes,
// an empty packet at the end, a zero-length confirmation of finish/abort).
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/remote/client.h"
#include "drivers/remote/stream.h"
#include "test_daemon_socket.h"

namespace proto = virtkit::remote::proto;
namespace P = virtkit::remote::proto::remote_proc;
using virtkit::remote::Client;
using virtkit::remote::Decoder;
using virtkit::remote::Encoder;

namespace {

class FakeDaemon {
 public:
  FakeDaemon() {
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeDaemon() {
    listener_.stop();
    if (cfd_ >= 0) ::shutdown(cfd_, SHUT_RDWR);
    thread_.join();
    if (cfd_ >= 0) ::close(cfd_);
  }
  const std::string &path() const { return listener_.path(); }
  std::vector<std::string> log() {
    std::lock_guard g(mu_);
    return log_;
  }

 private:
  void send_packet(const proto::header &h, const std::string &payload) {
    std::string pkt;
    Encoder enc(pkt);
    enc.u32(static_cast<uint32_t>(4 + 24 + payload.size()));
    proto::header hh = h;
    xdr(enc, hh);
    pkt += payload;
    ASSERT_EQ(::send(cfd_, pkt.data(), pkt.size(), MSG_NOSIGNAL), static_cast<ssize_t>(pkt.size()));
  }
  void stream(proto::header h, int type, int status, const std::string &payload) {
    h.type = type;
    h.status = status;
    send_packet(h, payload);
  }
  void add(std::string s) {
    std::lock_guard g(mu_);
    log_.push_back(std::move(s));
  }

  void serve() {
    cfd_ = listener_.accept_one();
    if (cfd_ < 0) return;
    for (;;) {
      std::string buf;
      if (!remote_test::read_packet(cfd_, &buf)) return;
      Decoder dec(reinterpret_cast<const unsigned char *>(buf.data()), 24);
      proto::header h;
      xdr(dec, h);
      std::string body = buf.substr(24);
      if (h.type == proto::CALL) {
        proto::header r = h;
        r.type = proto::REPLY;
        r.status = proto::OK;
        send_packet(r, "");
        if (h.proc == P::storage_vol_download) {
          proto::storage_vol_download_args a;
          Decoder ad(reinterpret_cast<const unsigned char *>(body.data()), body.size());
          xdr(ad, a);
          download(h, a.offset);
        }
      } else if (h.type == proto::STREAM && h.status == proto::CONTINUE) {
        add(body.empty() ? "EOF" : "D:" + body);
      } else if (h.type == proto::STREAM_HOLE) {
        proto::stream_hole hole;
        Decoder hd(reinterpret_cast<const unsigned char *>(body.data()), body.size());
        xdr(hd, hole);
        add("H:" + std::to_string(hole.length) + "/" + std::to_string(hole.flags));
      } else if (h.type == proto::STREAM) {
        add(h.status == proto::OK ? "FINISH" : "ABORT");
        stream(h, proto::STREAM, proto::OK, "");  // the confirmation
      }
    }
  }

  // offset 0: data, a hole, data, the end; offset 1: data then an error.
  void download(const proto::header &h, uint64_t offset) {
    stream(h, proto::STREAM, proto::CONTINUE, "abc");
    if (offset == 1) {
      proto::error e{};
      e.code = VIR_ERR_OPERATION_FAILED;
      e.domain = VIR_FROM_STORAGE;
      e.message = std::string("operation failed: boom");
      e.level = VIR_ERR_ERROR;
      e.str1 = std::string("operation failed: %s");
      e.str2 = std::string("boom");
      e.int1 = 7;
      e.int2 = 9;
      std::string p;
      Encoder enc(p);
      xdr(enc, e);
      stream(h, proto::STREAM, proto::ERROR, p);
      return;
    }
    proto::stream_hole hole{1000, 0};
    std::string p;
    Encoder enc(p);
    xdr(enc, hole);
    stream(h, proto::STREAM_HOLE, proto::CONTINUE, p);
    stream(h, proto::STREAM, proto::CONTINUE, "xyz");
    stream(h, proto::STREAM, proto::CONTINUE, "");
  }

  remote_test::UnixListener listener_;
  std::atomic<int> cfd_{-1};  // set by serve(), read by the destructor
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> log_;
};

void quiet(void *, virErrorPtr) {}

class RemoteStreamProtocol : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    auto c = Client::connect_unix(daemon_.path());
    ASSERT_TRUE(c.ok());
    client_ = *c;
    client_->opened();
    // Stream handles need a connection: a local one serves.
    local_ = virConnectOpen("test:///default");
    ASSERT_NE(local_, nullptr);
  }
  void TearDown() override {
    if (client_) client_->close();
    if (local_) virConnectClose(local_);
  }

  virStreamPtr download(uint64_t offset, bool sparse) {
    virStreamPtr st = virStreamNew(local_, 0);
    proto::storage_vol_download_args a{
        {"pool", "vol", "key"},
        offset,
        0,
        sparse ? unsigned(VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM) : 0u};
    auto r =
        virtkit::drivers::remote::call_with_stream<P::storage_vol_download>(client_, st, sparse, a);
    EXPECT_TRUE(r.ok());
    return st;
  }
  virStreamPtr upload(bool sparse) {
    virStreamPtr st = virStreamNew(local_, 0);
    proto::storage_vol_upload_args a{
        {"pool", "vol", "key"}, 0, 0, sparse ? unsigned(VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM) : 0u};
    auto r =
        virtkit::drivers::remote::call_with_stream<P::storage_vol_upload>(client_, st, sparse, a);
    EXPECT_TRUE(r.ok());
    return st;
  }

  FakeDaemon daemon_;
  std::shared_ptr<Client> client_;
  virConnectPtr local_ = nullptr;
};

struct Sparse {
  std::string log;
};

TEST_F(RemoteStreamProtocol, SparseDownloadGivesDataAndHoles) {
  virStreamPtr st = download(0, true);
  Sparse s;
  auto sink = [](virStreamPtr, const char *d, size_t n, void *o) -> int {
    static_cast<Sparse *>(o)->log += "D:" + std::string(d, n) + " ";
    return static_cast<int>(n);
  };
  auto hole = [](virStreamPtr, long long len, void *o) -> int {
    static_cast<Sparse *>(o)->log += "H:" + std::to_string(len) + " ";
    return 0;
  };
  EXPECT_EQ(virStreamSparseRecvAll(st, sink, hole, &s), 0) << virGetLastErrorMessage();
  EXPECT_EQ(s.log, "D:abc H:1000 D:xyz ");
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(daemon_.log(), std::vector<std::string>{"FINISH"});
  virStreamFree(st);
}

TEST_F(RemoteStreamProtocol, HolesReadAsZeroesUnlessStoppedAt) {
  virStreamPtr st = download(0, true);
  std::string got;
  char buf[300];
  int n;
  while ((n = virStreamRecv(st, buf, sizeof buf)) > 0) got.append(buf, static_cast<size_t>(n));
  EXPECT_EQ(n, 0);
  EXPECT_EQ(got, "abc" + std::string(1000, '\0') + "xyz");
  EXPECT_EQ(virStreamFinish(st), 0);
  virStreamFree(st);

  st = download(0, true);
  EXPECT_EQ(virStreamRecvFlags(st, buf, sizeof buf, VIR_STREAM_RECV_STOP_AT_HOLE), 3);
  EXPECT_EQ(virStreamRecvFlags(st, buf, sizeof buf, VIR_STREAM_RECV_STOP_AT_HOLE), -3);
  long long len = 0;
  EXPECT_EQ(virStreamRecvHole(st, &len, 0), 0);
  EXPECT_EQ(len, 1000);
  EXPECT_EQ(virStreamRecvFlags(st, buf, sizeof buf, VIR_STREAM_RECV_STOP_AT_HOLE), 3);
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), 0);
  EXPECT_EQ(virStreamAbort(st), 0);
  EXPECT_EQ(daemon_.log(), (std::vector<std::string>{"FINISH", "ABORT"}));
  virStreamFree(st);
}

TEST_F(RemoteStreamProtocol, HoleOnAPlainStreamIsAnError) {
  virStreamPtr st = download(0, false);
  char buf[300];
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), 3);
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, VIR_ERR_RPC);
  EXPECT_EQ(e->domain, VIR_FROM_RPC);
  EXPECT_NE(std::strstr(e->message, "Unexpected stream hole"), nullptr) << e->message;
  virStreamAbort(st);
  virStreamFree(st);
}

TEST_F(RemoteStreamProtocol, SparseUploadSendsDataHolesAndFinish) {
  virStreamPtr st = upload(true);
  EXPECT_EQ(virStreamSend(st, "hello", 5), 5);
  EXPECT_EQ(virStreamSendHole(st, 4096, 0), 0);
  EXPECT_EQ(virStreamSend(st, "bye", 3), 3);
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(daemon_.log(), (std::vector<std::string>{"D:hello", "H:4096/0", "D:bye", "FINISH"}));
  virStreamFree(st);

  st = upload(false);
  EXPECT_EQ(virStreamSend(st, "x", 1), 1);
  EXPECT_EQ(virStreamSendHole(st, 10, 0), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_OPERATION_INVALID);
  EXPECT_EQ(virStreamAbort(st), 0);
  EXPECT_EQ(daemon_.log(),
            (std::vector<std::string>{"D:hello", "H:4096/0", "D:bye", "FINISH", "D:x", "ABORT"}));
  virStreamFree(st);
}

TEST_F(RemoteStreamProtocol, DaemonErrorMidStreamKeepsEveryField) {
  virStreamPtr st = download(1, false);
  char buf[300];
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), 3);
  for (int i = 0; i < 2; i++) {
    EXPECT_EQ(i == 0 ? virStreamRecv(st, buf, sizeof buf) : virStreamFinish(st), -1);
    virErrorPtr e = virGetLastError();
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->code, VIR_ERR_OPERATION_FAILED);
    EXPECT_EQ(e->domain, VIR_FROM_STORAGE);
    EXPECT_EQ(e->level, VIR_ERR_ERROR);
    EXPECT_STREQ(e->message, "operation failed: boom");
    EXPECT_STREQ(e->str1, "operation failed: %s");
    EXPECT_STREQ(e->str2, "boom");
    EXPECT_EQ(e->str3, nullptr);
    EXPECT_EQ(e->int1, 7);
    EXPECT_EQ(e->int2, 9);
  }
  virStreamFree(st);
}

TEST_F(RemoteStreamProtocol, EmptySendEndsTheDataAsLibvirtDoes) {
  virStreamPtr st = upload(false);
  EXPECT_EQ(virStreamSend(st, "", 0), 0);
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(daemon_.log(), (std::vector<std::string>{"EOF", "FINISH"}));
  virStreamFree(st);
}

}  // namespace
