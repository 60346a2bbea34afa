// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/client.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/unwind.h"
#include "drivers/remote/child.h"
#include "util/log.h"
#include "util/user_dirs.h"

namespace virtkit::remote {

namespace {

constexpr size_t kLenSize = 4;
constexpr size_t kHeaderSize = 24;
constexpr size_t kMaxPacket = proto::kMessageMax + kLenSize;
// How long the socket stays with the calling threads after the last call
// before the background thread watches it again.
constexpr auto kLinger = std::chrono::milliseconds(20);

// libvirt's log categories for its client and socket code.
log::Source g_log_client("rpc.netclient");
log::Source g_log_socket("rpc.netsocket");

// What the socket is asked for at least per read: room for many small replies.
constexpr size_t kReadChunk = 64 * 1024;
// Busy-polling for a reply: the default longest spin (VIRTKIT_REMOTE_POLL_US
// sets it, 0 turns it off).
constexpr int64_t kSpinDefaultNs = 50'000;

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// The longest spin for this process: none on a machine with one CPU (a local
// daemon would wait for the spinner's CPU). A process confined to one CPU
// may still spin: the daemon may have CPUs of its own; where it shares the
// spinner's, no spin sees its reply, and SpinPolicy soon stops spinning.
int64_t spin_max_ns() {
  static const int64_t max = [] {
    int64_t ns = kSpinDefaultNs;
    if (const char *v = std::getenv("VIRTKIT_REMOTE_POLL_US"); v && *v) {
      char *end = nullptr;
      long long us = std::strtoll(v, &end, 10);
      if (*end == '\0' && us >= 0 && us <= 1'000'000) ns = us * 1000;
    }
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2) ns = 0;
    return ns;
  }();
  return max;
}

// At most this many descriptors per message (VIR_NET_MESSAGE_NUM_FDS_MAX).
constexpr size_t kMaxFds = 32;
// Stream data waits for the writer while more than this is queued.
constexpr size_t kMaxQueued = 1024 * 1024;

void put_u32(unsigned char *p, uint32_t v) {
  p[0] = static_cast<unsigned char>(v >> 24);
  p[1] = static_cast<unsigned char>(v >> 16);
  p[2] = static_cast<unsigned char>(v >> 8);
  p[3] = static_cast<unsigned char>(v);
}

uint32_t get_u32(const char *p) {
  const auto *u = reinterpret_cast<const unsigned char *>(p);
  return (uint32_t(u[0]) << 24) | (uint32_t(u[1]) << 16) | (uint32_t(u[2]) << 8) | u[3];
}

// The daemon's error record, every field as sent (libvirt's client maps an
// "unknown procedure" RPC error to VIR_ERR_NO_SUPPORT and a missing message
// to "Unknown error").
Status from_remote_error(proto::error &e) {
  int code = e.code;
  if ((e.domain == VIR_FROM_REMOTE || e.domain == VIR_FROM_RPC) && e.code == VIR_ERR_RPC &&
      e.level == VIR_ERR_ERROR && e.message && e.message->rfind("unknown procedure", 0) == 0)
    code = VIR_ERR_NO_SUPPORT;
  auto c = [](const std::optional<std::string> &s) { return s ? s->c_str() : nullptr; };
  return Status(ErrorRecord::make(e.domain, code, e.level,
                                  e.message ? e.message->c_str() : "Unknown error", c(e.str1),
                                  c(e.str2), c(e.str3), e.int1, e.int2));
}

proto::header header_of(std::string_view pkt) {
  Decoder dec(reinterpret_cast<const unsigned char *>(pkt.data()), kHeaderSize);
  proto::header h;
  xdr(dec, h);
  return h;
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void Client::Pending::wait(std::unique_lock<std::mutex> &lk) {
  // Read under mu_: a wake() decided under mu_ after this bumps past it.
  uint32_t seen = signals.load(std::memory_order_relaxed);
  lk.unlock();
  // Returns at once if signals moved on; EINTR: recheck. Where a caller's
  // thread may be cancelled (see the class comment).
  futex_wait(&signals, seen);
  lk.lock();
}

void Client::Pending::wake() {
  signals.fetch_add(1, std::memory_order_release);
  futex_wake(&signals, false);
}

Result<std::shared_ptr<Client>> Client::adopt(int fd, bool pass_fds) {
  int wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake < 0) {
    int err = errno;
    ::close(fd);
    return system_error(VIR_FROM_RPC, err, "%s", "Unable to create wakeup event");
  }
  std::shared_ptr<Client> c(new Client(fd, wake, pass_fds));
  c->start();
  return c;
}

namespace {

// The session daemon's start-up lock, removed when the connect is done.
class StartLock {
 public:
  ~StartLock() {
    if (fd_ < 0) return;
    ::unlink(path_.c_str());
    ::close(fd_);
  }
  Status take(const std::string &daemon) {
    std::string rundir = util::user_runtime_dir();
    if (int err = mkdir_parents(rundir); err != 0)
      return system_error(VIR_FROM_RPC, err, "Cannot create user runtime directory '%s'",
                          rundir.c_str());
    std::string base = daemon;
    while (base.size() > 1 && base.back() == '/') base.pop_back();
    if (size_t slash = base.rfind('/'); slash != std::string::npos && base.size() > 1)
      base.erase(0, slash + 1);
    path_ = rundir + "/" + base + ".lock";
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
      return system_error(VIR_FROM_RPC, errno, "Unable to create lock '%s'", path_.c_str());
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 1;
    while (::fcntl(fd_, F_SETLKW, &fl) < 0) {
      if (errno != EINTR)
        return system_error(VIR_FROM_RPC, errno, "Unable to lock '%s'", path_.c_str());
    }
    return Status();
  }

