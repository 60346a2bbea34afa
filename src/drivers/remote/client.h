// SPDX-License-Identifier: LGPL-2.1-or-later
// One connection to a libvirt daemon speaking its RPC protocol: packets of a
// 4-byte length (counting itself), a 24-byte header (program, version,
// procedure, type, serial, status) and an XDR payload.
//
// Any number of threads may have calls in flight at once: each call
// registers its serial, queues its packet (one caller at a time writes
// whatever is queued), then waits on a futex of its own; the thread holding
// the reader role matches each reply to its caller by serial, and stream
// packets to their stream; while a reply is due it retries the read for a
// moment before sleeping (SpinPolicy). No lock is held while a caller
// waits. When the daemon goes away every waiting call fails at once with the
// transport's error, later calls fail with "client socket is closed", and
// the close handler runs once (on the background thread).
//
// A caller's thread may be cancelled (pthread_cancel) only while it sleeps
// for its reply or its stream's data, never while it writes or reads the
// socket (core/unwind.h): its call is then forgotten (a late reply is
// dropped) and, if it was reading for everyone, the next caller takes over.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "drivers/remote/layer.h"
#include "drivers/remote/libssh.h"
#include "drivers/remote/xdr.h"
#include "error/status.h"
#include "remote_protocol.h"  // generated from api/remote.proto

namespace virtkit::remote {

// One stream carried by a connection: libvirt's client end of a
// VIR_NET_STREAM conversation, named by the serial of the call that started
// it. The reader queues what the daemon sends for it here; the fields from
// `rx` on are guarded by the Client's lock (Client::lock()).
struct ClientStream {
  enum Closed { kOpen, kFinished, kAborted };
  struct Packet {
    int type;  // proto::STREAM (data) or proto::STREAM_HOLE
    std::string body;
  };
  uint32_t prog = 0, vers = 0;
  int proc = 0;
  uint32_t serial = 0;
  bool allow_skip = false;  // a sparse stream: holes may be sent and received

  std::deque<Packet> rx;
  size_t rx_off = 0;     // bytes of rx.front() already handed out
  bool eof = false;      // the daemon's empty data packet has arrived
  bool has_err = false;  // the daemon sent an error for the stream
  Status err;
  int closed = kOpen;
  int closing = -1;      // status (OK/ERROR) of a finish/abort awaiting confirmation
  long long hole = 0;    // length of the hole being read
  uint64_t changes = 0;  // bumped by every packet for the stream
  // Run, without locks held, after a packet for the stream has arrived.
  std::function<void()> on_change;
};

// When the reader spins before sleeping for a reply: each wait spins for up
// to the maximum, unless the last kFailedRun spins all failed (no input
// came, as when the daemon shares the spinner's only CPU, or calls are slow,
// or the daemon far away): then the next 1, 2, 4 ... 64 waits sleep at once,
// doubling with each spin that fails again, until a spin catches its input.
// (Failed spins come in short runs under load too; backing off after them
// slows 8 threads on one connection down by half, now and then.)
class SpinPolicy {
 public:
  explicit SpinPolicy(int64_t max_ns = 0) : max_(max_ns) {}
  // The spin for the next wait, in ns (0: sleep at once).
  int64_t budget_ns() {
    if (max_ == 0) return 0;
    if (skip_) {
      --skip_;
      return 0;
    }
    return max_;
  }
  // After a spin of budget_ns(): whether input came during it.
  void after_spin(bool caught);

  static constexpr unsigned kFailedRun = 8, kMaxBackoff = 64;

