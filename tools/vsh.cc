// SPDX-License-Identifier: LGPL-2.1-or-later
// The shell both programs share (libvirt's vsh.c): errors, debug and log
// output, the table's lookups, option getters and running commands. Parsing
// is in shell_parse.cc, the terminal in vsh_term.cc, the shell's own commands
// and help in vsh_cmds.cc.
#include "vsh.h"

#include <fcntl.h>
#include <getopt.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "util/numbers.h"

namespace vsh {

Identity g_identity = {"virsh", "VIRSH"};
const char *g_progname = "virsh";
bool g_interactive = false;
bool g_timing = false;
int g_disconnected = 0;

namespace {
virErrorPtr g_last_error = nullptr;  // vsh's last_error: saved by the handler

// vshErrorHandler: keep the error for after the command.
void error_handler(void *, virErrorPtr) {
  virFreeError(g_last_error);
  g_last_error = virSaveLastError();
}

}  // namespace

void install_error_handler() {
  virSetErrorFunc(nullptr, error_handler);
}

void save_last_error() {
  virFreeError(g_last_error);
  g_last_error = virSaveLastError();
}

void save_error(int code, const std::string &message) {
  // Heap-allocated fields, as virSaveLastError makes them, for virFreeError.
  auto *e = static_cast<virErrorPtr>(std::calloc(1, sizeof(virError)));
  if (!e) return;
  e->code = code;
  e->domain = VIR_FROM_NONE;
  e->level = VIR_ERR_ERROR;
  e->message = strdup(message.c_str());
  virFreeError(g_last_error);
  g_last_error = e;
}

void reset_error() {
  virFreeError(g_last_error);
  g_last_error = nullptr;
  virResetLastError();
}

void report_last() {
  if (!g_last_error) {
    g_last_error = virSaveLastError();
    if (!g_last_error || g_last_error->code == VIR_ERR_OK) {
      reset_error();
      return;
    }
  }
  if (g_last_error->code == VIR_ERR_OK)
    error("%s", "unknown error");
  else
    error("%s", g_last_error->message ? g_last_error->message : "");
  reset_error();
}

namespace {
int g_debug = kError;  // -d or $PREFIX_DEBUG
int g_log_fd = -1;     // -l or $PREFIX_LOG_FILE
std::string g_log_path;

std::string vformat(const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string s(n > 0 ? static_cast<size_t>(n) : 0, '\0');
  if (n > 0) std::vsnprintf(s.data(), s.size() + 1, fmt, ap);
  return s;
}

void close_log() {
  if (g_log_fd >= 0 && close(g_log_fd) < 0)
    error("%s: failed to write log file: %s", g_log_path.empty() ? "?" : g_log_path.c_str(),
          std::strerror(errno));
  g_log_fd = -1;
  g_log_path.clear();
}

// vshOutputLogFile: "[YYYY.MM.DD HH:MM:SS virsh PID] LEVEL message".
void log_line(int level, const std::string &msg) {
  if (g_log_fd < 0) return;
  static const char *const names[] = {"DEBUG", "INFO", "INFO", "WARNING", "ERROR"};
  time_t now = time(nullptr);
  struct tm tm;
  localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y.%m.%d %H:%M:%S", &tm);
  std::string line = std::string("[") + stamp + " " + g_progname + " " + std::to_string(getpid()) +
                     "] " + (level >= 0 && level <= 4 ? names[level] : "DEBUG") + " " + msg;
  while (!line.empty() && line.back() == '\n') line.pop_back();
  line += '\n';
  if (write(g_log_fd, line.data(), line.size()) < 0) {
    close_log();
    error("%s", "failed to write the log file");
  }
}

}  // namespace

// vshOpenLogFile: exits when the file cannot be opened.
void open_log(const char *path) {
  close_log();
  g_log_path = path;
  g_log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_SYNC | O_CLOEXEC, 0644);
  if (g_log_fd < 0) {
    error("%s", "failed to open the log file. check the log file path");
    std::exit(EXIT_FAILURE);
  }
}

void init_debug() {
  std::string prefix = g_identity.env_prefix;
  if (g_debug == kError) {
    if (const char *env = std::getenv((prefix + "_DEBUG").c_str())) {
      int d;
      if (!virtkit::util::str_to_i(env, 10, d) || d < kDebug || d > kError)
        error("%s_DEBUG not set with a valid numeric value", prefix.c_str());
      else
        g_debug = d;
    }
  }
  if (g_log_fd < 0)
    if (const char *env = std::getenv((prefix + "_LOG_FILE").c_str()); env && *env) open_log(env);
}

