// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "core/unwind.h"
#include "util/log.h"

namespace virtkit::remote {
namespace {

// libvirt's environment for a child: LC_ALL=C and these
// (virCommandAddEnvPassCommon), then the variables of its use.
constexpr const char *kCommon[] = {"LD_PRELOAD",
                                   "LD_LIBRARY_PATH",
                                   "DYLD_INSERT_LIBRARIES",
                                   "DYLD_FORCE_FLAT_NAMESPACE",
                                   "PATH",
                                   "HOME",
                                   "USER",
                                   "LOGNAME",
                                   "TMPDIR"};
// ssh's own.
constexpr const char *kSsh[] = {"XDG_RUNTIME_DIR", "KRB5CCNAME", "SSH_AUTH_SOCK",
                                "SSH_ASKPASS",     "GPG_TTY",    "TERM",
                                "OPENSSL_CONF",    "DISPLAY",    "XAUTHORITY"};
// A session daemon's.
constexpr const char *kDaemon[] = {"XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"};

template <size_t N>
std::vector<std::string> child_env(const char *const (&extra)[N]) {
  std::vector<std::string> env{"LC_ALL=C"};
  auto pass = [&](const char *name) {
    if (const char *v = name ? std::getenv(name) : nullptr)
      env.push_back(std::string(name) + "=" + v);
  };
  for (const char *name : kCommon) pass(name);
  for (const char *name : extra) pass(name);
  return env;
}

log::Source g_log("util.command");

// execve's form of a list of strings (pointing into it).
std::vector<char *> c_strings(const std::vector<std::string> &v) {
  std::vector<char *> out;
  for (const std::string &s : v) out.push_back(const_cast<char *>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// A command line as a shell reads it (virCommandToString): arguments with
// other than safe characters single-quoted.
std::string command_string(const std::vector<std::string> &env,
                           const std::vector<std::string> &argv) {
  auto quote = [](const std::string &a) {
    bool safe = !a.empty();
    for (char c : a)
      safe = safe && (std::isalnum(static_cast<unsigned char>(c)) || std::strchr("@%+=:,./-_", c));
    if (safe) return a;
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  std::string out;
  for (const std::string &e : env) out += e + " ";
  for (size_t i = 0; i < argv.size(); i++) {
    if (i) out += ' ';  // not " " + ...: GCC 12's -Wrestrict false positive at -O3
    out += quote(argv[i]);
  }
  return out;
}

bool find_in_path(const std::string &name, std::string *out) {
  if (name.empty()) return false;
  if (name.find('/') != std::string::npos) {
    *out = name;
    return true;
  }
  const char *path = std::getenv("PATH");
  std::string dirs = path ? path : "/bin:/usr/bin";
  size_t start = 0;
  for (;;) {
    size_t end = dirs.find(':', start);
    std::string dir =
        dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) {
      *out = candidate;
      return true;
    }
    if (end == std::string::npos) return false;
    start = end + 1;
  }
}

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(int in, int out, int errw, const char *path, char *const argv[],
                             char *const envp[], const std::string &failure_prefix) {
  sigset_t all;
  sigemptyset(&all);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; s++) sigaction(s, &dfl, nullptr);
  sigprocmask(SIG_SETMASK, &all, nullptr);
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errw, 2) < 0) _exit(127);
  if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
    for (int fd = 3; fd < 65536; fd++) close(fd);
  execve(path, argv, envp);
  int err = errno;
  // libvirt's child reports a failed exec in its default error format.
  (void)!write(2, failure_prefix.data(), failure_prefix.size());
  const char *desc = strerrordesc_np(err);
  if (desc) (void)!write(2, desc, strlen(desc));
  (void)!write(2, "\n", 1);
  _exit(127);
}

}  // namespace