 private:
  int64_t max_;
  unsigned failed_ = 0, skip_ = 0, backoff_ = 1;
};

class Client : public std::enable_shared_from_this<Client> {
 public:
  // Connects to a unix socket ('@' first: an abstract one): libvirt's
  // "Failed to connect socket to '%s'" system error on failure. With a
  // daemon, as libvirt's session autostart: under a lock in the user's
  // runtime directory, a socket that is missing or refuses starts it once,
  // and the connect is tried again every 10 ms, 500 times in all.
  static Result<std::shared_ptr<Client>> connect_unix(const std::string &path,
                                                      const std::string *daemon = nullptr);
  // Connects over TCP: libvirt's "unable to connect to server at '%s:%s'".
  static Result<std::shared_ptr<Client>> connect_tcp(const std::string &node,
                                                     const std::string &service);
  // Runs a command (ssh) and speaks through its stdin and stdout; what it
  // writes to stderr goes into the error when the connection fails, and it
  // is ended and reaped with the connection (drivers/remote/child.h).
  // `ssh`: with ssh's environment variables (else the common ones only).
  static Result<std::shared_ptr<Client>> connect_command(const std::vector<std::string> &argv,
                                                         bool ssh = true);
  // The socket of a TCP connection (for transports layered on one).
  static Result<int> connect_tcp_fd(const std::string &node, const std::string &service);
  // Speaks through a libssh channel (drivers/remote/libssh.h).
  static Result<std::shared_ptr<Client>> connect_libssh(const LibsshParams &p);
  // Speaks through `layer` (TLS, say) over the socket `fd`, both given up.
  static Result<std::shared_ptr<Client>> adopt_layered(int fd, std::unique_ptr<Layer> layer);
  ~Client();
  Client(const Client &) = delete;
  Client &operator=(const Client &) = delete;

  // Sends one call with an encoded payload and waits for the reply's payload.
  // A reply with status ERROR becomes the daemon's error, field for field.
  // `serial` 0: the next one (else one reserved with next_serial()).
  Status call(uint32_t prog, uint32_t vers, int proc, const std::string &payload,
              std::string *reply, uint32_t serial = 0);

  // Reserves the serial of a call to come (a stream is registered under
  // the serial of the call that starts it, before the call).
  uint32_t next_serial() { return serial_.fetch_add(1, std::memory_order_relaxed) + 1; }

  // A typed call of the remote program (proto::Proc<P>'s message types).
  template <int P>
  Result<typename proto::Proc<P>::ret> call(typename proto::Proc<P>::args &args,
                                            uint32_t serial = 0) {
    std::string payload, reply;
    VK_TRY(encode(args, &payload));
    VK_TRY(call(proto::kRemoteProgram, proto::kRemoteVersion, P, payload, &reply, serial));
    return decode<typename proto::Proc<P>::ret>(reply);
  }
  // A call passing descriptors and/or keeping the reply's, as libvirt's
  // client does over a unix socket (SCM_RIGHTS): with `nfds` > 0 the packet
  // is a CALL_WITH_FDS (the count before the payload) followed on the socket
  // by a duplicate of each descriptor, one per one-byte message; the
  // descriptors of a REPLY_WITH_FDS go to `fds_out` (the caller's to close;
  // without `fds_out` they are closed). Over TCP libvirt's errors.
  // A procedure of any program, named by its generated trait
  // (proto::QemuProc<N>, proto::AdminProc<N>, ...).
  template <class T>
  Result<typename T::ret> call_proc(typename T::args &args, uint32_t serial = 0) {
    std::string payload, reply;
    VK_TRY(encode(args, &payload));
    VK_TRY(call(T::program, T::version, T::proc, payload, &reply, serial));
    return decode<typename T::ret>(reply);
  }
  Status call_fds(uint32_t prog, uint32_t vers, int proc, const std::string &payload,
                  const int *fds, size_t nfds, std::string *reply, std::vector<int> *fds_out);
  template <int P>
  Result<typename proto::Proc<P>::ret> call_fds(typename proto::Proc<P>::args &args, const int *fds,
                                                size_t nfds, std::vector<int> *fds_out = nullptr) {
    std::string payload, reply;
    VK_TRY(encode(args, &payload));
    VK_TRY(call_fds(proto::kRemoteProgram, proto::kRemoteVersion, P, payload, fds, nfds, &reply,
                    fds_out));
    auto ret = decode<typename proto::Proc<P>::ret>(reply);
    if (!ret.ok() && fds_out) close_fds(fds_out);
    return ret;
  }
  // A message's XDR payload, and back (libvirt's texts on failure).
  template <typename T>
  static Status encode(T &msg, std::string *payload) {
    Encoder enc(*payload);
    xdr(enc, msg);
    if (!enc.ok())
      return error(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "Unable to encode message payload");
    return Status();
  }
  template <typename T>
  static Result<T> decode(const std::string &payload) {
    T msg{};
    Decoder dec(reinterpret_cast<const unsigned char *>(payload.data()), payload.size());
    xdr(dec, msg);
    if (!dec.done())
      return error(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "Unable to decode message payload");
    return msg;
  }
  // Closes and forgets every descriptor of `fds`.
  static void close_fds(std::vector<int> *fds);