 private:
  // g_mkdir_with_parents: every missing directory made with mode 0700.
  static int mkdir_parents(const std::string &dir) {
    for (size_t i = 1; i <= dir.size(); i++) {
      if (i < dir.size() && dir[i] != '/') continue;
      std::string part = dir.substr(0, i);
      if (::mkdir(part.c_str(), 0700) < 0 && errno != EEXIST) return errno;
    }
    struct stat st;
    if (::stat(dir.c_str(), &st) < 0) return errno;
    return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
  }
  std::string path_;
  int fd_ = -1;
};

}  // namespace

Result<std::shared_ptr<Client>> Client::connect_unix(const std::string &path,
                                                     const std::string *daemon) {
  VK_DEBUG(g_log_socket, "path=%s spawnDaemonPath=%s", path.c_str(),
           daemon ? daemon->c_str() : "<null>");
  StartLock lock;
  if (daemon) VK_TRY(lock.take(*daemon));
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return system_error(VIR_FROM_RPC, errno, "%s", "Failed to create socket");
  ScopeExit close_fd([&fd] {
    if (fd >= 0) ::close(fd);
  });
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path)
    return system_error(VIR_FROM_RPC, ENOMEM, "Path %s too long for unix socket", path.c_str());
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';
  bool launched = false;
  for (int retries = 500;;) {
    int rc;
    do {
      rc = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    } while (rc < 0 && errno == EINTR);
    if (rc == 0) break;
    int err = errno;
    if (!daemon || --retries == 0 || (err != ENOENT && err != ECONNREFUSED))
      return system_error(VIR_FROM_RPC, err, "Failed to connect socket to '%s'", path.c_str());
    if (!launched) {
      VK_TRY(spawn_daemon(*daemon));
      launched = true;
    }
    (void)poll_cancellable(nullptr, 0, 10);  // a point of cancellation
  }
  return adopt(std::exchange(fd, -1), true);
}

Result<int> Client::connect_tcp_fd(const std::string &node, const std::string &service) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_flags = AI_PASSIVE | AI_ADDRCONFIG | AI_V4MAPPED;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo *ai = nullptr;
  int e = ::getaddrinfo(node.c_str(), service.c_str(), &hints, &ai);
  if (e != 0)
    return error(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR,
                 "Unable to resolve address '%s' service '%s': %s", node.c_str(), service.c_str(),
                 gai_strerror(e));
  int saved = EINVAL;
  int fd = -1;
  for (addrinfo *p = ai; p; p = p->ai_next) {
    fd = ::socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
    if (fd < 0) {
      int err = errno;
      ::freeaddrinfo(ai);
      return system_error(VIR_FROM_RPC, err, "%s", "Unable to create socket");
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, p->ai_addr, p->ai_addrlen) == 0) break;
    saved = errno;
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(ai);
  if (fd < 0)
    return system_error(VIR_FROM_RPC, saved, "unable to connect to server at '%s:%s'", node.c_str(),
                        service.c_str());
  return fd;
}

Result<std::shared_ptr<Client>> Client::connect_tcp(const std::string &node,
                                                    const std::string &service) {
  auto fd = connect_tcp_fd(node, service);
  VK_TRY(fd);
  return adopt(*fd);
}

Result<std::shared_ptr<Client>> Client::connect_command(const std::vector<std::string> &argv) {
  auto child = spawn_child(argv);
  VK_TRY(child);
  int flags = fcntl(child->fd, F_GETFL);
  fcntl(child->fd, F_SETFL, flags | O_NONBLOCK);
  auto c = adopt(child->fd);
  if (!c.ok()) {
    ::close(child->errfd);
    end_child(child->pid);
    return c;
  }
  (*c)->child_errfd_ = child->errfd;
  (*c)->child_pid_ = child->pid;
  return c;
}

Result<std::shared_ptr<Client>> Client::connect_libssh(const LibsshParams &p) {
  auto t = remote::connect_libssh(p);
  VK_TRY(t);
  int fd = (*t)->take_fd();
  int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  auto c = adopt(fd);
  VK_TRY(c);
  (*c)->libssh_ = std::move(t).value();
  return c;
}

Status Client::read_error(bool eof, int err) {
  if (libssh_) {
    if (std::optional<Status> st = libssh_->failure()) return *st;
  }
  std::optional<std::string> said;
  if (child_errfd_ >= 0) {
    said = read_child_stderr(child_errfd_);
    if (!said) err = EOVERFLOW;
  }
  if (eof)
    return said ? system_error(VIR_FROM_RPC, EIO, "End of file while reading data: %s",
                               said->c_str())
                : system_error(VIR_FROM_RPC, EIO, "%s", "End of file while reading data");
  return said ? system_error(VIR_FROM_RPC, err, "Cannot recv data: %s", said->c_str())
              : system_error(VIR_FROM_RPC, err, "%s", "Cannot recv data");
}

void Client::end_child_process() {
  pid_t pid = child_pid_.exchange(-1);
  if (pid > 0) end_child(pid);
}

