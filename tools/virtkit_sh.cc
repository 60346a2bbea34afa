// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh: a virsh-compatible command line over virtkit.
// Options, parsing, help, output, errors and exit codes follow Debian's virsh
// 9.0.0; tests/cli/compare.py diffs the two. This file is the shell: errors,
// debug and log output, option getters, the connection, running commands,
// the terminal and main. Parsing is in shell_parse.cc, the event loop in
// shell_events.cc, virsh's own commands in cmd_virsh.cc, the others in
// cmd_*.cc; the table of commands is commands.txt.
#include "virtkit_sh.h"

#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <editline/readline.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <clocale>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <atomic>
#include <fstream>
#include <iostream>
#include <thread>
#include <optional>
#include <string>
#include <vector>

#include "util/numbers.h"

namespace virtkit_sh {

const char *g_progname = "virsh";
bool g_interactive = false;

namespace {
bool g_timing = false;
virErrorPtr g_last_error = nullptr;  // virsh's last_error: saved by the handler
int g_disconnected = 0;

// virsh's vshErrorHandler: keep the error for after the command.
void save_error(void *, virErrorPtr) {
  virFreeError(g_last_error);
  g_last_error = virSaveLastError();
}

}  // namespace

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
int g_debug = kError;  // -d or $VIRSH_DEBUG
int g_log_fd = -1;     // -l or $VIRSH_LOG_FILE
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

// vshInitDebug: $VIRSH_DEBUG while the level is the default one,
// $VIRSH_LOG_FILE unless -l.
void init_debug() {
  if (g_debug == kError) {
    if (const char *env = std::getenv("VIRSH_DEBUG")) {
      int d;
      if (!virtkit::util::str_to_i(env, 10, d) || d < kDebug || d > kError)
        error("%s_DEBUG not set with a valid numeric value", "VIRSH");
      else
        g_debug = d;
    }
  }
  if (g_log_fd < 0)
    if (const char *env = std::getenv("VIRSH_LOG_FILE"); env && *env) open_log(env);
}
}  // namespace

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