  template <int P>
  Result<typename proto::Proc<P>::ret> call() {
    typename proto::Proc<P>::args args{};
    return call<P>(args);
  }

  // Runs `fn(reason)` (a virConnectCloseReason) once when the connection
  // ends for any reason but close(). Set before the first call.
  void set_close_handler(std::function<void(int)> fn) { close_handler_ = std::move(fn); }

  // Runs `fn(program, procedure, payload)` for every asynchronous message
  // (events) the daemon sends, on whichever thread read it, without locks
  // held: it should only queue the message. Set before the first call.
  void set_message_handler(std::function<void(uint32_t, int, const std::string &)> fn) {
    message_handler_ = std::move(fn);
  }

  // While on (the application has event callbacks), the background thread
  // watches the socket as soon as calls pause, so events the daemon sends
  // after a reply are read at once (libvirt's client reads them from the
  // application's event loop); off, it waits for a pause in the calls.
  void set_watch_messages(bool on);

  // The background thread leaves the socket alone until the connection is
  // open: a transport that dies during the open (an ssh that cannot run)
  // then fails the open's own call with its cause, as libvirt's client.
  void opened();

  // Whether the connection is still up.
  bool alive();

  // ---- security layers ----
  // The layer packets go through (the socket itself when none), given up:
  // set_layer() must follow. Only while no call is in flight (during the
  // open, as SASL's negotiation ends).
  std::unique_ptr<Layer> take_layer();
  void set_layer(std::unique_ptr<Layer> layer);
  // Whether a security layer encrypts the traffic (TLS, SASL's).
  bool encrypted() {
    std::lock_guard g(mu_);
    return layer_ != nullptr;
  }
  // The socket (for a layer's addresses); -1 for a command's pipe.
  int socket_fd() const { return fd_; }

  // ---- streams ----
  // Packets of type STREAM and STREAM_HOLE with the stream's serial go to
  // it from add_stream() until remove_stream() (others are dropped).
  void add_stream(std::shared_ptr<ClientStream> s);
  void remove_stream(const ClientStream &s);
  // The lock guarding every ClientStream's state.
  std::unique_lock<std::mutex> lock() { return std::unique_lock(mu_); }
  // With lock() held: waits (reading the socket when no one else does)
  // until a packet for `s` arrives after the `s.changes` count `seen`, or
  // the connection ends (its error then).
  Status wait_stream_locked(std::unique_lock<std::mutex> &lk, ClientStream &s, uint64_t seen);
  // Writes one packet of `s` (without the lock held): libvirt's stream
  // packets are not acknowledged, except finish and abort (their
  // confirmation arrives as a stream packet).
  Status send_stream(const ClientStream &s, int type, int status, const std::string &payload);

  // ---- keepalive (libvirt's virKeepAlive on the client side) ----
  // Sends a ping after `interval` seconds without any packet from the
  // daemon, and declares the connection dead (close reason KEEPALIVE) when
  // `count` pings went unanswered. libvirt's errors for a second start.
  Status start_keepalive(int interval, unsigned count);
  void stop_keepalive();

  // Ends the connection without running the close handler; waiting calls fail.
  void close();

 private:
  // One call (or stream waiter) waiting. Shared with whoever completes it,
  // so the waker may signal after releasing mu_ (the woken thread then does
  // not block on mu_ right away) while the waiter may already have returned.
  struct Pending {
    // Sleeps with `lk` (on mu_) released until the next wake(); the waiter
    // rechecks its condition. A futex of its own rather than a condition
    // variable: glibc hands a condition variable's mutex back marked
    // contended, so every unlock after a wait would cost a system call.
    void wait(std::unique_lock<std::mutex> &lk);
    void wake();
    std::atomic<uint32_t> signals{0};
    // Guarded by mu_; a call's status and body are written before `done`,
    // never after.
    bool done = false;
    Status status;
    std::string body;
    ClientStream *stream = nullptr;  // a stream waiter (in waiters_)
    bool want_fds = false;           // keeps a REPLY_WITH_FDS's descriptors in `fds`
    std::vector<int> fds;
  };
  using PendingRef = std::shared_ptr<Pending>;
  // Waiters to wake once mu_ is released.
  using Wakes = std::vector<PendingRef>;

