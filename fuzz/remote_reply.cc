// SPDX-License-Identifier: LGPL-2.1-or-later
// Fuzz target: what a daemon writes to the remote driver's socket. A buggy
// or hostile daemon must only ever cause libvirt-style errors (a failed
// call, a closed connection), never a crash, hang, leak or huge allocation.
//
// The first byte picks a mode:
//  - 0 mod 4: the rest is decoded directly as one generated message type
//    (2 bytes: the procedure, 1 byte: args/ret/msg, then the payload), and
//    what decodes is encoded again: every XDR walk (arrays, optionals,
//    unions, limits) without a socket.
//  - otherwise a whole connection: virConnectOpen on a unix socket served by
//    a thread of this program, which answers with the rest of the input, a
//    list of chunks (below), then closes the socket. The main thread opens
//    the connection, registers a close callback and event callbacks, makes
//    a few representative calls (lookup, lists, typed parameters, a
//    stream), runs the event loop to deliver what came, and closes.
//
// A chunk is one byte `op`, a 2-byte big-endian length (cut to what is
// left) and that many bytes; by `op & 3`:
//   0 reply: reads the client's next packet and answers it (same program,
//     version, procedure and serial) with the bytes as payload; status
//     `(op >> 2) & 3`, type REPLY_WITH_FDS when `op & 0x10` else REPLY;
//   1 raw: the bytes as they are (packets with their own length word, or not);
//   2 message: a MESSAGE of the remote program (procedure: the first two
//     bytes, the rest the payload), an event;
//   3 stream: a STREAM (STREAM_HOLE when `op & 0x10`) packet for the last
//     call read, status `(op >> 2) & 3`; with `op & 0x20` the client's next
//     packet (a stream's finish or abort) is read first and answered.
//
// With VIRTKIT_FUZZ_PROXY=SOCKET and VIRTKIT_FUZZ_RECORD=FILE the served end
// forwards each call to a real daemon instead and writes its replies to
// FILE as an input of this target (for seeds; see corpus/remote_reply).
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "drivers/remote/client.h"

namespace {

namespace proto = virtkit::remote::proto;
using virtkit::remote::Client;

// ---- direct decoding of every generated message type ----

constexpr int kMaxProc = 512;

template <class T>
void round_trip(const std::string &payload) {
  auto r = Client::decode<T>(payload);
  if (!r.ok()) return;
  std::string again;
  (void)Client::encode(*r, &again);
}

template <int N>
void decode_proc(const std::string &payload, int which) {
  if constexpr (requires { typename proto::Proc<N>::ret; }) {
    switch (which) {
      case 0:
        return round_trip<typename proto::Proc<N>::args>(payload);
      case 1:
        return round_trip<typename proto::Proc<N>::ret>(payload);
      default:
        return round_trip<typename proto::Proc<N>::msg>(payload);
    }
  }
}

template <size_t... I>
constexpr auto decode_table(std::index_sequence<I...>) {
  return std::array<void (*)(const std::string &, int), sizeof...(I)>{
      &decode_proc<static_cast<int>(I)>...};
}

void decode_direct(const uint8_t *data, size_t size) {
  if (size < 3) return;
  static constexpr auto kTable = decode_table(std::make_index_sequence<kMaxProc>());
  int proc = ((data[0] << 8) | data[1]) % kMaxProc;
  int which = data[2] % 4;
  std::string payload(reinterpret_cast<const char *>(data + 3), size - 3);
  if (which == 3) {
    round_trip<proto::error>(payload);
    round_trip<proto::header>(payload);
    return;
  }
  kTable[proc](payload, which);
}

// ---- the served end of the socket ----

void put32(std::string &s, uint32_t v) {
  char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
               static_cast<char>(v)};
  s.append(b, 4);
}

uint32_t get32(const unsigned char *p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

// The client may legitimately wait for the daemon when the served end
// waits for a call (a stream waiting for data, a reply cut short): after
// kCallWaitMs without a call the served end ends the input and closes. The
// client must then give up at once; kHangMs after that is a hang.
constexpr int kCallWaitMs = 25;
constexpr int kHangMs = 20000;

// Whether `fd` became readable within `ms` (false: time out or error).
bool wait_in(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, ms);
  } while (rc < 0 && errno == EINTR);
  return rc > 0;
}