void Client::start() {
  spin_ = SpinPolicy(spin_max_ns());
  background_ = std::thread([self = shared_from_this()] { self->background_loop(); });
}

Client::~Client() {
  CancelShield shield;  // joining is a cancellation point
  if (background_.joinable()) {
    ::shutdown(fd_, SHUT_RDWR);
    nudge_background();
    if (background_.get_id() == std::this_thread::get_id())
      background_.detach();
    else
      background_.join();
  }
  ::close(fd_);
  ::close(wake_fd_);
  if (child_errfd_ >= 0) ::close(child_errfd_);
  end_child_process();
  if (libssh_) libssh_->end();
  for (const RxFd &r : rx_fds_) ::close(r.fd);
  close_fds(&pkt_fds_);
}

bool Client::alive() {
  std::lock_guard g(mu_);
  return !dead_;
}

void Client::close() {
  CancelShield shield;
  {
    std::lock_guard g(mu_);
    closing_ = true;
    mark_dead_locked(error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "client socket is closed"));
  }
  ::shutdown(fd_, SHUT_RDWR);
  nudge_background();
  if (background_.joinable()) {
    if (background_.get_id() == std::this_thread::get_id())
      background_.detach();
    else
      background_.join();
  }
  end_child_process();  // no ssh outlives its connection
  if (libssh_) libssh_->end();
}

void Client::nudge_background() {
  uint64_t one = 1;
  ssize_t n = ::write(wake_fd_, &one, sizeof one);
  (void)n;  // a full counter already wakes the poll
}

void Client::mark_dead_locked(Status why) {
  if (dead_) return;
  dead_ = true;
  death_ = why;
  // Woken with the lock held: death is rare, and simpler so.
  for (auto &[serial, p] : pending_) {
    p->status = why;
    p->done = true;
    p->wake();
  }
  pending_.clear();
  for (const PendingRef &p : waiters_) {
    p->status = why;
    p->done = true;
    p->wake();
  }
  waiters_.clear();
  bg_cv_.notify_one();
}

Client::PendingRef Client::hand_off_locked() {
  for (auto &[serial, p] : pending_) {
    if (!p->done) return p;
  }
  for (const PendingRef &p : waiters_) {
    if (!p->done) return p;
  }
  // No call waits: the background thread takes the role when the burst of
  // calls has stopped for kLinger (it wakes on its own; waking it after
  // every call would cost two thread switches per call), or at once when
  // messages are awaited.
  last_active_ = std::chrono::steady_clock::now();
  if (watch_messages_) bg_cv_.notify_one();
  return nullptr;
}

void Client::opened() {
  std::lock_guard g(mu_);
  opened_ = true;
  bg_cv_.notify_one();
}

void Client::set_watch_messages(bool on) {
  std::lock_guard g(mu_);
  watch_messages_ = on;
  if (on) bg_cv_.notify_one();
}

bool Client::write_all(const std::vector<std::string> &pkts, Status *st) {
  constexpr size_t kMaxIov = 64;
  size_t i = 0, off = 0;  // the first byte not yet written
  while (i < pkts.size()) {
    iovec iov[kMaxIov];
    size_t n = 0;
    for (size_t j = i; j < pkts.size() && n < kMaxIov; ++j, ++n) {
      size_t o = j == i ? off : 0;
      iov[n].iov_base = const_cast<char *>(pkts[j].data() + o);
      iov[n].iov_len = pkts[j].size() - o;
    }
    msghdr m{};
    m.msg_iov = iov;
    m.msg_iovlen = n;
    ssize_t w = ::sendmsg(fd_, &m, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      *st = system_error(VIR_FROM_RPC, errno ? errno : EIO, "%s", "Cannot write data");
      return false;
    }
    auto left = static_cast<size_t>(w);
    while (left) {
      size_t rest = pkts[i].size() - off;
      if (left < rest) {
        off += left;
        break;
      }
      left -= rest;
      ++i;
      off = 0;
    }
  }
  return true;
}

// Length word, header, the descriptor count when `nfds` (a *_WITH_FDS
// packet), payload.
std::string Client::make_packet(uint32_t prog, uint32_t vers, int proc, int type, uint32_t serial,
                                int status, const uint32_t *nfds, const std::string &payload) {
  size_t head_len = kLenSize + kHeaderSize + (nfds ? 4 : 0);
  std::string pkt;
  pkt.reserve(head_len + payload.size());
  pkt.resize(head_len);
  auto *head = reinterpret_cast<unsigned char *>(pkt.data());
  put_u32(head, static_cast<uint32_t>(head_len + payload.size()));
  put_u32(head + 4, prog);
  put_u32(head + 8, vers);
  put_u32(head + 12, static_cast<uint32_t>(proc));
  put_u32(head + 16, static_cast<uint32_t>(type));
  put_u32(head + 20, serial);
  put_u32(head + 24, static_cast<uint32_t>(status));
  if (nfds) put_u32(head + 28, *nfds);
  pkt += payload;
  return pkt;
}

void Client::log_tx(const std::string &pkt) {
  if (!log::on(g_log_client, log::kInfo)) return;
  proto::header h = header_of(std::string_view(pkt).substr(kLenSize, kHeaderSize));
  log::write(g_log_client, log::kInfo, __FILE__, __func__, __LINE__,
             "RPC_CLIENT_MSG_TX_QUEUE: client=%p len=%zu prog=%u vers=%u proc=%u type=%u "
             "status=%u serial=%u",
             static_cast<void *>(this), pkt.size(), h.prog, h.vers, static_cast<unsigned>(h.proc),
             static_cast<unsigned>(h.type), static_cast<unsigned>(h.status), h.serial);
}

