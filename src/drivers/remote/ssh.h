// SPDX-License-Identifier: LGPL-2.1-or-later
// The ssh transport as libvirt 9.0.0 builds it: the system ssh binary's
// command line, and the remote shell command that reaches the daemon's
// socket through virt-ssh-helper or nc. Every value that reaches a remote
// shell is quoted (libvirt 9.0.0 leaves the socket path unquoted).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace virtkit::drivers::remote {

struct SshCommand {
  enum class Proxy { automatic, netcat, native };
  std::string binary = "ssh";  // the URI's command=
  std::string host;            // "localhost" when the URI has none
  std::string user;            // "" when absent
  int port = 0;                // 0: ssh's own default
  bool has_keyfile = false;    // keyfile= given (even empty)
  std::string keyfile;
  bool no_tty = false, no_verify = false;
  Proxy proxy = Proxy::automatic;
  std::string netcat = "nc";
  std::string socket;  // for nc
  std::string name;    // the connection name, for virt-ssh-helper
  bool readonly = false;
};

// The argument vector: binary, options, "--", host, remote command.
std::vector<std::string> ssh_argv(const SshCommand &c);

// libvirt's shell escape: the text as is when it holds no character a
// shell treats specially, else single-quoted ('\'' for a quote).
std::string shell_escape(std::string_view s);

}  // namespace virtkit::drivers::remote