Result<ChildTransport> spawn_child(const std::vector<std::string> &argv, bool ssh) {
  std::string path;
  if (!find_in_path(argv.at(0), &path))
    return system_error(VIR_FROM_NONE, ENOENT, "Cannot find '%s' in path", argv[0].c_str());

  // Everything the child needs, made before fork.
  static const char *const kNone[] = {nullptr};
  std::vector<std::string> env = ssh ? child_env(kSsh) : child_env(kNone);
  std::vector<char *> cargv = c_strings(argv), cenv = c_strings(env);
  const std::string failure_prefix = "libvirt:  error : cannot execute binary " + path + ": ";
  if (log::on(g_log, log::kDebug)) {
    std::vector<std::string> shown = argv;
    shown[0] = path;
    VK_DEBUG(g_log, "About to run %s", command_string(env, shown).c_str());
  }

  int sv[2], errp[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    return system_error(VIR_FROM_RPC, errno, "%s", "Failed to create socket pair");
  if (pipe2(errp, O_CLOEXEC) < 0) {
    int err = errno;
    close(sv[0]);
    close(sv[1]);
    return system_error(VIR_FROM_NONE, err, "%s", "Unable to create pipe");
  }
  CancelShield shield;
  pid_t pid = fork();
  if (pid == 0)
    exec_child(sv[1], sv[1], errp[1], path.c_str(), cargv.data(), cenv.data(), failure_prefix);
  int err = errno;
  close(sv[1]);
  close(errp[1]);
  if (pid < 0) {
    close(sv[0]);
    close(errp[0]);
    return system_error(VIR_FROM_NONE, err, "%s", "cannot fork child process");
  }
  return ChildTransport{sv[0], pid, errp[0]};
}

Status spawn_daemon(const std::string &binary) {
  std::string path = binary;
  if (binary.empty() || binary[0] != '/') {
    // glib's lookup: a name with a '/' is taken from the working directory.
    if (binary.find('/') != std::string::npos ? access(binary.c_str(), X_OK) != 0
                                              : !find_in_path(binary, &path))
      return system_error(VIR_FROM_NONE, ENOENT, "Cannot find '%s' in path", binary.c_str());
  }
  std::vector<std::string> env = child_env(kDaemon), argv{path, "--timeout=120"};
  std::vector<char *> cargv = c_strings(argv), cenv = c_strings(env);
  VK_DEBUG(g_log, "About to run %s", command_string(env, argv).c_str());

  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0) return system_error(VIR_FROM_NONE, errno, "%s", "cannot open /dev/null");
  CancelShield shield;
  pid_t pid = fork();
  if (pid == 0) {
    // The intermediate child: a new session, then the daemon's fork, so
    // the daemon is nobody's child but init's.
    if (setsid() < 0 || chdir("/") < 0) _exit(EXIT_FAILURE);
    pid_t daemon = fork();
    if (daemon != 0) _exit(daemon < 0 ? EXIT_FAILURE : EXIT_SUCCESS);
    exec_child(null, null, null, cargv[0], cargv.data(), cenv.data(), std::string());
  }
  int err = errno;
  close(null);
  if (pid < 0) return system_error(VIR_FROM_NONE, err, "%s", "cannot fork child process");
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                 "Child process (%s --timeout=120) unexpected exit status %d", path.c_str(),
                 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return Status();
}

std::optional<std::string> read_child_stderr(int errfd) {
  // libvirt reads to the end, blocking; a child that keeps its stderr open
  // is given two seconds.
  std::string out;
  char buf[1025];
  CancelShield shield;
  for (int waited = 0; waited < 2000;) {
    pollfd p{errfd, POLLIN, 0};
    int n = poll(&p, 1, 100);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) {
      waited += 100;
      continue;
    }
    ssize_t got = read(errfd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    out.append(buf, static_cast<size_t>(got));
    if (out.size() > 1024) {
      errno = EOVERFLOW;
      return std::nullopt;
    }
  }
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!out.empty() && space(out.back())) out.pop_back();
  return out;
}

void end_child(pid_t pid) {
  if (pid <= 0) return;
  CancelShield shield;
  int status;
  if (waitpid(pid, &status, WNOHANG) != 0) return;  // ended (or not ours to reap)
  kill(pid, SIGTERM);
  timespec ten_ms{0, 10 * 1000 * 1000};
  nanosleep(&ten_ms, nullptr);
  if (waitpid(pid, &status, WNOHANG) != 0) return;
  kill(pid, SIGKILL);
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace virtkit::remote