void report(const virtkit::Error &e) {
  error("%s", e.code() == VIR_ERR_OK || !e.message() ? "unknown error" : e.message()->c_str());
  reset_error();
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

// ---- option getters (virsh's vshCommandOpt*) ----

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

// ---- the shell ----

virtkit::Expected<virtkit::Connection> Shell::open_auth() {
  virConnectPtr c = virConnectOpenAuth(uri.empty() ? nullptr : uri.c_str(),
                                       virConnectAuthPtrDefault, readonly ? VIR_CONNECT_RO : 0);
  if (!c) return virtkit::Error::last();
  // virsh's keepalive: every 5 s, 6 missed; a failure matters only when asked for.
  bool forced = keepalive_interval >= 0 || keepalive_count >= 0;
  int interval = keepalive_interval >= 0 ? keepalive_interval : 5;
  int count = keepalive_count >= 0 ? keepalive_count : 6;
  if (interval > 0 && virConnectSetKeepAlive(c, interval, count) != 0) {
    if (forced) {
      error("Cannot setup keepalive on connection as requested, disconnecting");
      virConnectClose(c);
      return virtkit::Error::last();
    }
    debug(kInfo, "%s", "Failed to setup keepalive on connection\n");
    reset_error();
  }
  return virtkit::Connection(c);
}

bool Shell::connect() {
  if (conn && !g_disconnected) {
    if (virConnectIsAlive(conn.get()) == 0) {
      error("no valid connection");
      return false;
    }
    reset_error();
    return true;
  }
  conn = virtkit::Connection();
  auto c = open_auth();
  if (!c) {
    error(g_disconnected ? "Failed to reconnect to the hypervisor"
                         : "failed to connect to the hypervisor");
    return false;
  }
  conn = std::move(c).value();
  g_disconnected = 0;
  return true;
}

bool Shell::run(const Cmd &c) {
  if (!(c.def->flags & kCmdNoConnect) && !connect()) return false;
  return c.def->run(*this, c);
}

std::optional<virtkit::Domain> Shell::domain(const Cmd &c, bool by_name, bool by_id,
                                             const char *opt, bool by_uuid) {
  const char *n = nullptr;
  if (c.string(opt, n) < 0 || !n) return std::nullopt;
  debug(kInfo, "%s: found option <%s>: %s\n", c.def->name, opt, n);
  std::optional<virtkit::Domain> d;
  int id;
  if (by_id && virtkit::util::str_to_i(n, 10, id) && id >= 0) {
    debug(kDebug, "%s: <domain> looks like ID\n", c.def->name);
    if (auto r = conn.try_lookup_domain_by_id(id)) d = std::move(*r);
  }
  if (!d && by_uuid && std::strlen(n) == VIR_UUID_STRING_BUFLEN - 1) {
    debug(kDebug, "%s: <domain> trying as domain UUID\n", c.def->name);
    if (auto r = conn.try_lookup_domain_by_uuid_string(n)) d = std::move(*r);
  }
  if (!d && by_name) {
    debug(kDebug, "%s: <domain> trying as domain NAME\n", c.def->name);
    if (auto r = conn.try_lookup_domain_by_name(n)) d = std::move(*r);
  }
  reset_error();
  if (!d) error("failed to get domain '%s'", n);
  return d;
}

bool Shell::act(const Cmd &c, virtkit::Expected<void> (virtkit::Domain::*call)() const,
                const char *done, const char *failed) {
  auto d = domain(c);
  if (!d) return false;
  const std::string &name = *c.get("domain");  // as given, like virsh
  auto r = ((*d).*call)();
  if (!r) {
    error("Failed to %s domain '%s'", failed, name.c_str());
    report(r.error());
    return false;
  }
  extra("Domain '%s' %s\n", name.c_str(), done);
  return true;
}

namespace {

// virsh's vshCommandRun: the result is the last command's.
bool run_all(Shell &sh, const std::vector<Cmd> &cmds) {
  bool ok = true;
  for (const Cmd &c : cmds) {
    struct timespec before, after;
    clock_gettime(CLOCK_REALTIME, &before);
    ok = sh.run(c);
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
    if (sh.quit) return ok;
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

}  // namespace

}  // namespace virtkit_sh

namespace {

using namespace virtkit_sh;

// ---- the terminal: libedit for editing, history and completion ----

Shell *g_completing = nullptr;  // the shell TAB completes against

char *complete_next(const char *text, int state) {
  static std::vector<std::string> list;
  static size_t next;
  if (!state) {
    list.clear();
    next = 0;
    std::string line(rl_line_buffer, static_cast<size_t>(rl_point));
    if (auto l = completions(*g_completing, line, text)) list = std::move(*l);
  }
  if (next >= list.size()) {
    list.clear();
    return nullptr;
  }
  return strdup(list[next++].c_str());
}

char **complete_hook(const char *text, int, int) {
  return rl_completion_matches(text, complete_next);
}

// virsh's history: $XDG_CACHE_HOME/libvirt/virsh/history (or ~/.cache/...),
// at most $VIRSH_HISTSIZE entries (500 by default).
std::string history_dir() {
  const char *cache = std::getenv("XDG_CACHE_HOME");
  std::string base;
  if (cache && *cache) {
    base = cache;
  } else {
    const char *home = std::getenv("HOME");
    if (!home || !*home)
      if (const struct passwd *pw = getpwuid(getuid())) home = pw->pw_dir;
    base = std::string(home ? home : "") + "/.cache";
  }
  return base + "/libvirt/virsh";
}

// The history, kept here as well so the file is written as GNU readline
// writes it (one line per entry), which virsh reads back; libedit's own
// format is different.
std::vector<std::string> g_history;
size_t g_history_max = 500;

void history_add(const std::string &line) {
  add_history(line.c_str());
  g_history.push_back(line);
  if (g_history.size() > g_history_max)
    g_history.erase(g_history.begin(),
                    g_history.begin() + static_cast<long>(g_history.size() - g_history_max));
}

void history_init(bool tty) {
  int max = 500;
  if (const char *env = std::getenv("VIRSH_HISTSIZE")) {
    int v;
    if (!virtkit::util::str_to_i(env, 10, v)) {
      error("Bad $%s value.", "VIRSH_HISTSIZE");
      return;
    }
    if (v > 500000 || v < 0) {
      error("$%s value should be between 0 and %d", "VIRSH_HISTSIZE", 500000);
      return;
    }
    max = v;
  }
  g_history_max = static_cast<size_t>(max);
  stifle_history(max);
  if (!tty) return;
  std::ifstream in(history_dir() + "/history");
  for (std::string line; std::getline(in, line);) history_add(line);
}

void history_save() {
  std::string dir = history_dir();
  // Make each missing parent, as g_mkdir_with_parents.
  for (size_t i = 1; i <= dir.size(); i++)
    if (i == dir.size() || dir[i] == '/') {
      std::string part = dir.substr(0, i);
      if (mkdir(part.c_str(), 0755) < 0 && errno != EEXIST) {
        error("Failed to create '%s': %s", dir.c_str(), std::strerror(errno));
        return;
      }
    }
  std::string path = dir + "/history";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  std::string text;
  for (auto &l : g_history) text += l + '\n';
  for (size_t done = 0; done < text.size();) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    done += static_cast<size_t>(n);
  }
  close(fd);
}

int interactive(Shell &sh) {
  if (!g_quiet)
    std::printf(
        "Welcome to %s, the virtualization interactive terminal.\n\n"
        "Type:  'help' for help with commands\n"
        "       'quit' to quit\n\n",
        g_progname);
  bool tty = isatty(STDIN_FILENO);
  g_completing = &sh;
  rl_readline_name = "virsh";
  rl_attempted_completion_function = complete_hook;
  rl_basic_word_break_characters = " \t\n`@$><=;|&{(";
  rl_completer_quote_characters = "\"'";
  std::string line;
  while (g_interactive) {
    const char *prompt = sh.readonly ? "virsh > " : "virsh # ";
    if (tty) {
      char *l = readline(prompt);
      if (!l) break;
      line = l;
      std::free(l);
    } else {
      // Piped input: the prompt and the line, as readline prints them.
      std::printf("%s", prompt);
      std::fflush(stdout);
      if (!std::getline(std::cin, line)) break;
      std::printf("%s\n", line.c_str());
    }
    std::fflush(stdout);
    if (line.empty()) continue;
    if (tty) history_add(line);
    std::vector<Cmd> cmds;
    if (parse_line(line.c_str(), cmds)) run_all(sh, cmds);
  }
  std::printf("\n");  // after the last prompt or command, as virsh
  if (tty) history_save();
  return 0;
}

bool escape_allowed(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '@' && c <= '_');
}

}  // namespace

