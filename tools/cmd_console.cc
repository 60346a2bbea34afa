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
#include <mutex>
#include <string>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

// Everything the event loop's callbacks share with the waiting command.
struct Console {
  std::mutex mu;
  std::condition_variable cv;
  virStreamPtr st = nullptr;
  int stdin_watch = -1, stdout_watch = -1;
  std::string to_terminal, to_stream;
  char escape = 0x1d;
  bool quit = false;
  virError err{};  // the first error that ended the session
  int refs = 1;    // the command's, plus one per registered callback
};

void unref(void *opaque) {
  auto *con = static_cast<Console *>(opaque);
  bool last;
  {
    std::lock_guard<std::mutex> g(con->mu);
    last = --con->refs == 0;
  }
  if (last) {
    virResetError(&con->err);
    delete con;
  }
}

// Ends the session (with con->mu held): the stream finished or aborted.
void shutdown(Console *con, bool graceful) {
  if (con->err.code == VIR_ERR_OK && virGetLastError()) virCopyLastError(&con->err);
  if (con->st) {
    virStreamEventRemoveCallback(con->st);
    int rc = graceful ? virStreamFinish(con->st) : virStreamAbort(con->st);
    if (rc < 0 && con->err.code == VIR_ERR_OK) {
      virCopyLastError(&con->err);
    }
    virStreamFree(con->st);
    con->st = nullptr;
  }
  if (con->stdin_watch != -1) virEventRemoveHandle(con->stdin_watch);
  if (con->stdout_watch != -1) virEventRemoveHandle(con->stdout_watch);
  con->stdin_watch = con->stdout_watch = -1;
  con->quit = true;
  con->cv.notify_all();
}

// Records an error of our own (libvirt's words) and ends the session.
void fail(Console *con, const char *msg, int errnum = 0) {
  if (con->err.code == VIR_ERR_OK) {
    con->err.code = errnum ? VIR_ERR_SYSTEM_ERROR : VIR_ERR_INTERNAL_ERROR;
    con->err.domain = VIR_FROM_NONE;
    con->err.level = VIR_ERR_ERROR;
    std::string text = errnum ? std::string(msg) + ": " + std::strerror(errnum)
                              : std::string("internal error: ") + msg;
    con->err.message = strdup(text.c_str());
  }
  shutdown(con, false);
}

void on_stream(virStreamPtr st, int events, void *opaque) {
  auto *con = static_cast<Console *>(opaque);
  std::lock_guard<std::mutex> g(con->mu);
  if (!con->st) return;  // a late event
  if (events & VIR_STREAM_EVENT_READABLE) {
    char buf[1024];
    int got = virStreamRecv(st, buf, sizeof buf);
    if (got == -2) return;  // would block
    if (got <= 0) {
      shutdown(con, got == 0);
      return;
    }
    con->to_terminal.append(buf, static_cast<size_t>(got));
    virEventUpdateHandle(con->stdout_watch, VIR_EVENT_HANDLE_WRITABLE);
  }
  if ((events & VIR_STREAM_EVENT_WRITABLE) && !con->to_stream.empty()) {
    int done = virStreamSend(con->st, con->to_stream.data(), con->to_stream.size());
    if (done == -2) return;
    if (done < 0) {
      shutdown(con, false);
      return;
    }
    con->to_stream.erase(0, static_cast<size_t>(done));
  }
  if (con->to_stream.empty()) virStreamEventUpdateCallback(con->st, VIR_STREAM_EVENT_READABLE);
  if (events & (VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP)) shutdown(con, false);
}

void on_stdin(int, int fd, int events, void *opaque) {
  auto *con = static_cast<Console *>(opaque);
  std::lock_guard<std::mutex> g(con->mu);
  if (!con->st) return;
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
    if (buf[0] == con->escape) {
      shutdown(con, true);
      return;
    }
    con->to_stream.append(buf, static_cast<size_t>(got));
    virStreamEventUpdateCallback(con->st, VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_WRITABLE);
  }
  if (events & VIR_EVENT_HANDLE_ERROR) {
    fail(con, "IO error on stdin");
  } else if (events & VIR_EVENT_HANDLE_HANGUP) {
    fail(con, "EOF on stdin");
  }
}

