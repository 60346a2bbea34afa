// SPDX-License-Identifier: LGPL-2.1-or-later
// The registered event-loop implementation and the built-in poll(2) loop.
//
// The built-in loop reproduces what libvirt 9.0.0's GLib-based default loop
// does as seen from an application:
//  - each handle with a non-empty event set and each enabled timer is a
//    "source"; sources made earlier are dispatched earlier in an iteration,
//    and changing a handle's event set or a timer's period makes a new
//    source (so it moves to the end); a source replaced or dropped while an
//    iteration runs is not dispatched any more in it;
//  - removing a handle or timer takes effect at once, but its free function
//    runs later, from the loop: those of handles before anything else (an
//    iteration with such a release pending runs only the releases), those of
//    timers only in an iteration where no handle or timer is ready;
//  - a timer's next expiry counts from the iteration that ran it; a handle
//    is watched for its events plus error and hangup, and its callback gets
//    the ready subset of those;
//  - an iteration may return having run nothing (see the wakeup rules
//    below), so applications call it in a loop.
#include "event/event_loop.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "core/unwind.h"

namespace virtkit::event {
namespace {

// ---- The registered implementation ----

std::mutex g_register_mu;
std::atomic<virEventAddHandleFunc> g_add_handle{nullptr};
std::atomic<virEventUpdateHandleFunc> g_update_handle{nullptr};
std::atomic<virEventRemoveHandleFunc> g_remove_handle{nullptr};
std::atomic<virEventAddTimeoutFunc> g_add_timeout{nullptr};
std::atomic<virEventUpdateTimeoutFunc> g_update_timeout{nullptr};
std::atomic<virEventRemoveTimeoutFunc> g_remove_timeout{nullptr};

// ---- The built-in loop ----

int64_t now_us() noexcept {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

// What poll(2) watches for a handle: its events, and always error and hangup.
short poll_events(int events) noexcept {
  short p = POLLERR | POLLHUP;
  if (events & VIR_EVENT_HANDLE_READABLE) p |= POLLIN;
  if (events & VIR_EVENT_HANDLE_WRITABLE) p |= POLLOUT;
  return p;
}

int handle_events(short revents) noexcept {
  int e = 0;
  if (revents & POLLIN) e |= VIR_EVENT_HANDLE_READABLE;
  if (revents & POLLOUT) e |= VIR_EVENT_HANDLE_WRITABLE;
  if (revents & (POLLERR | POLLNVAL)) e |= VIR_EVENT_HANDLE_ERROR;
  if (revents & POLLHUP) e |= VIR_EVENT_HANDLE_HANGUP;
  return e;
}

class Loop {
 public:
  static Loop &get() {
    static Loop *loop = new Loop;  // never destroyed: callbacks may outlive exit handlers
    return *loop;
  }

  int add_handle(int fd, int events, virEventHandleCallback cb, void *opaque, virFreeCallback ff);
  void update_handle(int watch, int events);
  int remove_handle(int watch);
  int add_timeout(int ms, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff);
  void update_timeout(int timer, int ms);
  int remove_timeout(int timer);
  void run_once();

 private:
  Loop() {
    wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  }

  // `source` names the handle's or timer's current source (0: none, i.e. an
  // empty event set or a disabled timer); `running` the source whose
  // callback is under way (left alone by an iteration started inside it);
  // `marked` the source found ready whose callback has not run yet (an
  // iteration started inside a callback takes over the rest of the outer
  // one's work, as GLib does).
  struct Handle {
    int fd;
    int events;
    uint64_t source;
    uint64_t running;
    uint64_t marked;  // found ready, not yet run (a nested iteration stopped the run)
    short revents;    // of its last poll
    virEventHandleCallback cb;
    void *opaque;
    virFreeCallback ff;
    bool busy() const { return source && running == source; }
  };
  struct Timer {
    int interval;
    uint64_t source;
    uint64_t running;
    uint64_t marked;
    int64_t expires;  // monotonic microseconds
    virEventTimeoutCallback cb;
    void *opaque;
    virFreeCallback ff;
    bool busy() const { return source && running == source; }
  };
  struct Release {
    virFreeCallback ff;
    void *opaque;
  };
  struct Ready {
    uint64_t source;
    bool handle;
    int id;
  };
  // What an iteration runs: the most urgent kind that is ready.
  enum class Level { releases_first, callbacks, releases_last, any };

  // The wakeup, with GLib's rules (which decide when an iteration returns
  // having run nothing): every change to the set of watched descriptors
  // signals it, and also marks the poll under way as stale (its iteration
  // then runs nothing); a new timer or pending release signals it only when
  // another thread is iterating.
  void watched_set_changed_locked() noexcept {
    watched_changed_ = true;
    signal_wakeup();
  }
  void source_added_locked() noexcept {
    if (depth_ > 0 && owner_ != std::this_thread::get_id()) signal_wakeup();
  }
  void signal_wakeup() noexcept {
    CancelShield shield;  // a write that must not end the thread
    uint64_t one = 1;
    ssize_t n;
    do n = write(wake_fd_, &one, sizeof one);
    while (n < 0 && errno == EINTR);
  }
  void acknowledge_wakeup() noexcept {
    CancelShield shield;
    uint64_t v;
    ssize_t n;
    do n = read(wake_fd_, &v, sizeof v);
    while (n < 0 && errno == EINTR);
  }

  void acquire();
  void release() noexcept;
  void iterate();
  bool callbacks_ready_locked(int64_t now) const;
  void run_releases(std::unique_lock<std::mutex> &lk, std::deque<Release> &pending, uint64_t gen);
  void dispatch(std::unique_lock<std::mutex> &lk, const Ready &r, int64_t now);

  std::mutex mu_;
  std::map<int, Handle> handles_;
  std::map<int, Timer> timers_;
  std::deque<Release> handle_releases_;  // run first, on their own
  std::deque<Release> timer_releases_;   // run when nothing else is ready
  uint64_t generation_ = 0;              // of the latest iteration
  int next_watch_ = 1;
  int next_timer_ = 1;
  uint64_t next_source_ = 1;
  bool watched_changed_ = false;
  int wake_fd_ = -1;

  // One thread iterates at a time; it may iterate again from a callback.
  std::atomic<uint32_t> turn_{0};  // bumped as the loop becomes free
  std::thread::id owner_;
  int depth_ = 0;
};

int Loop::add_handle(int fd, int events, virEventHandleCallback cb, void *opaque,
                     virFreeCallback ff) {
  std::lock_guard lk(mu_);
  int watch = next_watch_++;
  handles_.emplace(watch, Handle{fd, events, events ? next_source_++ : 0, 0, 0, 0, cb, opaque, ff});
  if (events) watched_set_changed_locked();
  return watch;
}

void Loop::update_handle(int watch, int events) {
  std::lock_guard lk(mu_);
  auto it = handles_.find(watch);
  if (it == handles_.end()) return;
  Handle &h = it->second;
  if (events != 0) {
    if (events == h.events) return;
    h.source = next_source_++;
    h.events = events;
    h.revents = 0;
    watched_set_changed_locked();
  } else {
    if (!h.source) return;
    if (!h.busy()) watched_set_changed_locked();  // a running one is not watched
    h.source = 0;
    h.events = 0;
  }
}

int Loop::remove_handle(int watch) {
  std::lock_guard lk(mu_);
  auto it = handles_.find(watch);
  if (it == handles_.end()) return -1;
  handle_releases_.push_back({it->second.ff, it->second.opaque});
  if (it->second.source && !it->second.busy()) watched_set_changed_locked();
  handles_.erase(it);
  source_added_locked();
  return 0;
}

int Loop::add_timeout(int ms, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff) {
  std::lock_guard lk(mu_);
  int timer = next_timer_++;
  Timer t{ms, 0, 0, 0, 0, cb, opaque, ff};
  if (ms >= 0) {
    t.source = next_source_++;
    t.expires = now_us() + int64_t{ms} * 1000;
  }
  timers_.emplace(timer, t);
  if (ms >= 0) source_added_locked();
  return timer;
}

void Loop::update_timeout(int timer, int ms) {
  std::lock_guard lk(mu_);
  auto it = timers_.find(timer);
  if (it == timers_.end()) return;
  Timer &t = it->second;
  if (ms >= 0) {
    t.interval = ms;
    t.source = next_source_++;
    t.expires = now_us() + int64_t{ms} * 1000;
    source_added_locked();
  } else {
    t.source = 0;
  }
}

int Loop::remove_timeout(int timer) {
  std::lock_guard lk(mu_);
  auto it = timers_.find(timer);
  if (it == timers_.end()) return -1;
  timer_releases_.push_back({it->second.ff, it->second.opaque});
  timers_.erase(it);
  source_added_locked();
  return 0;
}

void Loop::acquire() {
  std::unique_lock lk(mu_);
  auto self = std::this_thread::get_id();
  while (depth_ != 0 && owner_ != self) {
    uint32_t seen = turn_.load(std::memory_order_relaxed);  // bumped under mu_
    lk.unlock();
    futex_wait(&turn_, seen);  // a cancellation point, as pthread_cond_wait
    lk.lock();
  }
  owner_ = self;
  ++depth_;
}

void Loop::release() noexcept {
  std::lock_guard lk(mu_);
  if (--depth_ == 0) {
    owner_ = std::thread::id();
    turn_.fetch_add(1, std::memory_order_relaxed);
    futex_wake(&turn_, true);
  }
}

void Loop::run_once() {
  acquire();
  struct Releaser {
    Loop &l;
    ~Releaser() { l.release(); }
  } releaser{*this};
  iterate();
}

// Whether a handle or timer callback is ready without waiting.
bool Loop::callbacks_ready_locked(int64_t now) const {
  for (const auto &[watch, h] : handles_)
    if (h.source && !h.busy() && h.marked == h.source) return true;
  for (const auto &[id, t] : timers_)
    if (t.source && !t.busy() && (t.marked == t.source || t.expires <= now)) return true;
  return false;
}

void Loop::iterate() {
  std::unique_lock lk(mu_);
  const uint64_t gen = ++generation_;

  // What is ready before waiting, and how long to wait.
  int64_t now = now_us();
  Level level = Level::any;
  if (!handle_releases_.empty())
    level = Level::releases_first;
  else if (callbacks_ready_locked(now))
    level = Level::callbacks;
  else if (!timer_releases_.empty())
    level = Level::releases_last;
  int timeout = -1;
  if (level != Level::any) {
    timeout = 0;
  } else {
    for (const auto &[id, t] : timers_) {
      if (!t.source || t.busy()) continue;
      int ms = static_cast<int>(std::min<int64_t>((t.expires - now + 999) / 1000, INT_MAX));
      if (timeout < 0 || ms < timeout) timeout = ms;
    }
  }

  // The descriptors to watch: none while releases come first.
  std::vector<pollfd> fds;
  std::vector<std::pair<int, uint64_t>> watched;  // (watch, source) of fds[i + 1]
  if (level != Level::releases_first) {
    fds.push_back({wake_fd_, POLLIN, 0});
    for (const auto &[watch, h] : handles_) {
      if (!h.source || h.busy()) continue;
      fds.push_back({h.fd, poll_events(h.events), 0});
      watched.emplace_back(watch, h.source);
    }
  }
  watched_changed_ = false;

  int n = 0;
  if (!fds.empty() || timeout != 0) {
    lk.unlock();
    // A cancellation point, as poll(2). EINTR: as if nothing was ready.
    n = poll_cancellable(fds.data(), fds.size(), timeout);
    lk.lock();
    if (timeout != 0) now = now_us();
  }
  if (n > 0 && fds[0].revents) acknowledge_wakeup();
  if (watched_changed_) return;  // stale results: the next iteration looks again

  // Run what is ready, the most urgent kind only.
  if (!handle_releases_.empty()) {
    run_releases(lk, handle_releases_, gen);
    return;
  }
  for (size_t i = 1; i < fds.size(); i++) {
    auto it = handles_.find(watched[i - 1].first);
    if (it != handles_.end() && it->second.source == watched[i - 1].second)
      it->second.revents = n > 0 ? fds[i].revents : 0;
  }
  std::vector<Ready> ready;
  for (auto &[watch, h] : handles_) {
    if (!h.source || h.busy()) continue;
    if (h.marked == h.source || (h.revents & (poll_events(h.events) | POLLNVAL))) {
      h.marked = h.source;
      ready.push_back({h.source, true, watch});
    }
  }
  for (auto &[id, t] : timers_) {
    if (!t.source || t.busy()) continue;
    if (t.marked == t.source || t.expires <= now) {
      t.marked = t.source;
      ready.push_back({t.source, false, id});
    }
  }
  if (ready.empty()) {
    run_releases(lk, timer_releases_, gen);
    return;
  }
  std::sort(ready.begin(), ready.end(),
            [](const Ready &a, const Ready &b) { return a.source < b.source; });
  for (const Ready &r : ready) {
    if (generation_ != gen) return;  // an iteration run by a callback took over
    dispatch(lk, r, now);
  }
}

// Runs the releases pending when the iteration looked (not those queued by
// the free functions themselves).
void Loop::run_releases(std::unique_lock<std::mutex> &lk, std::deque<Release> &pending,
                        uint64_t gen) {
  for (size_t k = pending.size(); k > 0 && !pending.empty() && generation_ == gen; k--) {
    Release r = pending.front();
    pending.pop_front();
    lk.unlock();
    ScopeExit relock([&] { lk.lock(); });
    if (r.ff) r.ff(r.opaque);
  }
}

// Runs one ready source's callback, unless it was replaced or dropped since.
void Loop::dispatch(std::unique_lock<std::mutex> &lk, const Ready &r, int64_t now) {
  if (r.handle) {
    auto it = handles_.find(r.id);
    if (it == handles_.end() || it->second.source != r.source) return;
    Handle &h = it->second;
    h.marked = 0;
    h.running = r.source;
    watched_set_changed_locked();  // not watched while it runs
    auto cb = h.cb;
    int fd = h.fd;
    int events = handle_events(h.revents & (poll_events(h.events) | POLLNVAL));
    void *opaque = h.opaque;
    lk.unlock();
    // Also when the callback ends its thread: the handle runs again later.
    ScopeExit done([&] {
      lk.lock();
      auto at = handles_.find(r.id);
      if (at == handles_.end()) return;
      if (at->second.running == r.source) at->second.running = 0;
      if (at->second.source == r.source) {  // watched again
        at->second.revents = 0;
        watched_set_changed_locked();
      }
    });
    if (cb) cb(r.id, fd, events, opaque);
  } else {
    auto it = timers_.find(r.id);
    if (it == timers_.end() || it->second.source != r.source) return;
    Timer &t = it->second;
    t.marked = 0;
    t.running = r.source;
    auto cb = t.cb;
    void *opaque = t.opaque;
    lk.unlock();
    ScopeExit done([&] {
      lk.lock();
      auto at = timers_.find(r.id);
      if (at == timers_.end()) return;
      if (at->second.running == r.source) at->second.running = 0;
      if (at->second.source == r.source)
        at->second.expires = now + int64_t{at->second.interval} * 1000;
    });
    if (cb) cb(r.id, opaque);
  }
}

// The built-in loop's functions as registered with virEventRegisterImpl.
int default_add_handle(int fd, int events, virEventHandleCallback cb, void *opaque,
                       virFreeCallback ff) {
  try {
    return Loop::get().add_handle(fd, events, cb, opaque, ff);
  }
  VK_CATCH_ALL {
    return -1;
  }
}
void default_update_handle(int watch, int events) {
  Loop::get().update_handle(watch, events);
}
int default_remove_handle(int watch) {
  try {
    return Loop::get().remove_handle(watch);
  }
  VK_CATCH_ALL {  // no memory to queue the release
    return -1;
  }
}
int default_add_timeout(int ms, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff) {
  try {
    return Loop::get().add_timeout(ms, cb, opaque, ff);
  }
  VK_CATCH_ALL {
    return -1;
  }
}
void default_update_timeout(int timer, int ms) {
  Loop::get().update_timeout(timer, ms);
}
int default_remove_timeout(int timer) {
  try {
    return Loop::get().remove_timeout(timer);
  }
  VK_CATCH_ALL {  // no memory to queue the release
    return -1;
  }
}

// ---- C++ callbacks ----

struct HandleFn {
  std::function<void(int, int, int)> fn;
};
struct TimerFn {
  std::function<void(int)> fn;
};
struct OnceFn {
  std::function<void()> fn;
  std::atomic<bool> done{false};
};
struct TriggerFn {
  std::function<void()> fn;
};

template <class T>
void delete_fn(void *opaque) {
  delete static_cast<T *>(opaque);
}

void handle_fn(int watch, int fd, int events, void *opaque) {
  try {
    static_cast<HandleFn *>(opaque)->fn(watch, fd, events);
  }
  VK_CATCH_ALL {  // never into the loop's C caller
  }
}

void timer_fn(int timer, void *opaque) {
  try {
    static_cast<TimerFn *>(opaque)->fn(timer);
  }
  VK_CATCH_ALL {}
}

void once_fn(int timer, void *opaque) {
  auto *o = static_cast<OnceFn *>(opaque);
  remove_timeout(timer);
  if (o->done.exchange(true)) return;
  try {
    o->fn();
  }
  VK_CATCH_ALL {}
}

void trigger_fn(int timer, void *opaque) {
  update_timeout(timer, -1);
  try {
    static_cast<TriggerFn *>(opaque)->fn();
  }
  VK_CATCH_ALL {}
}

}  // namespace

bool register_impl(const Impl &impl) noexcept {
  std::lock_guard lk(g_register_mu);
  if (g_add_handle.load() || g_update_handle.load() || g_remove_handle.load() ||
      g_add_timeout.load() || g_update_timeout.load() || g_remove_timeout.load())
    return false;  // libvirt: "Ignoring attempt to replace registered event loop"
  g_add_handle.store(impl.add_handle);
  g_update_handle.store(impl.update_handle);
  g_remove_handle.store(impl.remove_handle);
  g_add_timeout.store(impl.add_timeout);
  g_update_timeout.store(impl.update_timeout);
  g_remove_timeout.store(impl.remove_timeout);
  return true;
}

void register_default() {
  static std::once_flag once;
  std::call_once(once, [] {
    Loop::get();  // may throw (no eventfd): registers nothing then
    register_impl({default_add_handle, default_update_handle, default_remove_handle,
                   default_add_timeout, default_update_timeout, default_remove_timeout});
  });
}

bool have_impl() noexcept {
  return g_add_handle.load() && g_add_timeout.load();
}

Status require_impl() noexcept {
  if (have_impl()) return Status();
  return error(VIR_FROM_EVENT, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
               "An event loop implementation must be registered");
}

int add_handle(int fd, int events, virEventHandleCallback cb, void *opaque, virFreeCallback ff) {
  auto f = g_add_handle.load();
  return f ? f(fd, events, cb, opaque, ff) : -1;
}

void update_handle(int watch, int events) {
  if (auto f = g_update_handle.load()) f(watch, events);
}

int remove_handle(int watch) {
  auto f = g_remove_handle.load();
  return f ? f(watch) : -1;
}

int add_timeout(int ms, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff) {
  auto f = g_add_timeout.load();
  return f ? f(ms, cb, opaque, ff) : -1;
}

void update_timeout(int timer, int ms) {
  if (auto f = g_update_timeout.load()) f(timer, ms);
}

int remove_timeout(int timer) {
  auto f = g_remove_timeout.load();
  return f ? f(timer) : -1;
}

void run_default_once() {
  Loop::get().run_once();
}

int add_handle(int fd, int events, std::function<void(int, int, int)> fn) {
  auto *o = new HandleFn{std::move(fn)};
  int watch = add_handle(fd, events, handle_fn, o, delete_fn<HandleFn>);
  if (watch < 0) delete o;
  return watch;
}

int add_timeout(int ms, std::function<void(int)> fn) {
  auto *o = new TimerFn{std::move(fn)};
  int timer = add_timeout(ms, timer_fn, o, delete_fn<TimerFn>);
  if (timer < 0) delete o;
  return timer;
}

bool call_soon(std::function<void()> fn) {
  auto *o = new OnceFn{std::move(fn)};
  if (add_timeout(0, once_fn, o, delete_fn<OnceFn>) >= 0) return true;
  delete o;
  return false;
}

bool Trigger::start(std::function<void()> fn) {
  stop();
  auto *o = new TriggerFn{std::move(fn)};
  int timer = add_timeout(-1, trigger_fn, o, delete_fn<TriggerFn>);
  if (timer < 0) {
    delete o;
    return false;
  }
  timer_.store(timer);
  return true;
}

void Trigger::stop() {
  int timer = timer_.exchange(-1);
  if (timer >= 0) remove_timeout(timer);
}

void Trigger::arm() {
  int timer = timer_.load();
  if (timer >= 0) update_timeout(timer, 0);
}

}  // namespace virtkit::event