void set_debug_option(const char *arg, bool long_name) {
  int d;
  if (!virtkit::util::str_to_i(arg, 10, d)) {
    error("option %s takes a numeric argument", long_name ? "--debug" : "-d");
    std::exit(EXIT_FAILURE);
  }
  if (d < kDebug || d > kError)
    error("ignoring debug level %d out of range [%d-%d]", d, kDebug, kError);
  else
    g_debug = d;
}

void bad_option(int arg, int optopt, const struct option *longopts, char **argv) {
  if (arg == ':') {
    const struct option *o = longopts;
    while (o->name && o->val != optopt) o++;
    if (o->name)
      error("option '-%c'/'--%s' requires an argument", optopt, o->name);
    else
      error("option '-%c' requires an argument", optopt);
  } else if (arg == '?') {
    if (optopt)
      error("unsupported option '-%c'. See --help.", optopt);
    else
      error("unsupported option '%s'. See --help.", argv[optind - 1]);
  } else {
    error("unknown option");
  }
  std::exit(EXIT_FAILURE);
}

void debug(int level, const char *fmt, ...) {
  if (level < g_debug) return;
  va_list ap;
  va_start(ap, fmt);
  std::string s = vformat(fmt, ap);
  va_end(ap);
  log_line(level, s);
  std::fputs(s.c_str(), stdout);
  std::fflush(stdout);
}

void error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::string s = vformat(fmt, ap);
  va_end(ap);
  log_line(kError, s);
  std::fflush(stdout);
  std::fprintf(stderr, "error: %s\n", s.c_str());
  std::fflush(stderr);
}

bool g_quiet = false;

void extra(const char *fmt, ...) {
  if (g_quiet) return;
  va_list ap;
  va_start(ap, fmt);
  std::vprintf(fmt, ap);
  va_end(ap);
}

// ---- the table ----

const CmdDef *find_command(std::string_view name) {
  for (auto &g : groups())
    for (auto &c : g.cmds)
      if (name == c.name) return (c.flags & kCmdAlias) ? find_command(c.alias) : &c;
  return nullptr;
}

const GroupDef *find_group(std::string_view name) {
  for (auto &g : groups())
    if (name == g.name || name == g.keyword) return &g;
  return nullptr;
}

// ---- option getters (vshCommandOpt*) ----

namespace {
const OptDef *opt_def(const Cmd &c, const char *name) {
  for (auto &o : c.def->opts)
    if (std::strcmp(o.name, name) == 0) return &o;
  return nullptr;
}

// The option's value for a number getter: 1 with it, 0 when absent.
int number_arg(const Cmd &c, const char *name, const std::string *&data) {
  data = c.get(name);
  return data ? 1 : 0;
}

int malformed(const char *name, const std::string &data) {
  error("Numeric value '%s' for <%s> option is malformed or out of range", data.c_str(), name);
  return -1;
}
}  // namespace

int Cmd::string(const char *name, const char *&value) const {
  value = nullptr;
  const OptValue *o = find(name);
  if (!o) {
    const OptDef *d = opt_def(*this, name);
    if (!d || !(d->flags & kOptReq)) return 0;
    error("Failed to get option '%s': %s", name, "Mandatory option not present");
    return -1;
  }
  if (o->data.empty() && !(o->def->flags & kOptEmptyOk)) {
    error("Failed to get option '%s': %s", name, "Option argument is empty");
    return -1;
  }
  value = o->data.c_str();
  return 0;
}

int Cmd::string_quiet(const char *name, const char *&value) const {
  const OptValue *o = find(name);
  if (!o) return 0;
  if (o->data.empty() && !(o->def->flags & kOptEmptyOk)) return -1;
  value = o->data.c_str();
  return 1;
}

int Cmd::opt_int(const char *name, int &value) const {
  const std::string *d;
  if (number_arg(*this, name, d) <= 0) return 0;
  if (!virtkit::util::str_to_i(d->c_str(), 10, value)) return malformed(name, *d);
  return 1;
}

int Cmd::opt_uint(const char *name, unsigned &value, bool wrap) const {
  const std::string *d;
  if (number_arg(*this, name, d) <= 0) return 0;
  bool ok = wrap ? virtkit::util::str_to_ui(d->c_str(), 10, value)
                 : virtkit::util::str_to_uip(d->c_str(), 10, value);
  return ok ? 1 : malformed(name, *d);
}