Status Client::send_packet(uint32_t prog, uint32_t vers, int proc, int type, uint32_t serial,
                           int status, const std::string &payload, bool bounded) {
  std::string pkt = make_packet(prog, vers, proc, type, serial, status, nullptr, payload);
  log_tx(pkt);

  std::unique_lock g(out_mu_);
  if (bounded) out_cv_.wait(g, [&] { return !writing_ || out_bytes_ <= kMaxQueued; });
  out_bytes_ += pkt.size();
  out_q_.push_back(std::move(pkt));
  if (writing_) return Status();  // the writer at work sends it
  writing_ = true;
  return write_queue(g, Status());
}

Status Client::write_queue(std::unique_lock<std::mutex> &g, Status st) {
  std::vector<std::string> batch = std::move(out_spare_);
  while (!out_q_.empty()) {
    batch.swap(out_q_);
    out_bytes_ = 0;
    g.unlock();
    out_cv_.notify_all();
    // After a failure the rest is dropped: the stream is unusable.
    if (st.ok()) write_all(batch, &st);
    batch.clear();
    g.lock();
  }
  writing_ = false;
  out_spare_ = std::move(batch);
  g.unlock();
  out_cv_.notify_all();
  if (!st.ok()) {
    // A failed (perhaps partial) write leaves the stream unusable: the
    // connection is dead for every caller, not only this one.
    std::lock_guard l(mu_);
    mark_dead_locked(st);
  }
  return st;
}

Status Client::call(uint32_t prog, uint32_t vers, int proc, const std::string &payload,
                    std::string *reply, uint32_t serial) {
  CancelShield shield;
  if (kHeaderSize + payload.size() > proto::kMessageMax)
    return error(VIR_FROM_RPC, VIR_ERR_RPC, "message payload is too large: %zu", payload.size());
  auto me = std::make_shared<Pending>();
  if (!serial) serial = next_serial();
  VK_TRY(register_call(serial, me));
  // A failed write fails `me` (with the write's error) with every other call.
  (void)send_packet(prog, vers, proc, proto::CALL, serial, proto::OK, payload);
  return await_call(me, reply);
}

Status Client::register_call(uint32_t serial, const PendingRef &me) {
  bool nudge = false;
  {
    std::lock_guard g(mu_);
    if (dead_) return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "client socket is closed");
    pending_.emplace(serial, me);
    if (bg_reading_ && !bg_nudged_) nudge = bg_nudged_ = true;
  }
  if (nudge) nudge_background();
  return Status();
}

Status Client::await_call(const PendingRef &me, std::string *reply) {
  std::unique_lock lk(mu_);
  wait_locked(lk, me);
  lk.unlock();
  // Written before `done` under mu_, never after.
  if (!me->status.ok()) return std::move(me->status);
  if (reply) *reply = std::move(me->body);
  return Status();
}

// ---- passing descriptors (SCM_RIGHTS) ----

void Client::close_fds(std::vector<int> *fds) {
  for (int f : *fds) ::close(f);
  fds->clear();
}

Status Client::call_fds(uint32_t prog, uint32_t vers, int proc, const std::string &payload,
                        const int *fds, size_t nfds, std::string *reply,
                        std::vector<int> *fds_out) {
  CancelShield shield;
  if (fds_out) fds_out->clear();
  // Duplicates are sent, as libvirt's client does (its errors for a bad one).
  std::vector<int> dups;
  for (size_t i = 0; i < nfds; i++) {
    int d = ::fcntl(fds[i], F_DUPFD_CLOEXEC, 0);
    if (d < 0) {
      int err = errno;
      close_fds(&dups);
      return system_error(VIR_FROM_RPC, err, "Cannot duplicate FD %d", fds[i]);
    }
    dups.push_back(d);
  }
  if (nfds > kMaxFds) {
    close_fds(&dups);
    return error(VIR_FROM_RPC, VIR_ERR_RPC, "Too many FDs to send %d, expected %d maximum",
                 static_cast<int>(nfds), static_cast<int>(kMaxFds));
  }
  if (kHeaderSize + (nfds ? 4 : 0) + payload.size() > proto::kMessageMax) {
    close_fds(&dups);
    return error(VIR_FROM_RPC, VIR_ERR_RPC, "message payload is too large: %zu", payload.size());
  }
  auto me = std::make_shared<Pending>();
  me->want_fds = fds_out != nullptr;
  uint32_t serial = next_serial();
  if (Status st = register_call(serial, me); !st.ok()) {
    close_fds(&dups);
    return st;
  }
  // A failed write fails `me` with every other call.
  if (nfds)
    (void)send_packet_fds(serial, proc, prog, vers, payload, dups);
  else
    (void)send_packet(prog, vers, proc, proto::CALL, serial, proto::OK, payload);
  close_fds(&dups);
  Status st = await_call(me, reply);
  if (!st.ok()) {
    close_fds(&me->fds);
    return st;
  }
  if (fds_out) fds_out->swap(me->fds);
  return Status();
}

