// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Stream: a data stream (virStreamPtr) for uploads, downloads and consoles.
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/detail_callback.hpp>
#include <virtkit/handle.hpp>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>

namespace virtkit {

/// A data stream (virStreamPtr).
///
/// Copies share the stream (virStreamRef / virStreamFree). Thread-safety: one
/// thread may send while another receives; calls of the same direction must not
/// overlap.
///
/// Would-block results: on a non-blocking stream (VIR_STREAM_NONBLOCK), send()
/// and recv() return std::nullopt where the C call returns -2 (no room or no
/// data yet; wait for an event, see add_event_callback()); recv_flags() reports
/// it as RecvResult::Kind::would_block. Callables passed to the *_all calls may
/// throw: the C call then fails and, once it has returned, the exception is
/// rethrown unchanged (by both the try_ and the throwing form).
class Stream : public Handle<virStreamPtr, virStreamRef, virStreamFree> {
 public:
  using Handle::Handle;

  class EventSubscription;

  /// What recv_flags() got.
  struct RecvResult {
    /// The kind of result.
    enum class Kind {
      data,         ///< Data: `bytes` bytes received (0: the end of the stream).
      would_block,  ///< A non-blocking stream has no data yet (C: -2).
      hole,         ///< The stream is at a hole (C: -3, with VIR_STREAM_RECV_STOP_AT_HOLE).
    };
    Kind kind;          ///< The kind of result.
    std::size_t bytes;  ///< The number of bytes received; 0 unless kind is Kind::data.
  };

  /// A section of a sparse source, as the hole callable of sparse_send_all() reports it.
  struct Section {
    bool in_data;      ///< Whether the source is in data (else in a hole).
    long long length;  ///< Bytes left in this section; 0 with in_data false: the end.
  };

  //!@{
  /// A new stream on @p conn, with VIR_STREAM_NONBLOCK in @p flags for a
  /// non-blocking one (virStreamNew).
  static Expected<Stream> try_create(const Connection &conn, unsigned flags = 0) {
    return detail::adopt<Stream>(virStreamNew(conn.get(), flags));
  }
  static Stream create(const Connection &conn, unsigned flags = 0) {
    return try_create(conn, flags).value();
  }
  //!@}

  //!@{
  /// Sends some of @p data (virStreamSend): the bytes taken, or std::nullopt
  /// when a non-blocking stream would block.
  Expected<std::optional<std::size_t>> try_send(std::span<const std::byte> data) const {
    return io(virStreamSend(p_, reinterpret_cast<const char *>(data.data()), data.size()));
  }
  std::optional<std::size_t> send(std::span<const std::byte> data) const {
    return try_send(data).value();
  }
  //!@}
  //!@{
  /// Receives into @p buf (virStreamRecv): the bytes received (0 at the end of
  /// the stream), or std::nullopt when a non-blocking stream would block.
  Expected<std::optional<std::size_t>> try_recv(std::span<std::byte> buf) const {
    return io(virStreamRecv(p_, reinterpret_cast<char *>(buf.data()), buf.size()));
  }
  std::optional<std::size_t> recv(std::span<std::byte> buf) const { return try_recv(buf).value(); }
  //!@}
  //!@{
  /// Receives into @p buf with VIR_STREAM_RECV_* @p flags (virStreamRecvFlags).
  Expected<RecvResult> try_recv_flags(std::span<std::byte> buf, unsigned flags = 0) const {
    int n = virStreamRecvFlags(p_, reinterpret_cast<char *>(buf.data()), buf.size(), flags);
    if (n == -2) return RecvResult{RecvResult::Kind::would_block, 0};
    if (n == -3) return RecvResult{RecvResult::Kind::hole, 0};
    if (n < 0) return detail::last_error;
    return RecvResult{RecvResult::Kind::data, static_cast<std::size_t>(n)};
  }
  RecvResult recv_flags(std::span<std::byte> buf, unsigned flags = 0) const {
    return try_recv_flags(buf, flags).value();
  }
  //!@}
  //!@{
  /// Sends a hole of @p length bytes in a sparse stream (virStreamSendHole).
  Expected<void> try_send_hole(long long length, unsigned flags = 0) const {
    return detail::check(virStreamSendHole(p_, length, flags));
  }
  void send_hole(long long length, unsigned flags = 0) const {
    try_send_hole(length, flags).value();
  }
  //!@}
  //!@{
  /// The length of the hole the sparse stream is at (virStreamRecvHole).
  Expected<long long> try_recv_hole(unsigned flags = 0) const {
    long long len = 0;
    if (virStreamRecvHole(p_, &len, flags) < 0) return detail::last_error;
    return len;
  }
  long long recv_hole(unsigned flags = 0) const { return try_recv_hole(flags).value(); }
  //!@}
  //!@{
  /// Ends the transfer successfully (virStreamFinish).
  Expected<void> try_finish() const { return detail::check(virStreamFinish(p_)); }
  void finish() const { try_finish().value(); }
  //!@}
  //!@{
  /// Ends the transfer as failed (virStreamAbort).
  Expected<void> try_abort() const { return detail::check(virStreamAbort(p_)); }
  void abort() const { try_abort().value(); }
  //!@}