int main(int argc, char **argv) {
  std::setlocale(LC_ALL, "");  // as virsh: multibyte names in tables
  if (const char *slash = std::strrchr(argv[0], '/'))
    g_progname = slash + 1;
  else
    g_progname = argv[0];
  virSetErrorFunc(nullptr, save_error);
  Shell sh;
  bool uri_given = false;
  static const struct option longopts[] = {
      {"connect", required_argument, nullptr, 'c'},
      {"debug", required_argument, nullptr, 'd'},
      {"escape", required_argument, nullptr, 'e'},
      {"help", no_argument, nullptr, 'h'},
      {"keepalive-interval", required_argument, nullptr, 'k'},
      {"keepalive-count", required_argument, nullptr, 'K'},
      {"log", required_argument, nullptr, 'l'},
      {"quiet", no_argument, nullptr, 'q'},
      {"readonly", no_argument, nullptr, 'r'},
      {"timing", no_argument, nullptr, 't'},
      {"version", optional_argument, nullptr, 'v'},
      {nullptr, 0, nullptr, 0},
  };
  init_debug();
  int arg, longindex = -1;
  while ((arg = getopt_long(argc, argv, "+:c:d:e:hk:K:l:qrtvV", longopts, &longindex)) != -1) {
    switch (arg) {
      case 'c':
        sh.uri = optarg;
        uri_given = true;
        break;
      case 'd': {
        int debug;
        if (!virtkit::util::str_to_i(optarg, 10, debug)) {
          error("option %s takes a numeric argument", longindex == -1 ? "-d" : "--debug");
          return EXIT_FAILURE;
        }
        if (debug < kDebug || debug > kError) {
          error("ignoring debug level %d out of range [%d-%d]", debug, kDebug, kError);
        } else {
          g_debug = debug;
        }
        break;
      }
      case 'e': {
        size_t len = std::strlen(optarg);
        if ((len == 2 && optarg[0] == '^' && escape_allowed(optarg[1])) ||
            (len == 1 && optarg[0] != '^')) {
          sh.escape = optarg;
        } else {
          error("Invalid string '%s' for escape sequence", optarg);
          return EXIT_FAILURE;
        }
        break;
      }
      case 'h':
        print_usage();
        return EXIT_SUCCESS;
      case 'k':
      case 'K': {
        const char *name = arg == 'k' ? (longindex == -1 ? "-k" : "--keepalive-interval")
                                      : (longindex == -1 ? "-K" : "--keepalive-count");
        int v;
        if (!virtkit::util::str_to_i(optarg, 0, v)) {
          error("Invalid value for option %s", name);
          return EXIT_FAILURE;
        }
        if (v < 0) {
          error("option %s requires a positive integer argument", name);
          return EXIT_FAILURE;
        }
        (arg == 'k' ? sh.keepalive_interval : sh.keepalive_count) = v;
        break;
      }
      case 'l':
        open_log(optarg);
        break;
      case 'q':
        g_quiet = true;
        break;
      case 't':
        g_timing = true;
        break;
      case 'r':
        sh.readonly = true;
        break;
      case 'v':
        if (!optarg || std::strcmp(optarg, "long") != 0) {
          std::puts("9.0.0");
          return EXIT_SUCCESS;
        }
        [[fallthrough]];
      case 'V':
        print_long_version();
        return EXIT_SUCCESS;
      case ':': {
        const struct option *o = longopts;
        while (o->name && o->val != optopt) o++;
        if (o->name)
          error("option '-%c'/'--%s' requires an argument", optopt, o->name);
        else
          error("option '-%c' requires an argument", optopt);
        return EXIT_FAILURE;
      }
      case '?':
        if (optopt)
          error("unsupported option '-%c'. See --help.", optopt);
        else
          error("unsupported option '%s'. See --help.", argv[optind - 1]);
        return EXIT_FAILURE;
      default:
        error("unknown option");
        return EXIT_FAILURE;
    }
    longindex = -1;
  }

  // virsh parses the whole command line before connecting or running anything.
  std::vector<Cmd> cmds;
  g_interactive = optind == argc;
  if (!g_interactive) {
    bool ok;
    if (argc - optind == 1) {
      debug(kInfo, "commands: \"%s\"\n", argv[optind]);
      ok = parse_line(argv[optind], cmds);
    } else {
      ok = parse_args(argv + optind, argv + argc, cmds);
    }
    if (!ok) return EXIT_FAILURE;
  }
  init_debug();
  // virsh checks $VIRSH_HISTSIZE but keeps no history of piped input.
  if (g_interactive) history_init(isatty(STDIN_FILENO));
  if (!start_event_loop()) return EXIT_FAILURE;
  int rc = EXIT_SUCCESS;
  // A named connection must succeed before anything runs.
  if (uri_given && !sh.connect()) {
    report_last();
    rc = EXIT_FAILURE;
  } else {
    if (!uri_given)
      if (const char *env = std::getenv("VIRSH_DEFAULT_CONNECT_URI")) sh.uri = env;
    if (g_interactive)
      interactive(sh);
    else
      rc = run_all(sh, cmds) ? EXIT_SUCCESS : EXIT_FAILURE;
  }
  sh.conn = virtkit::Connection();
  stop_event_loop();
  return rc;
}