Status Client::send_packet_fds(uint32_t serial, int proc, uint32_t prog, uint32_t vers,
                               const std::string &payload, const std::vector<int> &fds) {
  auto nfds = static_cast<uint32_t>(fds.size());
  std::string pkt =
      make_packet(prog, vers, proc, proto::CALL_WITH_FDS, serial, proto::OK, &nfds, payload);
  log_tx(pkt);

  // The descriptors must follow their packet on the socket with no other
  // packet's bytes between: this caller becomes the writer, sends what was
  // queued before and its packet, then the descriptors, and then whatever
  // others queued meanwhile.
  std::unique_lock g(out_mu_);
  out_cv_.wait(g, [&] { return !writing_; });
  writing_ = true;
  std::vector<std::string> batch;
  batch.swap(out_q_);
  out_bytes_ = 0;
  batch.push_back(std::move(pkt));
  g.unlock();
  out_cv_.notify_all();
  Status st;
  if (write_all(batch, &st)) {
    for (int f : fds) {
      if (!pass_fds_) {
        st = error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s",
                   "Sending file descriptors is not supported on this socket");
        break;
      }
      char byte = 0;
      iovec iov{&byte, 1};
      alignas(cmsghdr) char ctl[CMSG_SPACE(sizeof(int))] = {};
      msghdr m{};
      m.msg_iov = &iov;
      m.msg_iovlen = 1;
      m.msg_control = ctl;
      m.msg_controllen = sizeof ctl;
      cmsghdr *c = CMSG_FIRSTHDR(&m);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN(sizeof(int));
      std::memcpy(CMSG_DATA(c), &f, sizeof f);
      ssize_t w;
      do {
        w = ::sendmsg(fd_, &m, MSG_NOSIGNAL);
      } while (w < 0 && errno == EINTR);
      if (w != 1) {
        st =
            system_error(VIR_FROM_RPC, w < 0 ? errno : EIO, "Failed to send file descriptor %d", f);
        break;
      }
    }
  }
  g.lock();
  return write_queue(g, std::move(st));
}

void Client::wait_locked(std::unique_lock<std::mutex> &lk, const PendingRef &me) {
  bool reader = false;
  Wakes wakes;
  try {
    while (!me->done && reading_) me->wait(lk);
    if (me->done) return;
    // Take the reader role until `me` is done. Those whose packets come
    // first are woken outside the lock.
    reading_ = reader = true;
    spin_ok_ = true;
    while (!me->done) {
      spin_yield_ = pending_.size() + waiters_.size() > 1;
      lk.unlock();
      for (const PendingRef &w : wakes)
        if (w != me) w->wake();
      wakes.clear();
      std::string_view pkt;
      Status why;
      bool ok = read_packet(&pkt, &why);
      lk.lock();
      if (!ok)
        mark_dead_locked(std::move(why));
      else
        process_locked(lk, pkt, &wakes);
    }
  } catch (...) {
    // The thread ends while it waits (cancelled: core/unwind.h): the call
    // is forgotten (its reply will be dropped) and the reader role, with
    // whatever was read, goes to the next caller.
    if (!lk.owns_lock()) lk.lock();
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->second == me) {
        pending_.erase(it);
        break;
      }
    }
    std::erase(waiters_, me);
    PendingRef next;
    if (reader) {
      reading_ = false;
      next = hand_off_locked();
    }
    for (const PendingRef &w : wakes)
      if (w != me) w->wake();
    if (next) next->wake();
    throw;
  }
  reading_ = false;
  PendingRef next = hand_off_locked();
  if (wakes.empty() && !next) return;
  lk.unlock();
  for (const PendingRef &w : wakes)
    if (w != me) w->wake();
  if (next) next->wake();
  lk.lock();
}

void Client::process_locked(std::unique_lock<std::mutex> &lk, std::string_view pkt, Wakes *wakes) {
  std::shared_ptr<ClientStream> changed;
  bool handled = dispatch_locked(pkt, wakes, &changed);
  close_fds(&pkt_fds_);  // descriptors no call took
  if (!handled) {
    lk.unlock();
    deliver_message(pkt);
    lk.lock();
  }
  if (changed && changed->on_change) {
    lk.unlock();
    changed->on_change();
    lk.lock();
  }
}

// ---- streams ----

void Client::add_stream(std::shared_ptr<ClientStream> s) {
  std::lock_guard g(mu_);
  uint32_t serial = s->serial;
  streams_[serial] = std::move(s);
}

void Client::remove_stream(const ClientStream &s) {
  std::lock_guard g(mu_);
  auto it = streams_.find(s.serial);
  if (it != streams_.end() && it->second.get() == &s) streams_.erase(it);
}

Status Client::wait_stream_locked(std::unique_lock<std::mutex> &lk, ClientStream &s,
                                  uint64_t seen) {
  CancelShield shield;
  if (dead_) return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "client socket is closed");
  if (s.changes != seen) return Status();
  auto me = std::make_shared<Pending>();
  me->stream = &s;
  waiters_.push_back(me);
  bool nudge = bg_reading_ && !bg_nudged_;
  if (nudge) {
    bg_nudged_ = true;
    nudge_background();  // the background thread hands over the socket
  }
  wait_locked(lk, me);
  std::erase(waiters_, me);
  return std::move(me->status);
}

Status Client::send_stream(const ClientStream &s, int type, int status,
                           const std::string &payload) {
  CancelShield shield;
  {
    std::lock_guard g(mu_);
    if (dead_) return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "client socket is closed");
  }
  // Data packets wait while much is queued (a sender must not outrun the
  // socket); a finish or abort does not.
  return send_packet(s.prog, s.vers, s.proc, type, s.serial, status, payload,
                     status == proto::CONTINUE);
}