  //!@{
  /// Sends everything a blocking stream's @p source gives (virStreamSendAll).
  /// @p source is called as `std::size_t source(std::span<std::byte> buf)`: it
  /// fills the start of @p buf and returns how many bytes it wrote, 0 at the end.
  /// The stream is aborted on failure; finish() it on success.
  template <class Source>
  Expected<void> try_send_all(Source &&source) const {
    Callables<Source &, int, int> c{source, 0, 0, {}};
    int rc = virStreamSendAll(p_, &Callables<Source &, int, int>::source, &c);
    return result(rc, c.error);
  }
  template <class Source>
  void send_all(Source &&source) const {
    try_send_all(source).value();
  }
  //!@}
  //!@{
  /// Receives everything from a blocking stream, handing each piece to
  /// @p sink, called as `void sink(std::span<const std::byte> data)`
  /// (virStreamRecvAll). The stream is aborted on failure; finish() it on success.
  template <class Sink>
  Expected<void> try_recv_all(Sink &&sink) const {
    Callables<Sink &, int, int> c{sink, 0, 0, {}};
    int rc = virStreamRecvAll(p_, &Callables<Sink &, int, int>::sink, &c);
    return result(rc, c.error);
  }
  template <class Sink>
  void recv_all(Sink &&sink) const {
    try_recv_all(sink).value();
  }
  //!@}
  //!@{
  /// Sends a sparse source (virStreamSparseSendAll): @p source as in
  /// send_all(); `Section hole()` says where the source is, and
  /// `void skip(long long length)` moves it past a hole of @p length bytes.
  template <class Source, class Hole, class Skip>
  Expected<void> try_sparse_send_all(Source &&source, Hole &&hole, Skip &&skip) const {
    using C = Callables<Source &, Hole &, Skip &>;
    C c{source, hole, skip, {}};
    int rc = virStreamSparseSendAll(p_, &C::source, &C::source_hole, &C::skip, &c);
    return result(rc, c.error);
  }
  template <class Source, class Hole, class Skip>
  void sparse_send_all(Source &&source, Hole &&hole, Skip &&skip) const {
    try_sparse_send_all(source, hole, skip).value();
  }
  //!@}
  //!@{
  /// Receives a sparse stream (virStreamSparseRecvAll): data goes to @p sink as
  /// in recv_all(), holes to `void hole(long long length)`.
  template <class Sink, class Hole>
  Expected<void> try_sparse_recv_all(Sink &&sink, Hole &&hole) const {
    using C = Callables<Sink &, Hole &, int>;
    C c{sink, hole, 0, {}};
    int rc = virStreamSparseRecvAll(p_, &C::sink, &C::sink_hole, &c);
    return result(rc, c.error);
  }
  template <class Sink, class Hole>
  void sparse_recv_all(Sink &&sink, Hole &&hole) const {
    try_sparse_recv_all(sink, hole).value();
  }
  //!@}

  //!@{
  /// Calls @p callback, as `callback(Stream &stream, int events)`, from the
  /// event loop whenever one of the VIR_STREAM_EVENT_* @p events occurs on this
  /// non-blocking stream, until the returned subscription is removed or dies
  /// (virStreamEventAddCallback). Needs a running event loop
  /// (virEventRegisterDefaultImpl and a thread calling virEventRunDefaultImpl).
  /// A stream has at most one subscription.
  inline Expected<EventSubscription> try_add_event_callback(
      int events, std::function<void(Stream &, int)> callback) const;
  inline EventSubscription add_event_callback(int events,
                                              std::function<void(Stream &, int)> callback) const;
  //!@}

 private:
  static Expected<std::optional<std::size_t>> io(int n) {
    if (n == -2) return std::optional<std::size_t>();
    if (n < 0) return detail::last_error;
    return std::optional<std::size_t>(static_cast<std::size_t>(n));
  }
  static Expected<void> result(int rc, const std::exception_ptr &error) {
    detail::rethrow_if(error);
    return detail::check(rc);
  }

  // The callables of one *_all call and what they threw; the static members
  // are the C callbacks.
  template <class A, class B, class C>
  struct Callables {
    A a;
    B b;
    C c;
    std::exception_ptr error;

