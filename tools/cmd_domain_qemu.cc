// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's hypervisor-specific commands: qemu-attach,
// qemu-monitor-command, qemu-agent-command and lxc-enter-namespace, with
// virsh's checks, through libvirt-qemu.so and libvirt-lxc.so.
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <virtkit/lxc.hpp>
#include <virtkit/qemu.hpp>

#include "cmd_domain_util.h"
#include "qemu_json.h"

namespace virtkit_sh {

namespace {

// virJSONValueFromString's verdict: 1 an object, 0 another value, -1 not
// JSON (the libvirt error saved).
int parse_json(const std::string &text) {
  bool object;
  auto err = json_check(text, object);
  if (err) {
    save_error(VIR_ERR_INTERNAL_ERROR, "internal error: cannot parse json " + text + ": " + *err);
    return -1;
  }
  return object ? 1 : 0;
}

std::string join(const std::vector<std::string> &words, size_t from, const char *sep) {
  std::string out;
  for (size_t i = from; i < words.size(); i++) out += (i > from ? sep : "") + words[i];
  return out;
}

// virsh's QMP wrapping: a JSON object passes as is; else the first word is
// the command and the rest its arguments (an object, or members to wrap
// in one): {"execute":NAME,"arguments":ARGS}. nullopt after the error.
std::optional<std::string> qmp_command(const Cmd &c) {
  auto words = c.argv();
  std::string full = join(words, 0, " ");
  int rc = parse_json(full);
  reset_error();
  if (rc == 1) return full;
  std::string name = words.empty() ? "" : words[0];
  std::optional<std::string> args;
  if (words.size() > 1) {
    args = join(words, 1, " ");
    rc = parse_json(*args);
    reset_error();
    if (rc != 1) {
      std::string wrapped = "{" + join(words, 1, ",") + "}";
      if (parse_json(wrapped) < 0) {
        error("failed to wrap arguments '%s' into a QMP command wrapper", args->c_str());
        return std::nullopt;
      }
      args = wrapped;
    }
  }
  std::string out = "{\"execute\":" + json_quote(name);
  if (args) out += ",\"arguments\":" + json_format(*args, false);
  return out + "}";
}

}  // namespace

bool cmd_qemu_attach(Shell &sh, const Cmd &c) {
  unsigned pid;
  if (c.opt_uint("pid", pid) <= 0) return false;
  auto dom = virtkit::qemu::try_attach(sh.conn, pid);
  if (!dom) {
    error("Failed to attach to pid %u", pid);
    return false;
  }
  extra("Domain '%s' attached to pid %u\n", dom->name().c_str(), pid);
  return true;
}

bool cmd_qemu_monitor_command(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "hmp", "pretty") || !exclusive(c, "hmp", "return-value")) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  bool pretty = c.has("pretty"), returnval = c.has("return-value");
  unsigned flags = 0;
  std::optional<std::string> cmd;
  if (c.has("hmp")) {
    flags |= VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP;
    cmd = join(c.argv(), 0, " ");
  } else {
    cmd = qmp_command(c);
  }
  if (!cmd) return false;
  std::vector<int> fds;
  if (!dom::pass_fds(c, fds)) return false;
  std::string result;
  if (fds.empty()) {
    auto r = virtkit::qemu::try_monitor_command(*d, *cmd, flags);
    if (!r) return false;
    result = std::move(r).value();
  } else {
    auto r = virtkit::qemu::try_monitor_command_with_files(*d, *cmd, fds, flags);
    if (!r) return false;
    for (int fd : r->fds) close(fd);
    result = std::move(r->result);
  }
  bool is_json = (returnval || pretty) && parse_json(result) >= 0;
  reset_error();
  if (returnval && !is_json) {
    error("%s", "failed to parse JSON returned by qemu");
    return false;
  }
  if (!is_json) {
    std::printf("%s\n", result.c_str());
    return true;
  }
  std::string out;
  if (returnval) {
    auto member = json_member(result, "return", pretty);
    if (!member) {
      error("%s", "'return' member missing");
      return false;
    }
    out = *member;
  } else {
    out = json_format(result, pretty);
  }
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  std::printf("%s", out.c_str());
  return true;
}

bool cmd_qemu_agent_command(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  std::string cmd = join(c.argv(), 0, " ");
  int timeout = VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT;
  int given = c.opt_int("timeout", timeout);
  if (given < 0) return false;
  if (given > 0 && timeout < 1) {
    error("%s", "timeout must be positive");
    return false;
  }
  int modes = given > 0;
  if (c.has("async")) {
    timeout = VIR_DOMAIN_QEMU_AGENT_COMMAND_NOWAIT;
    modes++;
  }
  if (c.has("block")) {
    timeout = VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK;
    modes++;
  }
  if (modes > 1) {
    error("%s", "timeout, async and block options are exclusive");
    return false;
  }
  auto got = virtkit::qemu::try_agent_command(*d, cmd, timeout);
  if (!got) return false;
  std::string result = std::move(got).value();
  if (c.has("pretty")) {
    if (parse_json(result) >= 0) result = json_format(result, true);
    reset_error();
  }
  std::printf("%s\n", result.c_str());
  return true;
}

bool cmd_lxc_enter_namespace(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  bool setlabel = !c.has("noseclabel");
  auto words = c.argv();
  std::vector<char *> argv;
  for (auto &w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  auto fds = virtkit::lxc::try_open_namespace(*d);
  if (!fds) return false;
  auto close_all = [&] {
    for (int fd : *fds) close(fd);
  };
  virSecurityModel model{};
  virSecurityLabel label{};
  if (setlabel) {
    auto m = sh.conn.try_security_model();
    auto l = m ? d->try_security_label() : virtkit::Expected<virtkit::SecurityLabel>(m.error());
    if (!l) {
      close_all();
      return false;
    }
    model = *m;
    l->label.copy(label.label, sizeof label.label - 1);
    label.enforcing = l->enforcing;
  }
  // As virsh: a child enters (the shell keeps its namespaces, and the user
  // namespace needs a single thread), and forks again for the pid namespace.
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    close_all();
    save_error(VIR_ERR_SYSTEM_ERROR,
               std::string("cannot fork child process: ") + std::strerror(errno));
    return false;
  }
  if (pid == 0) {
    // C: the C++ forms return the previous label and namespaces, which a
    // child about to exec must not hold open.
    if ((setlabel && virDomainLxcEnterSecurityLabel(&model, &label, nullptr, 0) < 0) ||
        !virtkit::lxc::try_enter_cgroup(*d) ||
        virDomainLxcEnterNamespace(d->get(), static_cast<unsigned>(fds->size()), fds->data(),
                                   nullptr, nullptr, 0) < 0)
      _exit(125);
    pid_t grandchild = fork();
    if (grandchild < 0) _exit(125);
    if (grandchild == 0) {
      if (argv[0]) execv(argv[0], argv.data());
      _exit(errno == ENOENT ? 127 : 126);
    }
    int st = 0;
    while (waitpid(grandchild, &st, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(st)) raise(WTERMSIG(st));
    _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 126);
  }
  close_all();
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return true;
  char what[64];
  if (WIFEXITED(st))
    std::snprintf(what, sizeof what, "exit status %d", WEXITSTATUS(st));
  else
    std::snprintf(what, sizeof what, "fatal signal %d", WTERMSIG(st));
  save_error(VIR_ERR_INTERNAL_ERROR,
             "internal error: Child process (" + std::to_string(pid) + ") unexpected " + what);
  return false;
}

}  // namespace virtkit_sh
