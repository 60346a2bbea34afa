// SPDX-License-Identifier: LGPL-2.1-or-later
// Preloaded into the interpreters test_thread_exit.py starts: on SIGSEGV it
// writes the faulting thread's call chain (nearest exported symbols) to
// stderr, then lets the signal kill the process as before. The test uses it
// to tell CPython's own crash at exit (PyGILState_Ensure on a daemon thread
// after the interpreter was freed, python/cpython#124619) from a crash of ours.
#define _GNU_SOURCE
#include <execinfo.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static void on_segv(int sig) {
  (void)sig;
  static const char head[] = "segv_report: call chain\n";
  void *frames[24];
  int n = backtrace(frames, 24);
  (void)!write(2, head, sizeof head - 1);
  backtrace_symbols_fd(frames, n, 2);
  // SA_RESETHAND: returning re-runs the faulting instruction, which now kills.
}

__attribute__((constructor)) static void install(void) {
  void *warm[1];
  backtrace(warm, 1);  // loads the unwinder now, not inside the handler
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_segv;
  sa.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);
}
