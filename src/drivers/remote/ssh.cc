// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/ssh.h"

#include <cstring>

namespace virtkit::drivers::remote {
namespace {

// A value inside the remote command's single-quoted script, as a literal
// word of the script: closing the outer quote, the value escaped for both
// shells, reopening it.
std::string word(std::string_view v) {
  // Appended, not "'" + ...: GCC 12's -Wrestrict false positive at -O3.
  std::string w(1, '\'');
  w += shell_escape(shell_escape(v));
  w += '\'';
  return w;
}

// The socket path: as libvirt writes it when nothing in it is special
// (byte for byte the same command), else quoted as every other value.
std::string socket_word(std::string_view v) {
  return !v.empty() && shell_escape(v) != v ? word(v) : std::string(v);
}

}  // namespace

std::string shell_escape(std::string_view s) {
  if (s.empty()) return "''";
  static const char kSpecial[] = "\r\t\n !\"#$&'()*;<>?[\\]^`{|}~";
  bool plain = true;
  for (char c : s) plain = plain && !std::strchr(kSpecial, c);
  if (plain) return std::string(s);
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::vector<std::string> ssh_argv(const SshCommand &c) {
  std::vector<std::string> argv{c.binary};
  if (c.port) argv.insert(argv.end(), {"-p", std::to_string(c.port)});
  if (!c.user.empty()) argv.insert(argv.end(), {"-l", c.user});
  if (c.has_keyfile) argv.insert(argv.end(), {"-i", c.keyfile});
  argv.insert(argv.end(), {"-T", "-e", "none"});
  if (c.no_tty) argv.insert(argv.end(), {"-o", "BatchMode=yes"});
  if (c.no_verify) argv.insert(argv.end(), {"-o", "StrictHostKeyChecking=no"});
  argv.insert(argv.end(), {"--", c.host});

  const std::string nc = word(c.netcat);
  const std::string nccmd = "if " + nc +
                            " -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then "
                            "ARG=-q0;else ARG=;fi;" +
                            nc + " $ARG -U " + socket_word(c.socket);
  const std::string helper =
      std::string("virt-ssh-helper") + (c.readonly ? " -r " : " ") + word(c.name);
  std::string script;
  switch (c.proxy) {
    case SshCommand::Proxy::netcat:
      script = nccmd;
      break;
    case SshCommand::Proxy::native:
      script = helper;
      break;
    case SshCommand::Proxy::automatic:
      script = "which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     " + helper +
               "; else    " + nccmd + "; fi";
      break;
  }
  argv.push_back("sh -c '" + script + "'");
  return argv;
}

}  // namespace virtkit::drivers::remote
