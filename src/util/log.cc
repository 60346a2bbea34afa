// SPDX-License-Identifier: LGPL-2.1-or-later
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <libvirt/libvirt.h>

#include "util/numbers.h"

namespace virtkit::log {
namespace {

enum class Dest { stderr_, syslog_, file, journald };

struct Output {
  int prio = kDebug;
  Dest dest = Dest::stderr_;
  std::string name;  // the file's path or syslog's ident
  int fd = -1;       // file or journald socket
  bool init_lines = true;
  ~Output() {
    if (fd >= 0) ::close(fd);
  }
};

struct Filter {
  std::string glob;  // "*match*"
  int prio;
};

struct State {
  std::mutex mu;
  int default_prio = kWarn;
  std::vector<Filter> filters;
  std::vector<std::unique_ptr<Output>> outputs;
  bool stderr_init_lines = true;
  std::string syslog_ident;  // openlog keeps the pointer
};

State &state() {
  static State *s = new State;  // never destroyed: logging may run at exit
  return *s;
}

// glib's g_pattern_match_simple: '*' any run, '?' one character.
bool glob_match(const char *p, const char *s) {
  const char *star = nullptr, *resume = nullptr;
  while (*s) {
    if (*p == '*') {
      star = p++;
      resume = s;
    } else if (*p == '?' || *p == *s) {
      p++;
      s++;
    } else if (star) {
      p = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (*p == '*') p++;
  return !*p;
}

void recompute_floor_locked(State &st) {
  int floor = st.default_prio;
  for (const Filter &f : st.filters) floor = std::min(floor, f.prio);
  detail::g_floor.store(floor, std::memory_order_relaxed);
  detail::g_serial.fetch_add(1, std::memory_order_release);
}

const char *prio_name(int prio) {
  switch (prio) {
    case kDebug:
      return "debug";
    case kInfo:
      return "info";
    case kWarn:
      return "warning";
    case kError:
      return "error";
  }
  return "unknown";
}

int syslog_prio(int prio) {
  switch (prio) {
    case kDebug:
      return LOG_DEBUG;
    case kInfo:
      return LOG_INFO;
    case kWarn:
      return LOG_WARNING;
  }
  return LOG_ERR;
}

// glib's g_strsplit: every separator splits, empty pieces kept.
std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

// libvirt's virStrToLong_uip, then the range of a priority.
bool parse_prio(const std::string &s, int *out) {
  unsigned v = 0;
  if (!util::str_to_uip(s.c_str(), 10, v) || v < kDebug || v > kError) return false;
  *out = static_cast<int>(v);
  return true;
}

// glib's g_canonicalize_filename(path, NULL): absolute, "." and ".." and
// repeated slashes resolved without looking at the file system.
std::string canonical(const std::string &path) {
  std::string full = path;
  if (full.empty() || full[0] != '/') {
    char cwd[PATH_MAX];
    full = std::string(getcwd(cwd, sizeof cwd) ? cwd : "/") + "/" + path;
  }
  std::vector<std::string> parts;
  for (const std::string &p : split(full, '/')) {
    if (p.empty() || p == ".") continue;
    if (p == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(p);
  }
  std::string out;
  for (const std::string &p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

Result<std::unique_ptr<Output>> parse_output(const std::string &src) {
  std::vector<std::string> tok = split(src, ':');
  if (tok.size() < 2)
    return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "Malformed format for log output '%s'",
                 src.c_str());
  auto o = std::make_unique<Output>();
  if (!parse_prio(tok[0], &o->prio))
    return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                 "Invalid log priority '%s' for log output '%s'", tok[0].c_str(), src.c_str());
  if (tok[1] == "stderr")
    o->dest = Dest::stderr_;
  else if (tok[1] == "syslog")
    o->dest = Dest::syslog_;
  else if (tok[1] == "file")
    o->dest = Dest::file;
  else if (tok[1] == "journald")
    o->dest = Dest::journald;
  else
    return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                 "Invalid log destination '%s' for log output '%s'", tok[1].c_str(), src.c_str());
  bool two = o->dest == Dest::stderr_ || o->dest == Dest::journald;
  if (tok.size() != (two ? 2u : 3u))
    return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                 "Log output '%s' does not meet the format requirements for destination type "
                 "'%s'",
                 src.c_str(), tok[1].c_str());
  switch (o->dest) {
    case Dest::stderr_:
      break;
    case Dest::syslog_:
      o->name = tok[2];
      break;
    case Dest::file:
      o->name = canonical(tok[2]);
      o->fd = ::open(o->name.c_str(), O_CREAT | O_APPEND | O_WRONLY | O_CLOEXEC, 0600);
      if (o->fd < 0)
        return system_error(VIR_FROM_NONE, errno, "failed to open %s", o->name.c_str());
      break;
    case Dest::journald:
      o->fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (o->fd < 0) return system_error(VIR_FROM_NONE, errno, "%s", "Unable to create socket");
      break;
  }
  return o;
}

void write_fd(int fd, const std::string &s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// The journal's native protocol: KEY=value lines, or KEY, a 64-bit length
// and the value for values with a newline.
void add_field(std::string *out, const char *key, const std::string &value) {
  *out += key;
  if (value.find('\n') == std::string::npos) {
    *out += '=';
    *out += value;
  } else {
    *out += '\n';
    uint64_t n = value.size();
    for (int i = 0; i < 8; i++) *out += static_cast<char>((n >> (8 * i)) & 0xff);
    *out += value;
  }
  *out += '\n';
}

struct Message {
  Source *src;
  int prio;
  const char *file;
  const char *func;
  int line;
  const std::string &raw;   // the message alone
  const std::string &body;  // "TID: prio : func:line : message\n"
  const std::string &stamp;
};

void emit(Output &o, const Message &m) {
  switch (o.dest) {
    case Dest::stderr_:
      write_fd(STDERR_FILENO, m.stamp + ": " + m.body);
      break;
    case Dest::file:
      write_fd(o.fd, m.stamp + ": " + m.body);
      break;
    case Dest::syslog_:
      syslog(syslog_prio(m.prio), "%s", m.body.c_str());
      break;
    case Dest::journald: {
      std::string d;
      add_field(&d, "MESSAGE", m.raw);
      add_field(&d, "PRIORITY", std::to_string(syslog_prio(m.prio)));
      add_field(&d, "SYSLOG_FACILITY", "3");
      add_field(&d, "LIBVIRT_SOURCE", m.src->name());
      if (m.file) add_field(&d, "CODE_FILE", m.file);
      add_field(&d, "CODE_LINE", std::to_string(m.line));
      if (m.func) add_field(&d, "CODE_FUNC", m.func);
      sockaddr_un addr{};
      addr.sun_family = AF_UNIX;
      std::strcpy(addr.sun_path, "/run/systemd/journal/socket");
      (void)::sendto(o.fd, d.data(), d.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr *>(&addr),
                     sizeof addr);
      break;
    }
  }
}

unsigned long long thread_id() {
  return static_cast<unsigned long long>(syscall(SYS_gettid));
}

std::string format_body(int prio, const char *func, int line, const std::string &msg) {
  char head[256];
  if (func)
    std::snprintf(head, sizeof head, "%llu: %s : %s:%d : ", thread_id(), prio_name(prio), func,
                  line);
  else
    std::snprintf(head, sizeof head, "%llu: %s : ", thread_id(), prio_name(prio));
  return head + msg + "\n";
}

std::string timestamp() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  tm t;
  gmtime_r(&ts.tv_sec, &t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d+0000", t.tm_year + 1900,
                t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec,
                static_cast<int>(ts.tv_nsec / 1000000));
  return buf;
}

Source g_self("util.log");

// libvirt's first two lines on each output: the version and the host.
void init_lines(Output *o, const std::string &stamp) {
  char version_buf[96];
  std::snprintf(version_buf, sizeof version_buf, "libvirt version: %d.%d.%d, package: virtkit",
                LIBVIR_VERSION_NUMBER / 1000000, LIBVIR_VERSION_NUMBER / 1000 % 1000,
                LIBVIR_VERSION_NUMBER % 1000);
  const std::string version = version_buf;
  char host[HOST_NAME_MAX + 1] = "";
  if (gethostname(host, sizeof host) != 0) std::strcpy(host, "localhost");
  host[HOST_NAME_MAX] = '\0';
  const std::string hostline = std::string("hostname: ") + host;
  for (const std::string *raw : {&version, &hostline}) {
    std::string body = format_body(kInfo, nullptr, 0, *raw);
    Message m{&g_self, kInfo, nullptr, nullptr, 0, *raw, body, stamp};
    if (o) {
      emit(*o, m);
    } else {
      Output err;
      emit(err, m);
    }
  }
}

}  // namespace

void Source::update() {
  State &st = state();
  std::lock_guard g(st.mu);
  unsigned serial = detail::g_serial.load(std::memory_order_acquire);
  int prio = st.default_prio;
  std::string name = std::string(name_);
  for (const Filter &f : st.filters) {
    if (glob_match(f.glob.c_str(), name.c_str())) {
      prio = f.prio;
      break;
    }
  }
  prio_.store(prio, std::memory_order_relaxed);
  serial_.store(serial, std::memory_order_release);
}

void write(Source &s, int prio, const char *file, const char *func, int line, const char *fmt,
           ...) {
  int saved = errno;
  va_list ap;
  va_start(ap, fmt);
  char small[512];
  va_list copy;
  va_copy(copy, ap);
  int n = std::vsnprintf(small, sizeof small, fmt, copy);
  va_end(copy);
  std::string msg;
  if (n >= 0 && static_cast<size_t>(n) < sizeof small) {
    msg.assign(small, static_cast<size_t>(n));
  } else if (n >= 0) {
    msg.resize(static_cast<size_t>(n) + 1);
    std::vsnprintf(msg.data(), msg.size(), fmt, ap);
    msg.resize(static_cast<size_t>(n));
  }
  va_end(ap);
  std::string body = format_body(prio, func, line, msg);
  std::string stamp = timestamp();
  Message m{&s, prio, file, func, line, msg, body, stamp};
  State &st = state();
  std::lock_guard g(st.mu);
  for (auto &o : st.outputs) {
    if (prio < o->prio) continue;
    if (o->init_lines) {
      o->init_lines = false;
      init_lines(o.get(), stamp);
    }
    emit(*o, m);
  }
  if (st.outputs.empty()) {
    if (st.stderr_init_lines) {
      st.stderr_init_lines = false;
      init_lines(nullptr, stamp);
    }
    Output err;
    emit(err, m);
  }
  errno = saved;
}

Status configure_from_env() {
  State &st = state();
  const char *v = std::getenv("LIBVIRT_DEBUG");
  if (v && *v) {
    std::string s = v;
    int prio;
    if (s == "1" || s == "debug")
      prio = kDebug;
    else if (s == "2" || s == "info")
      prio = kInfo;
    else if (s == "3" || s == "warning")
      prio = kWarn;
    else if (s == "4" || s == "error")
      prio = kError;
    else
      return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                   "Failed to set logging priority, argument '%s' is invalid", v);
    std::lock_guard g(st.mu);
    st.default_prio = prio;
    recompute_floor_locked(st);
  }
  v = std::getenv("LIBVIRT_LOG_FILTERS");
  if (v && *v) {
    std::vector<Filter> filters;
    // Logged as libvirt logs its parsing, under the settings so far.
    VK_DEBUG(g_self, "filters=%s", v);
    for (const std::string &item : split(v, ' ')) {
      if (item.empty()) continue;
      VK_DEBUG(g_self, "filter=%s", item.c_str());
      std::vector<std::string> tok = split(item, ':');
      if (tok.size() < 2)
        return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "Malformed format for filter '%s'",
                     item.c_str());
      int prio;
      if (!parse_prio(tok[0], &prio))
        return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "Invalid priority '%s' for filter '%s'",
                     tok[0].c_str(), item.c_str());
      std::string match = tok[1];
      if (!match.empty() && match[0] == '+') match.erase(0, 1);  // once a stack-trace flag
      if (match.empty())
        return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "Invalid match string '%s'",
                     tok[1].c_str());
      filters.push_back(Filter{"*" + match + "*", prio});
    }
    std::lock_guard g(st.mu);
    st.filters = std::move(filters);
    recompute_floor_locked(st);
  }
  v = std::getenv("LIBVIRT_LOG_OUTPUTS");
  if (v && *v) {
    std::vector<std::unique_ptr<Output>> outputs;
    VK_DEBUG(g_self, "outputs=%s", v);
    for (const std::string &item : split(v, ' ')) {
      if (item.empty()) continue;
      VK_DEBUG(g_self, "output=%s", item.c_str());
      auto o = parse_output(item);
      VK_TRY(o);
      // The last of two outputs to one destination replaces the first.
      for (auto it = outputs.begin(); it != outputs.end(); ++it) {
        if ((*it)->dest == (*o)->dest &&
            ((*it)->dest == Dest::stderr_ || (*it)->dest == Dest::journald ||
             (*it)->name == (*o)->name)) {
          outputs.erase(it);
          break;
        }
      }
      outputs.push_back(std::move(o).value());
    }
    std::lock_guard g(st.mu);
    for (auto &o : outputs) {
      if (o->dest == Dest::syslog_ && st.syslog_ident.empty()) {
        st.syslog_ident = o->name;
        openlog(st.syslog_ident.c_str(), 0, 0);
      }
    }
    st.outputs = std::move(outputs);
    detail::g_outputs.store(!st.outputs.empty(), std::memory_order_relaxed);
  }
  return Status();
}

}  // namespace virtkit::log