    static Callables &self(void *opaque) { return *static_cast<Callables *>(opaque); }
    static int source(virStreamPtr, char *data, size_t n, void *opaque) {
      Callables &s = self(opaque);
      return detail::guarded(s.error, -1, [&] {
        n = std::min<size_t>(n, INT_MAX);
        std::size_t got = s.a(std::span<std::byte>(reinterpret_cast<std::byte *>(data), n));
        return static_cast<int>(std::min(got, n));
      });
    }
    static int sink(virStreamPtr, const char *data, size_t n, void *opaque) {
      Callables &s = self(opaque);
      return detail::guarded(s.error, -1, [&] {
        n = std::min<size_t>(n, INT_MAX);
        s.a(std::span<const std::byte>(reinterpret_cast<const std::byte *>(data), n));
        return static_cast<int>(n);
      });
    }
    static int source_hole(virStreamPtr, int *in_data, long long *length, void *opaque) {
      Callables &s = self(opaque);
      return detail::guarded(s.error, -1, [&] {
        Section sec = s.b();
        *in_data = sec.in_data;
        *length = sec.length;
        return 0;
      });
    }
    static int sink_hole(virStreamPtr, long long length, void *opaque) {
      Callables &s = self(opaque);
      return detail::guarded(s.error, -1, [&] {
        s.b(length);
        return 0;
      });
    }
    static int skip(virStreamPtr, long long length, void *opaque) {
      Callables &s = self(opaque);
      return detail::guarded(s.error, -1, [&] {
        s.c(length);
        return 0;
      });
    }
  };
};

/// A stream's event callback (Stream::add_event_callback); move-only.
///
/// Removed (virStreamEventRemoveCallback) by remove() or when the object dies;
/// remove it before finish() or abort(), after which libvirt can no longer
/// remove it (the callback is then never called again, but its std::function
/// may stay allocated: libvirt frees a callback's data on removal). Once
/// removed, no new call starts; one already running in the loop's thread may
/// still finish (its std::function lives until libvirt frees it). The callback runs in
/// the event loop's thread; an exception it throws cannot cross the C event
/// loop: it is caught and kept (exception()). Thread-safety: update() and
/// exception() may be called from any thread, remove() and destruction from
/// any thread but not concurrently with another call on the same object.
class Stream::EventSubscription {
 public:
  /// An empty subscription.
  EventSubscription() = default;
  EventSubscription(const EventSubscription &) = delete;
  EventSubscription &operator=(const EventSubscription &) = delete;
  /// Takes @p o's callback; @p o is left empty.
  EventSubscription(EventSubscription &&o) noexcept = default;
  /// Removes this callback, then takes @p o's; @p o is left empty.
  EventSubscription &operator=(EventSubscription &&o) noexcept {
    if (this != &o) {
      (void)try_remove();
      stream_ = std::move(o.stream_);
      state_ = std::move(o.state_);
    }
    return *this;
  }
  /// Removes the callback; errors are ignored.
  ~EventSubscription() { (void)try_remove(); }

  /// Whether the callback is registered.
  explicit operator bool() const noexcept { return state_ != nullptr; }

  //!@{
  /// Changes the VIR_STREAM_EVENT_* events watched (virStreamEventUpdateCallback).
  Expected<void> try_update(int events) const {
    return detail::check(virStreamEventUpdateCallback(stream_.get(), events));
  }
  void update(int events) const { try_update(events).value(); }
  //!@}
  //!@{
  /// Removes the callback now (virStreamEventRemoveCallback); the subscription
  /// is left empty, even on failure. Nothing to do for an empty one.
  Expected<void> try_remove() {
    if (!state_) return {};
    std::shared_ptr<State> st = std::move(state_);
    Stream s = std::move(stream_);
    {
      std::lock_guard g(st->mu);
      st->active = false;  // no call from now on, even if the removal fails
    }
    return detail::check(virStreamEventRemoveCallback(s.get()));
  }
  void remove() { try_remove().value(); }
  //!@}

  /// The first exception the callback threw, or nullptr.
  std::exception_ptr exception() const {
    if (!state_) return nullptr;
    std::lock_guard g(state_->mu);
    return state_->error;
  }

 private:
  friend class Stream;
  struct State {
    std::function<void(Stream &, int)> callback;
    std::mutex mu;  // guards active and error (the callback runs unlocked)
    bool active = true;
    std::exception_ptr error;
  };
  using Box = std::shared_ptr<State>;  // the C callback's opaque

  static void call(virStreamPtr st, int events, void *opaque) {
    State &s = **static_cast<Box *>(opaque);
    {
      std::lock_guard g(s.mu);
      if (!s.active) return;
    }
    virStreamRef(st);
    Stream stream(st);
    std::exception_ptr error;
    detail::guarded(error, 0, [&] {
      s.callback(stream, events);
      return 0;
    });
    if (error) {
      std::lock_guard g(s.mu);
      if (!s.error) s.error = error;
    }
  }
  static void free_box(void *opaque) { delete static_cast<Box *>(opaque); }

  Stream stream_;
  std::shared_ptr<State> state_;
};

inline Expected<Stream::EventSubscription> Stream::try_add_event_callback(
    int events, std::function<void(Stream &, int)> callback) const {
  auto state = std::make_shared<EventSubscription::State>();
  state->callback = std::move(callback);
  auto *box = new EventSubscription::Box(state);
  if (virStreamEventAddCallback(p_, events, &EventSubscription::call, box,
                                &EventSubscription::free_box) < 0) {
    delete box;  // libvirt calls the free function only once registered
    return detail::last_error;
  }
  EventSubscription sub;
  sub.stream_ = *this;
  sub.state_ = std::move(state);
  return sub;
}
inline Stream::EventSubscription Stream::add_event_callback(
    int events, std::function<void(Stream &, int)> callback) const {
  return try_add_event_callback(events, std::move(callback)).value();
}

}  // namespace virtkit