bool read_full(int fd, unsigned char *p, size_t n, int ms) {
  while (n) {
    if (!wait_in(fd, ms)) return false;
    ssize_t got = ::recv(fd, p, n, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

// One whole packet from `fd` (length word included); false at its end or
// when none starts within `ms`.
bool read_packet(int fd, std::string *pkt, int ms = kCallWaitMs) {
  unsigned char len[4];
  if (!read_full(fd, len, 4, ms)) return false;
  uint32_t n = get32(len);
  if (n < 28 || n > proto::kMessageMax + 4) return false;
  pkt->assign(reinterpret_cast<const char *>(len), 4);
  pkt->resize(n);
  return read_full(fd, reinterpret_cast<unsigned char *>(pkt->data()) + 4, n - 4, kHangMs);
}

bool write_full(int fd, const std::string &s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t w = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    off += static_cast<size_t>(w);
  }
  return true;
}

std::string packet(uint32_t prog, uint32_t vers, uint32_t proc, uint32_t type, uint32_t serial,
                   uint32_t status, const uint8_t *body, size_t blen) {
  std::string s;
  put32(s, static_cast<uint32_t>(28 + blen));
  put32(s, prog);
  put32(s, vers);
  put32(s, proc);
  put32(s, type);
  put32(s, serial);
  put32(s, status);
  s.append(reinterpret_cast<const char *>(body), blen);
  return s;
}

// The authentication list every connection asks for first is answered
// here ("none"), outside the input (seeds stay valid, mutations go to
// what follows): true when `call` was it.
constexpr uint32_t kAuthList = 66;
bool is_auth_list(const std::string &call) {
  const auto *h = reinterpret_cast<const unsigned char *>(call.data()) + 4;
  return get32(h) == proto::kRemoteProgram && get32(h + 8) == kAuthList &&
         get32(h + 12) == proto::CALL;
}
bool answer_auth_list(int fd, const std::string &call) {
  const auto *h = reinterpret_cast<const unsigned char *>(call.data()) + 4;
  const uint8_t none[8] = {0, 0, 0, 1, 0, 0, 0, 0};  // one type: none
  return write_full(fd, packet(get32(h), get32(h + 4), kAuthList, proto::REPLY, get32(h + 16),
                               proto::OK, none, sizeof none));
}

void serve(int fd, const uint8_t *data, size_t size) {
  std::string call;
  uint32_t prog = proto::kRemoteProgram, vers = proto::kRemoteVersion, proc = 0, serial = 0;
  size_t pos = 0;
  while (pos < size) {
    uint8_t op = data[pos++];
    size_t len = 0;
    if (pos + 2 <= size) len = (size_t(data[pos]) << 8) | data[pos + 1];
    pos = std::min(pos + 2, size);
    len = std::min(len, size - pos);
    const uint8_t *body = data + pos;
    pos += len;
    uint32_t status = (op >> 2) & 3;
    std::string out;
    if ((op & 3) == 0 || (op & 0x23) == 0x23) {
      if (!read_packet(fd, &call)) return;
      if (is_auth_list(call) && (!answer_auth_list(fd, call) || !read_packet(fd, &call))) return;
      const auto *h = reinterpret_cast<const unsigned char *>(call.data()) + 4;
      prog = get32(h);
      vers = get32(h + 4);
      proc = get32(h + 8);
      serial = get32(h + 16);
    }
    switch (op & 3) {
      case 0: {
        uint32_t type = op & 0x10 ? proto::REPLY_WITH_FDS : proto::REPLY;
        out = packet(prog, vers, proc, type, serial, status, body, len);
        break;
      }
      case 1:
        out.assign(reinterpret_cast<const char *>(body), len);
        break;
      case 2: {
        uint32_t p = len >= 2 ? (uint32_t(body[0]) << 8) | body[1] : 0;
        size_t skip = std::min<size_t>(len, 2);
        out = packet(proto::kRemoteProgram, proto::kRemoteVersion, p, proto::MESSAGE, 0, proto::OK,
                     body + skip, len - skip);
        break;
      }
      default: {
        uint32_t type = op & 0x10 ? proto::STREAM_HOLE : proto::STREAM;
        out = packet(prog, vers, proc, type, serial, status, body, len);
        break;
      }
    }
    if (!write_full(fd, out)) return;
  }
}

// Proxy mode: forwards every packet of the client to the daemon at `path`
// and each reply back, recording the replies as chunks of type 0.
void proxy(int fd, const char *path, const char *record) {
  int d = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
  if (::connect(d, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
    std::perror("remote_reply: proxy connect");
    std::exit(1);
  }
  std::string in = "\x01", call, reply;  // mode byte: a connection
  while (read_packet(fd, &call, kHangMs)) {
    if (is_auth_list(call)) {  // not recorded: serve() answers it itself
      if (!write_full(d, call) || !read_packet(d, &reply, kHangMs)) break;
      if (!answer_auth_list(fd, call)) break;
      continue;
    }
    if (!write_full(d, call)) break;
    const auto *ch = reinterpret_cast<const unsigned char *>(call.data()) + 4;
    if (get32(ch + 12) != proto::CALL) continue;  // stream packets get no reply
    if (!read_packet(d, &reply, kHangMs)) break;
    const auto *h = reinterpret_cast<const unsigned char *>(reply.data()) + 4;
    size_t blen = reply.size() - 28;
    in += static_cast<char>(get32(h + 20) << 2);
    in += static_cast<char>(blen >> 8);
    in += static_cast<char>(blen & 0xff);
    in.append(reply, 28);
    std::fprintf(stderr, "remote_reply: proc %u status %u, %zu bytes\n", get32(ch + 8),
                 get32(h + 20), blen);
    if (!write_full(fd, reply)) break;
  }
  ::close(d);
  if (FILE *f = std::fopen(record, "wb")) {
    std::fwrite(in.data(), 1, in.size(), f);
    std::fclose(f);
  }
}

// ---- the client side ----

void quiet(void *, virErrorPtr) {}

void touch(const char *s) {
  if (s) (void)std::strlen(s);
}
void touch(virDomainPtr d) {
  if (d) touch(virDomainGetName(d));
}

void close_cb(virConnectPtr, int, void *) {}
int lifecycle_cb(virConnectPtr, virDomainPtr d, int, int, void *) {
  touch(d);
  return 0;
}
void graphics_cb(virConnectPtr, virDomainPtr d, int, virDomainEventGraphicsAddressPtr local,
                 virDomainEventGraphicsAddressPtr remote, const char *scheme,
                 virDomainEventGraphicsSubjectPtr subject, void *) {
  touch(d);
  touch(local->node);
  touch(remote->service);
  touch(scheme);
  for (int i = 0; i < subject->nidentity; i++) touch(subject->identities[i].name);
}
void params_cb(virConnectPtr, virDomainPtr d, virTypedParameterPtr p, int n, void *) {
  touch(d);
  for (int i = 0; i < n; i++) {
    touch(p[i].field);
    if (p[i].type == VIR_TYPED_PARAM_STRING) touch(p[i].value.s);
  }
}
void disk_cb(virConnectPtr, virDomainPtr d, const char *old_src, const char *new_src,
             const char *alias, int, void *) {
  touch(d);
  touch(old_src);
  touch(new_src);
  touch(alias);
}
void network_cb(virConnectPtr, virNetworkPtr n, int, int, void *) {
  if (n) touch(virNetworkGetName(n));
}
void noop_timer(int, void *) {}

// The callback cast the VIR_*_EVENT_CALLBACK macros do (by way of
// void (*)(void), for C++).
template <class T, class F>
T as(F f) {
  return reinterpret_cast<T>(reinterpret_cast<void (*)()>(f));
}

// Runs the event loop until what was queued has been delivered.
void run_events() {
  int t = virEventAddTimeout(0, noop_timer, nullptr, nullptr);
  for (int i = 0; i < 3; i++) virEventRunDefaultImpl();
  virEventRemoveTimeout(t);
  virEventRunDefaultImpl();
}

void drive(const std::string &uri) {
  virConnectPtr conn = virConnectOpen(uri.c_str());
  if (!conn) return;
  virConnectRegisterCloseCallback(conn, close_cb, nullptr, nullptr);
  int ids[5];
  ids[0] = virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            as<virConnectDomainEventGenericCallback>(lifecycle_cb),
                                            nullptr, nullptr);
  ids[1] = virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_GRAPHICS,
                                            as<virConnectDomainEventGenericCallback>(graphics_cb),
                                            nullptr, nullptr);
  ids[2] = virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_TUNABLE,
                                            as<virConnectDomainEventGenericCallback>(params_cb),
                                            nullptr, nullptr);
  ids[3] = virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_DISK_CHANGE,
                                            as<virConnectDomainEventGenericCallback>(disk_cb),
                                            nullptr, nullptr);
  ids[4] = virConnectNetworkEventRegisterAny(conn, nullptr, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                             as<virConnectNetworkEventGenericCallback>(network_cb),
                                             nullptr, nullptr);

  virDomainPtr dom = virDomainLookupByName(conn, "test");
  virDomainPtr *doms = nullptr;
  int n = virConnectListAllDomains(conn, &doms, 0);
  for (int i = 0; i < n; i++) {
    touch(doms[i]);
    virDomainFree(doms[i]);
  }
  std::free(doms);
  int idlist[8];
  (void)virConnectListDomains(conn, idlist, 8);
  virDomainStatsRecordPtr *stats = nullptr;
  if (virConnectGetAllDomainStats(conn, 0, &stats, 0) >= 0) virDomainStatsRecordListFree(stats);
  if (dom) {
    std::free(virDomainGetXMLDesc(dom, 0));
    virDomainInfo info;
    (void)virDomainGetInfo(dom, &info);
    virTypedParameterPtr params = nullptr;
    int nparams = 0, type = 0;
    if (virDomainGetJobStats(dom, &type, &params, &nparams, 0) == 0)
      virTypedParamsFree(params, nparams);
    virVcpuInfo vcpus[4];
    unsigned char maps[4];
    (void)virDomainGetVcpus(dom, vcpus, 4, maps, 1);
    virStreamPtr st = virStreamNew(conn, 0);
    if (st) {
      if (virDomainOpenConsole(dom, nullptr, st, 0) == 0) {
        char buf[256];
        for (int i = 0; i < 4 && virStreamRecv(st, buf, sizeof buf) > 0; i++) {
        }
        (void)virStreamFinish(st);
      }
      virStreamFree(st);
    }
    virTypedParameter sched[4];
    int nsched = 4;
    (void)virDomainGetSchedulerParametersFlags(dom, sched, &nsched, 0);
    virDomainMemoryStatStruct mem[4];
    (void)virDomainMemoryStats(dom, mem, 4, 0);
    virSecurityLabel label;
    (void)virDomainGetSecurityLabel(dom, &label);
    virDomainSnapshotPtr *snaps = nullptr;
    int nsnaps = virDomainListAllSnapshots(dom, &snaps, 0);
    for (int i = 0; i < nsnaps; i++) virDomainSnapshotFree(snaps[i]);
    std::free(snaps);
  }
  unsigned char *cpumap = nullptr;
  unsigned online = 0;
  if (virNodeGetCPUMap(conn, &cpumap, &online, 0) >= 0) std::free(cpumap);
  virNetworkPtr *nets = nullptr;
  int nnets = virConnectListAllNetworks(conn, &nets, 0);
  for (int i = 0; i < nnets; i++) {
    touch(virNetworkGetName(nets[i]));
    virNetworkFree(nets[i]);
  }
  std::free(nets);
  run_events();
  for (int i = 0; i < 4; i++)
    if (ids[i] >= 0) virConnectDomainEventDeregisterAny(conn, ids[i]);
  if (ids[4] >= 0) virConnectNetworkEventDeregisterAny(conn, ids[4]);
  virConnectUnregisterCloseCallback(conn, close_cb);
  if (dom) virDomainFree(dom);
  virConnectClose(conn);
  run_events();
}