void Client::dispatch_stream_locked(const proto::header &h, std::string_view pkt, Wakes *wakes,
                                    std::shared_ptr<ClientStream> *changed) {
  auto it = streams_.find(h.serial);
  // Packets may still come for a stream already closed: dropped.
  if (it == streams_.end()) return;
  ClientStream &s = *it->second;
  if (s.prog != h.prog || s.vers != h.vers || s.proc != h.proc) return;
  const auto *body = reinterpret_cast<const unsigned char *>(pkt.data()) + kHeaderSize;
  size_t blen = pkt.size() - kHeaderSize;
  if (h.status == proto::CONTINUE) {
    if (blen == 0)
      s.eof = true;  // no payload: the end of the stream
    else
      s.rx.push_back(ClientStream::Packet{h.type, std::string(pkt.substr(kHeaderSize))});
  } else if (h.status == proto::OK) {
    // The confirmation of a finish or abort (unexpected otherwise).
    if (s.closing < 0) return;
    s.closed = s.closing == proto::OK ? ClientStream::kFinished : ClientStream::kAborted;
  } else if (h.status == proto::ERROR) {
    proto::error e;
    Decoder ed(body, blen);
    xdr(ed, e);
    if (!ed.ok()) return;
    s.err = from_remote_error(e);
    s.has_err = true;
  } else {
    return;
  }
  s.changes++;
  for (const PendingRef &p : waiters_) {
    if (p->stream == &s && !p->done) {
      p->done = true;
      wakes->push_back(p);
    }
  }
  *changed = it->second;
}

// ---- keepalive ----

Status Client::start_keepalive(int interval, unsigned count) {
  std::lock_guard g(mu_);
  if (ka_running_) return Status();
  if (interval > 0) {
    if (ka_interval_ > 0)
      return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s", "keepalive interval already set");
    if (interval > INT_MAX / 1000)
      return error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "keepalive interval %d too large",
                   interval);
    ka_interval_ = interval;
    ka_count_ = count;
    ka_to_death_ = count;
  }
  if (ka_interval_ <= 0) return Status();
  int64_t now = now_ms();
  int64_t iv = int64_t(ka_interval_) * 1000;
  int64_t idle = now - ka_last_rx_.load();
  int64_t timeout = idle > iv ? 0 : iv - idle;
  ka_interval_start_ = now - (iv - timeout);
  ka_running_ = true;
  bg_cv_.notify_one();
  if (bg_reading_) nudge_background();  // recompute the poll's timeout
  return Status();
}

void Client::stop_keepalive() {
  std::lock_guard g(mu_);
  ka_running_ = false;
}

int Client::keepalive_timeout_ms_locked() {
  if (!ka_running_ || ka_interval_ <= 0) return -1;
  int64_t start = std::max(ka_interval_start_, ka_last_rx_.load());
  int64_t left = start + int64_t(ka_interval_) * 1000 - now_ms();
  return left < 0 ? 0 : static_cast<int>(left);
}

bool Client::keepalive_check_locked() {
  if (!ka_running_ || ka_interval_ <= 0 || dead_) return false;
  int64_t last = ka_last_rx_.load();
  if (last > ka_interval_start_) {
    // A packet arrived: the count starts again from it.
    ka_interval_start_ = last;
    ka_to_death_ = ka_count_;
  }
  int64_t now = now_ms();
  if (now - ka_interval_start_ < int64_t(ka_interval_) * 1000) return false;
  if (ka_to_death_ == 0) {
    close_reason_ = VIR_CONNECT_CLOSE_REASON_KEEPALIVE;
    mark_dead_locked(error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s",
                           "connection closed due to keepalive timeout"));
    ::shutdown(fd_, SHUT_RDWR);  // wakes whoever reads or writes the socket
    return false;
  }
  ka_to_death_--;
  ka_interval_start_ = now;
  return true;
}

bool Client::fill(size_t need, Status *st) {
  if (rend_ - rpos_ >= need) return true;
  if (rpos_ == rend_) {
    rpos_ = rend_ = 0;
    if (rbuf_.size() > 4 * kReadChunk) {  // after a large packet
      rbuf_.resize(kReadChunk);
      rbuf_.shrink_to_fit();
    }
  }
  if (rbuf_.size() - rpos_ < need) {
    std::memmove(rbuf_.data(), rbuf_.data() + rpos_, rend_ - rpos_);
    rend_ -= rpos_;
    rpos_ = 0;
    if (rbuf_.size() < std::max(need, kReadChunk)) rbuf_.resize(std::max(need, kReadChunk));
  }
  while (rend_ - rpos_ < need) {
    ssize_t got = recv_some(MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) got = recv_after_wait();
    if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    if (got <= 0) {
      *st = read_error(got == 0, errno);
      return false;
    }
    rend_ += static_cast<size_t>(got);
  }
  return true;
}

void SpinPolicy::after_spin(bool caught) {
  if (caught) {
    failed_ = 0;
    backoff_ = 1;
  } else if (++failed_ >= kFailedRun) {
    skip_ = backoff_;
    backoff_ = std::min(2 * backoff_, kMaxBackoff);
  }
}

