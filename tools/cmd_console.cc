// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's "console": the terminal, raw, joined to a domain's console stream
// until the escape character (^] by default), EOF or the stream's end.
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include <virtkit/event_loop.hpp>
#include <virtkit/stream.hpp>

#include "cmd_domain_util.h"

namespace virtkit_sh {

namespace {

// Everything the event loop's callbacks share with the waiting command; each
// callback holds a reference.
struct Console {
  std::mutex mu;
  std::condition_variable cv;
  virtkit::Stream st;  // empty once the session ended
  virtkit::Stream::EventSubscription sub;
  virtkit::event::Watch stdin_watch, stdout_watch;
  std::string to_terminal, to_stream;
  char escape = 0x1d;
  bool quit = false;
  std::optional<virtkit::Error> err;  // the first error that ended the session
};

// Ends the session (with con.mu held): the stream finished or aborted.
void shutdown(Console &con, bool graceful) {
  if (!con.err)
    if (auto e = virtkit::Error::last(); e.code() != VIR_ERR_OK) con.err = std::move(e);
  if (con.st) {
    (void)con.sub.try_remove();
    auto rc = graceful ? con.st.try_finish() : con.st.try_abort();
    if (!rc && !con.err) con.err = rc.error();
    con.st = virtkit::Stream();
  }
  con.stdin_watch.remove();
  con.stdout_watch.remove();
  con.quit = true;
  con.cv.notify_all();
}

// Records an error of our own (libvirt's words) and ends the session.
void fail(Console &con, const char *msg, int errnum = 0) {
  if (!con.err) {
    std::string text = errnum ? std::string(msg) + ": " + std::strerror(errnum)
                              : std::string("internal error: ") + msg;
    virError e{};
    e.code = errnum ? VIR_ERR_SYSTEM_ERROR : VIR_ERR_INTERNAL_ERROR;
    e.domain = VIR_FROM_NONE;
    e.level = VIR_ERR_ERROR;
    e.message = text.data();
    con.err = virtkit::Error(e);
  }
  shutdown(con, false);
}

void on_stream(Console &con, int events) {
  std::lock_guard<std::mutex> g(con.mu);
  if (!con.st) return;  // a late event
  if (events & VIR_STREAM_EVENT_READABLE) {
    std::byte buf[1024];
    auto got = con.st.try_recv(buf);
    if (got && !*got) return;  // would block
    if (!got || **got == 0) {
      shutdown(con, got.has_value());
      return;
    }
    con.to_terminal.append(reinterpret_cast<const char *>(buf), **got);
    con.stdout_watch.update(VIR_EVENT_HANDLE_WRITABLE);
  }
  if ((events & VIR_STREAM_EVENT_WRITABLE) && !con.to_stream.empty()) {
    auto done = con.st.try_send(std::as_bytes(std::span(con.to_stream)));
    if (done && !*done) return;
    if (!done) {
      shutdown(con, false);
      return;
    }
    con.to_stream.erase(0, **done);
  }
  if (con.to_stream.empty()) (void)con.sub.try_update(VIR_STREAM_EVENT_READABLE);
  if (events & (VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP)) shutdown(con, false);
}

void on_stdin(Console &con, int fd, int events) {
  std::lock_guard<std::mutex> g(con.mu);
  if (!con.st) return;
  if (events & VIR_EVENT_HANDLE_READABLE) {
    char buf[1024];
    ssize_t got = read(fd, buf, sizeof buf);
    if (got < 0) {
      if (errno != EAGAIN) fail(con, "cannot read from stdin", errno);
      return;
    }
    if (got == 0) {
      fail(con, "EOF on stdin");
      return;
    }
    if (buf[0] == con.escape) {
      shutdown(con, true);
      return;
    }
    con.to_stream.append(buf, static_cast<size_t>(got));
    (void)con.sub.try_update(VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_WRITABLE);
  }
  if (events & VIR_EVENT_HANDLE_ERROR) {
    fail(con, "IO error on stdin");
  } else if (events & VIR_EVENT_HANDLE_HANGUP) {
    fail(con, "EOF on stdin");
  }
}

void on_stdout(Console &con, int fd, int events) {
  std::lock_guard<std::mutex> g(con.mu);
  if (!con.st) return;
  if ((events & VIR_EVENT_HANDLE_WRITABLE) && !con.to_terminal.empty()) {
    ssize_t done = write(fd, con.to_terminal.data(), con.to_terminal.size());
    if (done < 0) {
      if (errno != EAGAIN) fail(con, "cannot write to stdout", errno);
      return;
    }
    con.to_terminal.erase(0, static_cast<size_t>(done));
  }
  if (con.to_terminal.empty()) con.stdout_watch.update(0);
  if (events & VIR_EVENT_HANDLE_ERROR) {
    fail(con, "IO error stdout");
  } else if (events & VIR_EVENT_HANDLE_HANGUP) {
    fail(con, "EOF on stdout");
  }
}

void ignore_signal(int) {}

// virshRunConsole: 0 when the session ended well.
int session(Shell &sh, const virtkit::Domain &dom, const char *dev, unsigned flags) {
  struct termios saved, raw;
  if (tcgetattr(STDIN_FILENO, &saved) < 0) {
    error("unable to set tty attributes: %s", std::strerror(errno));
    return -1;
  }
  raw = saved;
  cfmakeraw(&raw);
  if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) < 0) {
    error("unable to set tty attributes: %s", std::strerror(errno));
    return -1;
  }
  // Signals must not leave the terminal raw: they only end the wait here.
  struct sigaction sa {
  }, old[5];
  const int sigs[5] = {SIGQUIT, SIGTERM, SIGINT, SIGHUP, SIGPIPE};
  sa.sa_handler = ignore_signal;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < 5; i++) sigaction(sigs[i], &sa, &old[i]);

  auto con = std::make_shared<Console>();
  const std::string &e = sh.escape;
  con->escape =
      e[0] == '^' ? static_cast<char>(std::toupper(static_cast<unsigned char>(e[1])) ^ 0x40) : e[0];
  int ret = -1;
  std::unique_lock<std::mutex> lock(con->mu);
  auto st = virtkit::Stream::try_create(sh.conn, VIR_STREAM_NONBLOCK);
  bool ok = st && dom.try_open_console(dev ? std::optional<std::string_view>(dev) : std::nullopt,
                                       *st, flags);
  if (ok) {
    con->st = std::move(st).value();
    using virtkit::event::Watch;
    auto in = Watch::try_add(STDIN_FILENO, VIR_EVENT_HANDLE_READABLE,
                             [con](int fd, int ev) { on_stdin(*con, fd, ev); });
    auto out =
        in ? Watch::try_add(STDOUT_FILENO, 0, [con](int fd, int ev) { on_stdout(*con, fd, ev); })
           : virtkit::Expected<Watch>(in.error());
    auto sub = out ? con->st.try_add_event_callback(
                         VIR_STREAM_EVENT_READABLE,
                         [con](virtkit::Stream &, int ev) { on_stream(*con, ev); })
                   : virtkit::Expected<virtkit::Stream::EventSubscription>(out.error());
    ok = sub.has_value();
    if (ok) {
      con->stdin_watch = std::move(in).value();
      con->stdout_watch = std::move(out).value();
      con->sub = std::move(sub).value();
    }
  }
  if (ok) {
    con->cv.wait(lock, [&] { return con->quit; });
    if (!con->err) ret = 0;
  }
  shutdown(*con, ret == 0);
  if (ret < 0) {
    // The session's first error is the command's.
    reset_error();
    if (con->err && con->err->message()) save_error(con->err->code(), con->err->what());
  }
  lock.unlock();
  for (int i = 0; i < 5; i++) sigaction(sigs[i], &old[i], nullptr);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  return ret;
}

}  // namespace

