// SPDX-License-Identifier: LGPL-2.1-or-later
// A transport that is a child process (ssh): its stdin and stdout are one
// end of a socket pair, its stderr a pipe read only when the connection
// fails (libvirt puts what it says in the error), and it is ended and
// reaped when the connection goes.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "error/status.h"

namespace virtkit::remote {

struct ChildTransport {
  int fd = -1;  // our end of the socket pair
  pid_t pid = -1;
  int errfd = -1;  // the read end of its stderr
};

// Starts argv[0] (looked up in PATH unless it holds a '/': libvirt's
// "Cannot find '%s' in path" otherwise) with an environment of LC_ALL=C and
// the variables libvirt passes on to any command, and to ssh when `ssh`.
Result<ChildTransport> spawn_child(const std::vector<std::string> &argv, bool ssh = true);

// Starts `binary --timeout=120` as a daemon (its own session, cwd /, stdio
// on /dev/null, reparented to init) with LC_ALL=C and the variables libvirt
// passes to a session daemon it autostarts. Returns once the daemon is
// forked, not when it is ready. A relative name is looked up (libvirt's
// "Cannot find '%s' in path"); an absolute one is not checked.
Status spawn_daemon(const std::string &binary);

// What the child wrote to stderr, up to 1024 bytes, trailing white space
// removed; nullopt with errno EOVERFLOW when it wrote more.
std::optional<std::string> read_child_stderr(int errfd);

// Ends the child if it still runs (SIGTERM, then SIGKILL after 10 ms) and
// reaps it.
void end_child(pid_t pid);

}  // namespace virtkit::remote