  Client(int fd, int wake_fd, bool pass_fds) : fd_(fd), wake_fd_(wake_fd), pass_fds_(pass_fds) {}
  static Result<std::shared_ptr<Client>> adopt(int fd, bool pass_fds = false,
                                               std::unique_ptr<Layer> layer = nullptr);
  void start();
  // The packet at info level, as libvirt's RPC_CLIENT_MSG_TX_QUEUE probe.
  void log_tx(const std::string &pkt);
  static std::string make_packet(uint32_t prog, uint32_t vers, int proc, int type, uint32_t serial,
                                 int status, const uint32_t *nfds, const std::string &payload);
  // A call's two halves: its serial registered (libvirt's error once the
  // connection is closed), then its reply awaited (taking the reader role
  // when free).
  Status register_call(uint32_t serial, const PendingRef &me);
  Status await_call(const PendingRef &me, std::string *reply);
  void background_loop();
  // Runs the close handler once, when the connection died (not closed by us).
  void fire_close();
  // Returns the next whole packet (length word excluded), read through
  // rbuf_ (valid until the next read); keepalive pings are answered here.
  // False with `why` set when the socket failed. Reader role only.
  bool read_packet(std::string_view *pkt, Status *why);
  // Reads until rbuf_ holds at least `need` unread bytes.
  bool fill(size_t need, Status *st);
  // After a read found nothing: spins for input while a reply is due (see
  // spin_), else sleeps in poll() until the socket is readable. Returns
  // what a read returned, or -1 with errno EAGAIN to read again.
  ssize_t recv_after_wait();
  // One read into rbuf_ at rend_; descriptors arriving with the bytes go to
  // rx_fds_ (a plain read would close them).
  ssize_t recv_some(int flags);
  // The packet of `len` bytes at rpos_ is a REPLY_WITH_FDS: reads the
  // one-byte messages that carried its descriptors (`*extra` bytes) and
  // moves the descriptors to pkt_fds_.
  bool take_reply_fds(size_t len, size_t *extra, Status *st);
  // Writes one packet and then each of `fds` (see call_fds).
  Status send_packet_fds(uint32_t serial, int proc, uint32_t prog, uint32_t vers,
                         const std::string &payload, const std::vector<int> &fds);
  // Whether rbuf_ (or the layer) holds unread bytes (no need to wait for
  // the socket).
  bool buffered() const { return rend_ > rpos_ || (layer_ && layer_->pending()); }
  // Delivers a reply to its caller or a stream packet to its stream, adding
  // whom to wake to `wakes`; false for a message to hand to deliver_message
  // (without the lock).
  bool dispatch_locked(std::string_view pkt, Wakes *wakes, std::shared_ptr<ClientStream> *changed);
  void dispatch_stream_locked(const proto::header &h, std::string_view pkt, Wakes *wakes,
                              std::shared_ptr<ClientStream> *changed);
  // Dispatches one packet read with the lock held; messages and stream
  // notifications are delivered with it released.
  void process_locked(std::unique_lock<std::mutex> &lk, std::string_view pkt, Wakes *wakes);
  // Takes the reader role whenever free until `me` is done.
  void wait_locked(std::unique_lock<std::mutex> &lk, const PendingRef &me);
  void deliver_message(std::string_view pkt);
  // Keepalive: the time until the next check (-1: none), and the check
  // (true: a ping is due).
  int keepalive_timeout_ms_locked();
  bool keepalive_check_locked();
  // Queues one packet for the socket (see out_q_) and, when no other thread
  // is writing, writes the queue. A failed write marks the connection dead
  // (failing every waiting call) and is returned to the thread that wrote.
  // `bounded`: wait while much is queued (stream data: the sender must not
  // outrun the socket). Without mu_ held.
  Status send_packet(uint32_t prog, uint32_t vers, int proc, int type, uint32_t serial, int status,
                     const std::string &payload, bool bounded = false);
  // As the writer (writing_ set, `g` on out_mu_ held), writes what is queued
  // until the queue is empty, then gives up the role; `st`: the status so far.
  Status write_queue(std::unique_lock<std::mutex> &g, Status st);
  // Writes whole packets, several per system call. False with `st` set on
  // failure.
  bool write_all(const std::vector<std::string> &pkts, Status *st);
  // Marks the connection dead with `why`, failing every waiting call.
  void mark_dead_locked(Status why);
  // The reader role was released: returns a waiting caller to hand it to
  // (wake it after releasing mu_); when none waits, the background thread
  // takes it once calls have paused.
  PendingRef hand_off_locked();
  void nudge_background();