namespace dom {

bool run_console(Shell &sh, const virtkit::Domain &d, const char *dev, unsigned flags) {
  int state;
  if (auto st = d.try_state()) {
    state = st->state;
  } else if (auto info = st.error().code() == VIR_ERR_NO_SUPPORT
                             ? d.try_info()
                             : virtkit::Expected<virDomainInfo>(st.error())) {
    state = info->state;
  } else {
    error("%s", "Unable to get domain status");
    return false;
  }
  if (state == VIR_DOMAIN_SHUTOFF) {
    error("%s", "The domain is not running");
    return false;
  }
  if (!isatty(STDIN_FILENO)) {
    error("%s", "Cannot run interactive console without a controlling TTY");
    return false;
  }
  extra("Connected to domain '%s'\n", d.try_name().value_or("").c_str());
  extra("Escape character is %s", sh.escape.c_str());
  if (sh.escape[0] == '^') extra(" (Ctrl + %c)", sh.escape[1]);
  extra("\n");
  std::fflush(stdout);
  return session(sh, d, dev, flags) == 0;
}

}  // namespace dom

bool cmd_console(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *dev = nullptr;
  if (c.string("devname", dev) < 0) return false;
  unsigned flags = (c.has("force") ? VIR_DOMAIN_CONSOLE_FORCE : 0) |
                   (c.has("safe") ? VIR_DOMAIN_CONSOLE_SAFE : 0);
  return dom::run_console(sh, *d, dev, flags);
}

}  // namespace virtkit_sh