ssize_t Client::recv_after_wait() {
  // A reply is due: poll the socket for a moment before sleeping. Waking a
  // sleeping reader costs the daemon (and the kernel) far more than the
  // few microseconds a reply usually takes, most of all on virtual CPUs.
  if (int64_t budget = spin_ok_ ? spin_.budget_ns() : 0) {
    auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(budget);
    do {
      // Other callers waiting too: those just woken need a CPU more than
      // the spin does; yield (the CPU still does not go idle).
      if (spin_yield_)
        sched_yield();
      else
        cpu_relax();
      ssize_t got = recv_some(MSG_DONTWAIT);
      if (got >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        spin_.after_spin(true);
        return got;
      }
    } while (std::chrono::steady_clock::now() < until);
    spin_.after_spin(false);
  }
  // Never asleep inside recv: a thread blocked there is woken by every
  // write-space notice of the socket (each time the daemon reads a
  // request), which costs the daemon a wake-up per call. poll() sleeps
  // for input only.
  pollfd p{fd_, POLLIN, 0};
  int rc = poll_cancellable(&p, 1, -1);  // a caller's thread may be cancelled here
  if (rc < 0 && errno != EINTR) return -1;
  errno = EAGAIN;  // readable (or interrupted): read again
  return -1;
}

ssize_t Client::recv_some(int flags) {
  iovec iov{rbuf_.data() + rend_, rbuf_.size() - rend_};
  // Each one-byte message of the daemon carries one descriptor, and a read
  // ends after one: room for a few is plenty.
  alignas(cmsghdr) char ctl[CMSG_SPACE(4 * sizeof(int))];
  msghdr m{};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = ctl;
  m.msg_controllen = sizeof ctl;
  ssize_t got = ::recvmsg(fd_, &m, MSG_CMSG_CLOEXEC | flags);
  if (got > 0) rx_total_ += static_cast<uint64_t>(got);
  if (got > 0 && m.msg_controllen > 0) {
    for (cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (size_t i = 0; i < n; i++) {
        int f;
        std::memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof f);
        rx_fds_.push_back(RxFd{rx_total_ - 1, f});
      }
    }
  }
  return got;
}

void Client::drop_fds_before(uint64_t pos) {
  while (!rx_fds_.empty() && rx_fds_.front().pos < pos) {
    ::close(rx_fds_.front().fd);
    rx_fds_.pop_front();
  }
}

bool Client::take_reply_fds(size_t len, size_t *extra, Status *st) {
  if (len < kLenSize + kHeaderSize + 4) {
    *st = error(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "Unable to decode number of FDs");
    return false;
  }
  uint32_t n = get_u32(rbuf_.data() + rpos_ + kLenSize + kHeaderSize);
  if (n > kMaxFds) {
    *st = error(VIR_FROM_RPC, VIR_ERR_RPC, "Received too many FDs %d, expected %d maximum",
                static_cast<int>(n), static_cast<int>(kMaxFds));
    return false;
  }
  if (n && !pass_fds_) {
    *st = error(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, "%s",
                "Receiving file descriptors is not supported on this socket");
    return false;
  }
  // The descriptors' bytes follow the packet; reading them brings in their
  // descriptors (fill keeps the packet at rpos_).
  if (!fill(len + n, st)) return false;
  uint64_t first = rx_total_ - (rend_ - rpos_) + len;  // the first one's byte
  drop_fds_before(first);
  for (uint64_t pos = first; pos < first + n; pos++) {
    if (rx_fds_.empty() || rx_fds_.front().pos != pos) {
      // A byte without its descriptor (libvirt's client: "not available").
      *st = system_error(VIR_FROM_RPC, EACCES, "%s", "Failed to recv file descriptor");
      close_fds(&pkt_fds_);
      return false;
    }
    pkt_fds_.push_back(rx_fds_.front().fd);
    rx_fds_.pop_front();
  }
  *extra = n;
  return true;
}

bool Client::read_packet(std::string_view *pkt, Status *why) {
  for (;;) {
    if (!fill(kLenSize, why)) return false;
    uint32_t len = get_u32(rbuf_.data() + rpos_);
    if (len < kLenSize + kHeaderSize || len > kMaxPacket) {
      *why = error(VIR_FROM_RPC, VIR_ERR_RPC,
                   "packet %u bytes received from server too large, want %zu", len, kMaxPacket);
      return false;
    }
    if (!fill(len, why)) return false;
    proto::header h = header_of(std::string_view(rbuf_.data() + rpos_ + kLenSize, kHeaderSize));
    size_t extra = 0;  // the bytes that carried a reply's descriptors
    if (h.type == proto::REPLY_WITH_FDS && !take_reply_fds(len, &extra, why)) return false;
    // (take_reply_fds may have moved the bytes.)
    std::string_view p(rbuf_.data() + rpos_ + kLenSize, len - kLenSize);
    rpos_ += len + extra;
    // Descriptors that came with bytes of a packet rather than after a
    // REPLY_WITH_FDS: closed (as a plain read would have).
    if (!rx_fds_.empty()) drop_fds_before(rx_total_ - (rend_ - rpos_));
    ka_last_rx_.store(now_ms());
    VK_INFO(g_log_client,
            "RPC_CLIENT_MSG_RX: client=%p len=%u prog=%u vers=%u proc=%u type=%u status=%u "
            "serial=%u",
            static_cast<void *>(this), len, h.prog, h.vers, static_cast<unsigned>(h.proc),
            static_cast<unsigned>(h.type), static_cast<unsigned>(h.status), h.serial);
    if (h.prog != proto::kKeepaliveProgram) {
      *pkt = p;
      return true;
    }
    close_fds(&pkt_fds_);
    if (h.proc == proto::keepalive_proc::ping && h.type == proto::MESSAGE) {
      (void)send_packet(proto::kKeepaliveProgram, proto::kKeepaliveVersion,
                        proto::keepalive_proc::pong, proto::MESSAGE, 0, proto::OK, std::string());
    }
  }
}