void on_stdout(int, int fd, int events, void *opaque) {
  auto *con = static_cast<Console *>(opaque);
  std::lock_guard<std::mutex> g(con->mu);
  if (!con->st) return;
  if ((events & VIR_EVENT_HANDLE_WRITABLE) && !con->to_terminal.empty()) {
    ssize_t done = write(fd, con->to_terminal.data(), con->to_terminal.size());
    if (done < 0) {
      if (errno != EAGAIN) fail(con, "cannot write to stdout", errno);
      return;
    }
    con->to_terminal.erase(0, static_cast<size_t>(done));
  }
  if (con->to_terminal.empty()) virEventUpdateHandle(con->stdout_watch, 0);
  if (events & VIR_EVENT_HANDLE_ERROR) {
    fail(con, "IO error stdout");
  } else if (events & VIR_EVENT_HANDLE_HANGUP) {
    fail(con, "EOF on stdout");
  }
}

void ignore_signal(int) {}

// virshRunConsole: 0 when the session ended well.
int run_console(Shell &sh, virDomainPtr dom, const char *dev, unsigned flags) {
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

  auto *con = new Console;
  const std::string &e = sh.escape;
  con->escape =
      e[0] == '^' ? static_cast<char>(std::toupper(static_cast<unsigned char>(e[1])) ^ 0x40) : e[0];
  int ret = -1;
  std::unique_lock<std::mutex> lock(con->mu);
  con->st = virStreamNew(virDomainGetConnect(dom), VIR_STREAM_NONBLOCK);
  bool ok = con->st && virDomainOpenConsole(dom, dev, con->st, flags) == 0;
  if (ok) {
    con->refs++;
    con->stdin_watch =
        virEventAddHandle(STDIN_FILENO, VIR_EVENT_HANDLE_READABLE, on_stdin, con, unref);
    if (con->stdin_watch < 0) con->refs--, ok = false;
  }
  if (ok) {
    con->refs++;
    con->stdout_watch = virEventAddHandle(STDOUT_FILENO, 0, on_stdout, con, unref);
    if (con->stdout_watch < 0) con->refs--, ok = false;
  }
  if (ok) {
    con->refs++;
    if (virStreamEventAddCallback(con->st, VIR_STREAM_EVENT_READABLE, on_stream, con, unref) < 0)
      con->refs--, ok = false;
  }
  if (ok) {
    con->cv.wait(lock, [&] { return con->quit; });
    if (con->err.code == VIR_ERR_OK) ret = 0;
  }
  shutdown(con, ret == 0);
  if (ret < 0) {
    // The session's first error is the command's.
    reset_error();
    if (con->err.code != VIR_ERR_OK && con->err.message)
      save_error(con->err.code, con->err.message);
  }
  lock.unlock();
  unref(con);
  for (int i = 0; i < 5; i++) sigaction(sigs[i], &old[i], nullptr);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  return ret;
}

}  // namespace

bool cmd_console(Shell &sh, const Cmd &c) {
  auto dom = sh.domain(c);
  if (!dom) return false;
  const char *dev = nullptr;
  if (c.string("devname", dev) < 0) return false;
  unsigned flags = (c.has("force") ? VIR_DOMAIN_CONSOLE_FORCE : 0) |
                   (c.has("safe") ? VIR_DOMAIN_CONSOLE_SAFE : 0);
  int state, reason;
  if (virDomainGetState(dom->get(), &state, &reason, 0) < 0) {
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
  extra("Connected to domain '%s'\n", virDomainGetName(dom->get()));
  extra("Escape character is %s", sh.escape.c_str());
  if (sh.escape[0] == '^') extra(" (Ctrl + %c)", sh.escape[1]);
  extra("\n");
  std::fflush(stdout);
  return run_console(sh, dom->get(), dev, flags) == 0;
}

}  // namespace virtkit_sh