struct Listener {
  std::string path, uri;
  int fd = -1;
};

Listener &listener() {
  static Listener l = [] {
    Listener r;
    r.path = "/tmp/virtkit-fuzz-remote-" + std::to_string(::getpid()) + ".sock";
    ::unlink(r.path.c_str());
    r.fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", r.path.c_str());
    if (::bind(r.fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
        ::listen(r.fd, 4) != 0) {
      std::perror("remote_reply: listen");
      std::exit(1);
    }
    std::atexit([] { ::unlink(listener().path.c_str()); });
    r.uri = "test+unix:///default?socket=" + r.path;
    return r;
  }();
  return l;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static bool once = [] {
    virSetErrorFunc(nullptr, quiet);
    virEventRegisterDefaultImpl();
    return true;
  }();
  (void)once;
  if (size < 1) return 0;
  if (data[0] % 4 == 0) {
    decode_direct(data + 1, size - 1);
    return 0;
  }
  Listener &l = listener();
  const char *proxy_to = std::getenv("VIRTKIT_FUZZ_PROXY");
  const char *record = std::getenv("VIRTKIT_FUZZ_RECORD");
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread server([&] {
    if (wait_in(l.fd, kHangMs)) {
      int fd = ::accept4(l.fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) {
        if (proxy_to && record)
          proxy(fd, proxy_to, record);
        else
          serve(fd, data + 1, size - 1);
        ::close(fd);
      }
    }
    // The client has all it will get: it must finish now.
    std::unique_lock lk(mu);
    if (!cv.wait_for(lk, std::chrono::milliseconds(kHangMs), [&] { return done; })) {
      std::fprintf(stderr, "remote_reply: the client hangs after the socket closed\n");
      std::abort();
    }
  });
  drive(l.uri);
  {
    std::lock_guard g(mu);
    done = true;
  }
  cv.notify_one();
  server.join();
  return 0;
}