void Client::deliver_message(std::string_view pkt) {
  proto::header h = header_of(pkt);
  if (h.type == proto::MESSAGE && message_handler_)
    message_handler_(h.prog, h.proc, std::string(pkt.substr(kHeaderSize)));
}

bool Client::dispatch_locked(std::string_view pkt, Wakes *wakes,
                             std::shared_ptr<ClientStream> *changed) {
  const auto *p = reinterpret_cast<const unsigned char *>(pkt.data());
  proto::header h = header_of(pkt);
  if (h.type == proto::STREAM || h.type == proto::STREAM_HOLE) {
    dispatch_stream_locked(h, pkt, wakes, changed);
    return true;
  }
  if (h.type != proto::REPLY && h.type != proto::REPLY_WITH_FDS) return false;
  auto it = pending_.find(h.serial);
  if (it == pending_.end()) return true;
  PendingRef w = std::move(it->second);
  pending_.erase(it);
  const unsigned char *body = p + kHeaderSize;
  size_t blen = pkt.size() - kHeaderSize;
  if (h.type == proto::REPLY_WITH_FDS) {
    body += 4;  // the count, checked by take_reply_fds
    blen -= 4;
    if (w->want_fds) w->fds.swap(pkt_fds_);
  }
  if (h.status == proto::OK) {
    w->body.assign(reinterpret_cast<const char *>(body), blen);
  } else if (h.status == proto::ERROR) {
    proto::error e;
    Decoder ed(body, blen);
    xdr(ed, e);
    w->status = ed.ok()
                    ? from_remote_error(e)
                    : error(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "Unable to decode message payload");
  } else {
    w->status = error(VIR_FROM_RPC, VIR_ERR_RPC, "Unexpected message status %d", h.status);
  }
  w->done = true;
  wakes->push_back(std::move(w));
  return true;
}

void Client::background_loop() {
  std::unique_lock lk(mu_);
  Wakes wakes;
  for (;;) {
    if (keepalive_check_locked()) {
      // Written without the lock: a writer stuck on a full socket must
      // not keep the death check from running.
      lk.unlock();
      (void)send_packet(proto::kKeepaliveProgram, proto::kKeepaliveVersion,
                        proto::keepalive_proc::ping, proto::MESSAGE, 0, proto::OK, std::string());
      lk.lock();
      continue;
    }
    if (dead_) break;
    int ka = keepalive_timeout_ms_locked();
    if (!opened_ || reading_ || !pending_.empty() || !waiters_.empty() ||
        (!watch_messages_ && std::chrono::steady_clock::now() - last_active_ < kLinger)) {
      auto wait = kLinger;
      if (ka >= 0 && std::chrono::milliseconds(ka) < wait) wait = std::chrono::milliseconds(ka);
      bg_cv_.wait_for(lk, wait);
      continue;
    }
    reading_ = bg_reading_ = true;
    bg_nudged_ = false;
    spin_ok_ = false;  // nothing is due: sleep at once
    lk.unlock();
    try {
      bool ok = true, got = false;
      Status why;
      std::string_view pkt;
      // A packet already buffered needs no wait for the socket.
      bool ready = buffered();
      if (!ready) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
        int rc = ::poll(fds, 2, ka);
        if (rc > 0 && (fds[1].revents & POLLIN)) {
          uint64_t v;
          ssize_t n = ::read(wake_fd_, &v, sizeof v);
          (void)n;
        }
        ready = rc > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR));
      }
      if (ready) {
        ok = read_packet(&pkt, &why);
        got = ok;
      }
      lk.lock();
      if (!ok)
        mark_dead_locked(std::move(why));
      else if (got)
        process_locked(lk, pkt, &wakes);
    } catch (...) {
      // Ended by a registered event-loop implementation that ends the
      // thread (python at exit: core/unwind.h): callers read for themselves.
      if (!lk.owns_lock()) lk.lock();
      reading_ = bg_reading_ = false;
      if (PendingRef next = hand_off_locked()) next->wake();
      for (const PendingRef &w : wakes) w->wake();
      throw;
    }
    reading_ = bg_reading_ = false;
    PendingRef next = hand_off_locked();
    if (!wakes.empty() || next) {
      lk.unlock();
      for (const PendingRef &w : wakes) w->wake();
      wakes.clear();
      if (next) next->wake();
      lk.lock();
    }
  }
  bool fire = !closing_;
  Status why = death_;
  int reason = close_reason_;
  lk.unlock();
  // The peer hanging up (end of file, or a reset) is libvirt's "EOF" reason.
  if (reason < 0)
    reason = why.code() == VIR_ERR_SYSTEM_ERROR &&
                     (why.record()->int1 == EIO || why.record()->int1 == ECONNRESET)
                 ? VIR_CONNECT_CLOSE_REASON_EOF
                 : VIR_CONNECT_CLOSE_REASON_ERROR;
  if (fire && close_handler_) close_handler_(reason);
}

}  // namespace virtkit::remote