  // The socket is read by whoever holds the reader role: a calling thread
  // while its call is in flight (its reply then costs no thread switch), the
  // background thread when calls have paused (for hang-ups and unsolicited
  // messages; callers wake it through wake_fd_ to take the role back).
  int fd_;
  int wake_fd_;  // eventfd
  // A child process as transport (connect_command), else -1.
  std::atomic<pid_t> child_pid_{-1};
  std::unique_ptr<LibsshTransport> libssh_;  // a libssh channel as transport
  int child_errfd_ = -1;
  // The read failed: libvirt's error, with the child's stderr if any.
  Status read_error(bool eof, int err);
  void end_child_process();
  bool pass_fds_;  // a unix socket: descriptors may be passed
  // A security layer (TLS, SASL) the reader and the writer go through, or
  // null for the socket itself; its error when a read failed in it.
  std::unique_ptr<Layer> layer_;
  Status layer_error_;
  bool layer_failed_ = false;  // a read failed in the layer (set before death)
  std::thread background_;
  std::mutex mu_;  // everything below
  bool watch_messages_ = false;
  bool opened_ = false;  // see opened()
  std::condition_variable bg_cv_;
  std::unordered_map<uint32_t, PendingRef> pending_;
  std::vector<PendingRef> waiters_;  // stream waiters
  std::unordered_map<uint32_t, std::shared_ptr<ClientStream>> streams_;
  // keepalive (times in milliseconds of the steady clock)
  int ka_interval_ = -1;  // seconds; libvirt keeps it once set
  unsigned ka_count_ = 0;
  unsigned ka_to_death_ = 0;
  bool ka_running_ = false;
  int64_t ka_interval_start_ = 0;
  std::atomic<int64_t> ka_last_rx_{0};  // set by the reader, without the lock
  int close_reason_ = -1;               // set when the close reason is known at death
  bool reading_ = false;                // the reader role is held
  bool bg_reading_ = false;             // ... by the background thread
  bool bg_nudged_ = false;
  bool dead_ = false;
  bool closing_ = false;
  bool close_fired_ = false;  // the close handler ran (once)
  std::chrono::steady_clock::time_point last_active_{};
  Status death_;
  // Outgoing packets: the caller that finds no writer at work becomes the
  // writer and sends whatever is queued (several packets per sendmsg) until
  // the queue is empty; the others queue theirs and go on, never sleeping on
  // a lock held across a system call (stream data excepted while more than
  // kMaxQueued bytes wait: out_cv_).
  std::mutex out_mu_;
  std::condition_variable out_cv_;
  std::vector<std::string> out_q_, out_spare_;
  size_t out_bytes_ = 0;  // in out_q_
  bool writing_ = false;
  // Bytes read from the socket and not yet consumed: [rpos_, rend_). Owned
  // by the reader role (handed over under mu_), so one recv can bring in
  // several replies and a reply usually costs one recv.
  std::string rbuf_;
  size_t rpos_ = 0, rend_ = 0;
  // Descriptors received, each with the position in the byte stream of the
  // byte that carried it (the last of its read: a read ends after one), in
  // order; and those of the packet read_packet returned last (to its call
  // or closed). Owned by the reader role.
  struct RxFd {
    uint64_t pos;
    int fd;
  };
  std::deque<RxFd> rx_fds_;
  std::vector<int> pkt_fds_;
  uint64_t rx_total_ = 0;  // bytes received so far
  // Closes the descriptors received with bytes before `pos`.
  void drop_fds_before(uint64_t pos);
  // Busy-polling before sleeping, owned by the reader role: allowed while a
  // caller holds the role (its reply is due), as spin_ says (never on a
  // one-CPU machine or when turned off).
  bool spin_ok_ = false;
  bool spin_yield_ = false;  // other calls wait too: yield between reads
  SpinPolicy spin_;
  std::atomic<uint32_t> serial_{0};
  std::function<void(int)> close_handler_;
  std::function<void(uint32_t, int, const std::string &)> message_handler_;
};

}  // namespace virtkit::remote