int Cmd::opt_ul(const char *name, unsigned long &value, bool wrap) const {
  const std::string *d;
  if (number_arg(*this, name, d) <= 0) return 0;
  unsigned long long v;
  bool ok = wrap ? virtkit::util::str_to_ull(d->c_str(), 10, v)
                 : virtkit::util::str_to_ullp(d->c_str(), 10, v);
  if (!ok) return malformed(name, *d);
  value = static_cast<unsigned long>(v);
  return 1;
}

int Cmd::opt_ll(const char *name, long long &value) const {
  const std::string *d;
  if (number_arg(*this, name, d) <= 0) return 0;
  return virtkit::util::str_to_ll(d->c_str(), 10, value) ? 1 : malformed(name, *d);
}

int Cmd::opt_ull(const char *name, unsigned long long &value, bool wrap) const {
  const std::string *d;
  if (number_arg(*this, name, d) <= 0) return 0;
  bool ok = wrap ? virtkit::util::str_to_ull(d->c_str(), 10, value)
                 : virtkit::util::str_to_ullp(d->c_str(), 10, value);
  return ok ? 1 : malformed(name, *d);
}

int Cmd::opt_scaled(const char *name, unsigned long long &value, int scale,
                    unsigned long long max) const {
  const std::string *d;
  if (number_arg(*this, name, d) <= 0) return 0;
  const char *end = nullptr;
  unsigned long long v;
  virtkit::util::ScaleError e = virtkit::util::ScaleError::kBadSuffix;
  bool parsed = virtkit::util::str_to_ullp(d->c_str(), &end, 10, v);
  unsigned long long number = v;
  if (parsed) e = virtkit::util::scale_integer(v, end, static_cast<unsigned long long>(scale), max);
  if (!parsed || e != virtkit::util::ScaleError::kNone) {
    error("Scaled numeric value '%s' for <%s> option is malformed or out of range", d->c_str(),
          name);
    if (parsed) scale_error(e, number, end);
    return -1;
  }
  value = v;
  return 1;
}

int Cmd::timeout_ms(int &ms) const {
  unsigned t;
  int r = opt_uint("timeout", t);
  if (r <= 0) return r;
  if (t == 0 || t > INT_MAX / 1000) {
    error("Numeric value '%u' for <%s> option is malformed or out of range", t, "timeout");
    return -1;
  }
  ms = static_cast<int>(t * 1000);
  return 1;
}

std::vector<std::string> Cmd::argv() const {
  std::vector<std::string> out;
  for (auto &o : opts)
    if (o.def->type == OptType::Argv) out.push_back(o.data);
  return out;
}

bool exclusive(const Cmd &c, const char *a, const char *b) {
  if (c.has(a) && c.has(b)) {
    error("Options --%s and --%s are mutually exclusive", a, b);
    return false;
  }
  return true;
}

void scale_error(virtkit::util::ScaleError e, unsigned long long value, const char *suffix) {
  if (e == virtkit::util::ScaleError::kBadSuffix)
    save_error(VIR_ERR_INVALID_ARG,
               std::string("invalid argument: unknown suffix '") + suffix + "'");
  else if (e == virtkit::util::ScaleError::kOverflow)
    save_error(VIR_ERR_OVERFLOW,
               "numerical overflow: value too large: " + std::to_string(value) + suffix);
}

bool Control::run_all(const std::vector<Cmd> &cmds) {
  bool ok = true;
  for (const Cmd &c : cmds) {
    struct timespec before, after;
    clock_gettime(CLOCK_REALTIME, &before);
    ok = (c.def->flags & kCmdNoConnect) || connection() ? c.def->run(*this, c) : false;
    clock_gettime(CLOCK_REALTIME, &after);
    if (!ok) {
      if (g_last_error &&
          ((g_last_error->code == VIR_ERR_SYSTEM_ERROR &&
            g_last_error->domain == VIR_FROM_REMOTE) ||
           g_last_error->code == VIR_ERR_RPC || g_last_error->code == VIR_ERR_NO_CONNECT ||
           g_last_error->code == VIR_ERR_INVALID_CONN))
        g_disconnected++;
      report_last();
    }
    if (quit) return ok;
    if (g_timing) {
      double ms = static_cast<double>(after.tv_sec - before.tv_sec) * 1000.0 +
                  static_cast<double>(after.tv_nsec - before.tv_nsec) / 1e6;
      std::printf("\n(Time: %.3f ms)\n\n", ms);
    } else {
      extra("\n");
    }
    std::fflush(stdout);
  }
  return ok;
}

}  // namespace vsh
