// SPDX-License-Identifier: LGPL-2.1-or-later
// libvirt's default event loop in a thread, as both shells run it, and the
// wait for events of the *-event commands (vshEventStart/Wait/Done).
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>

#include <virtkit/event_loop.hpp>

#include "vsh.h"

namespace vsh {

namespace {

// ---- the event loop (virsh runs libvirt's default one in a thread) ----

std::atomic<bool> g_loop_quit{false};
std::thread *g_loop = nullptr;  // left running if the process exits early
// The wait's timeout; left in place if the process exits early.
virtkit::event::Timer *g_event_timer = nullptr;
int g_event_pipe[2] = {-1, -1};
volatile sig_atomic_t g_event_fd = -1;  // for the SIGINT handler
struct sigaction g_old_sigint;

void write_end(int fd, char why) {
  if (fd < 0) return;
  while (write(fd, &why, 1) < 0 && errno == EINTR) {
  }
}

void on_sigint(int, siginfo_t *, void *) {
  int saved = errno;
  write_end(g_event_fd, kEventInterrupt);
  errno = saved;
}

}  // namespace

bool start_event_loop() {
  if (!virtkit::event::try_register_default_impl()) {
    report_last();
    return false;
  }
  g_loop = new std::thread([] {
    while (!g_loop_quit.load())
      if (!virtkit::event::try_run_default_impl()) report_last();
  });
  auto timer = virtkit::event::Timer::try_add(std::nullopt,
                                              [] { write_end(g_event_pipe[1], kEventTimeout); });
  if (!timer) {
    report_last();
    return false;
  }
  g_event_timer = new virtkit::event::Timer(std::move(timer).value());
  return true;
}

void stop_event_loop() {
  if (!g_loop) return;
  g_loop_quit = true;
  // A timer that fires at once wakes the loop to see the flag.
  auto wake = virtkit::event::Timer::try_add(std::chrono::milliseconds(0), [] {});
  g_loop->join();
  delete g_loop;
  g_loop = nullptr;
}

bool event_start(int timeout_ms) {
  if (pipe2(g_event_pipe, O_CLOEXEC) < 0) {
    error("Unable to create pipe: %s", std::strerror(errno));
    return false;
  }
  g_event_fd = g_event_pipe[1];
  struct sigaction sa {};
  sa.sa_sigaction = on_sigint;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_sigint);
  if (timeout_ms && g_event_timer) g_event_timer->update(std::chrono::milliseconds(timeout_ms));
  return true;
}

void event_done() {
  write_end(g_event_pipe[1], kEventDone);
}

int event_wait() {
  char why;
  ssize_t n;
  while ((n = read(g_event_pipe[0], &why, 1)) < 0 && errno == EINTR) {
  }
  if (n != 1) {
    error("failed to determine loop exit status: %s", std::strerror(n == 0 ? EPIPE : errno));
    return -1;
  }
  return why;
}

void event_cleanup() {
  if (g_event_fd >= 0) {
    sigaction(SIGINT, &g_old_sigint, nullptr);
    g_event_fd = -1;
  }
  for (int &fd : g_event_pipe) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
  if (g_event_timer) g_event_timer->update(std::nullopt);
}

std::string timestamp_now() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char b[64];
  std::snprintf(b, sizeof b, "%4d-%02d-%02d %02d:%02d:%02d.%03d+0000", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ts.tv_nsec / 1000000));
  return b;
}

}  // namespace vsh
