// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh: a virsh-compatible command line over virtkit.
// Options, parsing, help, output, errors and exit codes follow Debian's virsh
// 9.0.0; tests/cli/compare.py diffs the two. This file is the shell: the
// command line, parsing commands as virsh does, help, the interactive loop
// and virsh's own commands (help, cd, pwd, echo, quit, connect). The table of
// commands is commands.txt; the commands themselves are in cmd_*.cc.
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

namespace {
const char *g_progname = "virsh";
bool g_interactive = false;
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

// ---- tokens (virsh's vshCommandStringGetArg / vshCommandArgvGetArg) ----

enum class Tok { Error, Arg, End, SubcmdEnd };

struct Tokens {
  // A command string, or an argument vector (no ';', no quoting).
  const char *pos = nullptr;
  char **argv = nullptr, **argv_end = nullptr;

  Tok next(std::string &out, bool report) {
    out.clear();
    if (argv) {
      if (argv == argv_end) return Tok::End;
      out = *argv++;
      return Tok::Arg;
    }
    const char *p = pos;
    while (*p == ' ' || *p == '\t' || (*p == '\\' && p[1] == '\n')) p += 1 + (*p == '\\');
    if (!*p) return Tok::End;
    if (*p == ';' || *p == '\n') {
      pos = p + 1;
      return Tok::SubcmdEnd;
    }
    if (*p == '#') {  // a comment runs to the end of the line
      while (*p && *p != '\n') p++;
      pos = p + (*p != '\0');
      return Tok::SubcmdEnd;
    }
    bool sq = false, dq = false;
    while (*p) {
      if (!sq && !dq && (*p == ' ' || *p == '\t' || *p == ';' || *p == '\n')) break;
      if (!dq && *p == '\'') {
        sq = !sq;
        p++;
        continue;
      }
      if (!sq && *p == '\\') {
        p++;
        if (!*p) {
          if (report) error("%s", "dangling \\");
          return Tok::Error;
        }
        if (*p == '\n') {
          p++;
          continue;
        }
      } else if (!sq && *p == '"') {
        dq = !dq;
        p++;
        continue;
      }
      out += *p++;
    }
    if (dq && report) {
      error("%s", "missing \"");
      return Tok::Error;
    }
    pos = p;
    return Tok::Arg;
  }
};

// virsh's --help option, which every command has.
const OptDef kHelpOpt{"help", OptType::Bool, 0, "print help for this function", nullptr, 0};

// Finds option `name` of def, following aliases; nullptr after virsh's error.
const OptDef *get_option(const CmdDef *def, std::string name, uint64_t &seen, size_t &index,
                         std::optional<std::string> &optstr) {
  if (name == "help") return &kHelpOpt;
  for (size_t i = 0; i < def->opts.size(); i++) {
    const OptDef &o = def->opts[i];
    if (name != o.name) continue;
    if (o.type == OptType::Alias) {
      std::string target = o.help;
      if (auto eq = target.find('='); eq != std::string::npos) {
        if (optstr) {
          error("invalid '=' after option --%s", o.name);
          return nullptr;
        }
        optstr = target.substr(eq + 1);
        target.resize(eq);
      }
      name = target;
      i = static_cast<size_t>(-1);  // look again from the start
      continue;
    }
    if ((seen & (1ULL << i)) && o.type != OptType::Argv) {
      error("option --%s already seen", name.c_str());
      return nullptr;
    }
    seen |= 1ULL << i;
    index = i;
    return &o;
  }
  if (std::strcmp(def->name, "help") != 0)
    error("command '%s' doesn't support option --%s", def->name, name.c_str());
  return nullptr;
}

// virsh's vshCommandParse: every command of the input, or false after an error.
bool parse(Tokens &in, std::vector<Cmd> &cmds) {
  for (;;) {
    const CmdDef *def = nullptr;
    Cmd cmd;
    uint64_t need_arg = 0, required = 0, seen = 0;
    bool data_only = false;
    Tok tk;
    std::string tok;
    for (;;) {
      tk = in.next(tok, true);
      if (tk == Tok::Error) return false;
      if (tk != Tok::Arg) break;
      const OptDef *opt = nullptr;
      if (!def) {
        if (tok[0] == '#') {  // a comment (from an argument vector)
          do tk = in.next(tok, false);
          while (tk == Tok::Arg);
          break;
        }
        def = find_command(tok);
        if (!def) {
          error("unknown command: '%s'", tok.c_str());
          return false;
        }
        for (size_t i = 0; i < def->opts.size(); i++) {
          const OptDef &o = def->opts[i];
          if (o.type == OptType::Bool || o.type == OptType::Alias) continue;
          if (!(o.flags & kOptReqOpt)) need_arg |= 1ULL << i;
          if (o.flags & kOptReq) required |= 1ULL << i;
        }
        continue;
      }
      bool is_data = data_only;
      if (!data_only && tok.size() > 2 && tok[0] == '-' && tok[1] == '-' &&
          std::isalnum(static_cast<unsigned char>(tok[2]))) {
        std::string name = tok.substr(2);
        std::optional<std::string> optstr;
        if (auto eq = name.find('='); eq != std::string::npos) {
          optstr = name.substr(eq + 1);
          name.resize(eq);
        }
        size_t index = 0;
        opt = get_option(def, name, seen, index, optstr);
        if (!opt) {
          if (std::strcmp(def->name, "help") == 0) continue;
          return false;
        }
        if (opt->type != OptType::Bool) {
          if (optstr) {
            tok = *optstr;
          } else {
            tk = in.next(tok, true);
            if (tk == Tok::Error) return false;
            if (tk != Tok::Arg) {
              error("expected syntax: --%s <%s>", opt->name,
                    opt->type == OptType::Int ? "number" : "string");
              return false;
            }
          }
          if (opt->type != OptType::Argv) need_arg &= ~(1ULL << index);
        } else {
          if (optstr) {
            error("invalid '=' after option --%s", opt->name);
            return false;
          }
          tok.clear();
        }
      } else if (!data_only && tok == "--") {
        data_only = true;
        continue;
      } else {
        is_data = true;
      }
      if (is_data) {
        if (need_arg) {
          size_t i = static_cast<size_t>(__builtin_ctzll(need_arg));
          opt = &def->opts[i];
          if (opt->type != OptType::Argv) need_arg &= ~(1ULL << i);
          seen |= 1ULL << i;
        } else if (std::strcmp(def->name, "help") != 0) {
          error("unexpected data '%s'", tok.c_str());
          return false;
        }
      }
      if (opt) {
        cmd.opts.push_back({opt, tok});
        bool b = opt->type == OptType::Bool;
        debug(kInfo, "%s: %s(%s): %s\n", def->name, opt->name, b ? "bool" : "optdata",
              b ? "(none)" : tok.c_str());
      }
    }
    if (def) {
      cmd.def = def;
      // CMD --help is "help CMD".
      for (auto &o : cmd.opts) {
        if (o.def != &kHelpOpt) continue;
        const CmdDef *help = find_command("help");
        cmd.opts = {{&help->opts[0], def->name}};
        cmd.def = help;
        required = seen = 0;
        break;
      }
      if (uint64_t missing = required & ~seen) {
        for (size_t i = 0; i < cmd.def->opts.size(); i++) {
          if (!(missing & (1ULL << i))) continue;
          const OptDef &o = cmd.def->opts[i];
          error(o.type == OptType::Data || o.type == OptType::Argv
                    ? "command '%s' requires <%s> option"
                    : "command '%s' requires --%s option",
                cmd.def->name, o.name);
        }
        return false;
      }
      cmds.push_back(std::move(cmd));
    }
    if (tk == Tok::End) return true;
  }
}

// Finds option `name` without reporting errors; for parse_partial.
const OptDef *find_option_quiet(const CmdDef *def, std::string name, uint64_t &seen, size_t &index,
                                std::optional<std::string> &optstr) {
  if (name == "help") return &kHelpOpt;
  for (size_t i = 0; i < def->opts.size(); i++) {
    const OptDef &o = def->opts[i];
    if (name != o.name) continue;
    if (o.type == OptType::Alias) {
      std::string target = o.help;
      if (auto eq = target.find('='); eq != std::string::npos) {
        if (optstr) return nullptr;
        optstr = target.substr(eq + 1);
        target.resize(eq);
      }
      name = target;
      i = static_cast<size_t>(-1);
      continue;
    }
    if ((seen & (1ULL << i)) && o.type != OptType::Argv) return nullptr;
    seen |= 1ULL << i;
    index = i;
    return &o;
  }
  return nullptr;
}

bool parse_string(const char *s, std::vector<Cmd> &cmds) {
  Tokens t;
  t.pos = s;
  return parse(t, cmds);
}

}  // namespace

Partial parse_partial(const std::string &line) {
  Tokens in;
  in.pos = line.c_str();
  const char *begin = line.c_str();
  const size_t point = line.size();
  Partial p;
  for (;;) {
    p = Partial();
    uint64_t need_arg = 0, seen = 0;
    bool data_only = false;
    Tok tk;
    std::string tok;
    bool broken = false;
    for (;;) {
      tk = in.next(tok, false);
      if (tk == Tok::Error) return p;
      if (tk != Tok::Arg) break;
      const OptDef *opt = nullptr;
      if (!p.def) {
        p.def = find_command(tok);
        if (!p.def) return p;
        for (size_t i = 0; i < p.def->opts.size(); i++) {
          const OptDef &o = p.def->opts[i];
          if (o.type != OptType::Bool && o.type != OptType::Alias && !(o.flags & kOptReqOpt))
            need_arg |= 1ULL << i;
        }
        continue;
      }
      bool is_data = data_only;
      if (!data_only && tok.size() > 2 && tok[0] == '-' && tok[1] == '-' &&
          std::isalnum(static_cast<unsigned char>(tok[2]))) {
        std::string name = tok.substr(2);
        std::optional<std::string> optstr;
        if (auto eq = name.find('='); eq != std::string::npos) {
          optstr = name.substr(eq + 1);
          name.resize(eq);
        }
        size_t index = 0;
        opt = find_option_quiet(p.def, name, seen, index, optstr);
        if (!opt) {
          if (std::strcmp(p.def->name, "help") == 0) continue;
          return p;
        }
        if (opt->type != OptType::Bool) {
          if (optstr) {
            tok = *optstr;
          } else {
            tk = in.next(tok, false);
            if (tk != Tok::Arg) {
              // An option waiting for its value at the end of the line.
              p.opts.push_back({opt, ""});
              if (static_cast<size_t>(in.pos - begin) + 1 == point) p.cursor = opt;
              return p;
            }
          }
          if (opt->type != OptType::Argv) need_arg &= ~(1ULL << index);
        } else {
          if (optstr) return p;
          tok.clear();
        }
      } else if (!data_only && tok == "--") {
        data_only = true;
        continue;
      } else {
        is_data = true;
      }
      if (is_data) {
        if (need_arg) {
          size_t i = static_cast<size_t>(__builtin_ctzll(need_arg));
          opt = &p.def->opts[i];
          if (opt->type != OptType::Argv) need_arg &= ~(1ULL << i);
          seen |= 1ULL << i;
        } else if (std::strcmp(p.def->name, "help") != 0) {
          broken = true;
          break;
        }
      }
      if (opt) {
        p.opts.push_back({opt, tok});
        if (static_cast<size_t>(in.pos - begin) == point) p.cursor = opt;
      }
    }
    if (broken || tk == Tok::End) return p;
  }
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

// ---- the event loop (virsh runs libvirt's default one in a thread) ----

std::atomic<bool> g_loop_quit{false};
std::thread *g_loop = nullptr;  // left running if the process exits early
int g_event_timer = -1;
int g_event_pipe[2] = {-1, -1};
volatile sig_atomic_t g_event_fd = -1;  // for the SIGINT handler
struct sigaction g_old_sigint;

void write_end(int fd, char why) {
  if (fd < 0) return;
  while (write(fd, &why, 1) < 0 && errno == EINTR) {
  }
}

void on_event_timeout(int, void *) {
  write_end(g_event_pipe[1], kEventTimeout);
}

void on_sigint(int, siginfo_t *, void *) {
  int saved = errno;
  write_end(g_event_fd, kEventInterrupt);
  errno = saved;
}

bool start_event_loop() {
  if (virEventRegisterDefaultImpl() < 0) {
    report_last();
    return false;
  }
  g_loop = new std::thread([] {
    while (!g_loop_quit.load())
      if (virEventRunDefaultImpl() < 0) report_last();
  });
  g_event_timer = virEventAddTimeout(-1, on_event_timeout, nullptr, nullptr);
  if (g_event_timer < 0) {
    report_last();
    return false;
  }
  return true;
}

void stop_event_loop() {
  if (!g_loop) return;
  g_loop_quit = true;
  // A timer that fires at once wakes the loop to see the flag.
  virEventAddTimeout(
      0, [](int timer, void *) { virEventRemoveTimeout(timer); }, nullptr, nullptr);
  g_loop->join();
  delete g_loop;
  g_loop = nullptr;
}

}  // namespace

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
  if (timeout_ms) virEventUpdateTimeout(g_event_timer, timeout_ms);
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
  virEventUpdateTimeout(g_event_timer, -1);
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

namespace {

// ---- help ----

void list_group(const GroupDef &g, const char *title_fmt) {
  std::printf(title_fmt, g.name, g.keyword);
  for (auto &c : g.cmds) {
    if (c.flags & (kCmdAlias | kCmdHidden)) continue;
    std::printf("    %-30s %s\n", c.name, c.help);
  }
}

void command_help(const CmdDef &def) {
  std::printf("  NAME\n    %s - %s\n", def.name, def.help);
  std::printf("\n  SYNOPSIS\n    %s", def.name);
  bool shortopt = false;  // 'arg' works instead of '--opt arg'
  for (auto &o : def.opts) {
    bool req = o.flags & kOptReq, req_opt = o.flags & kOptReqOpt;
    std::string s;
    switch (o.type) {
      case OptType::Bool:
        s = std::string("[--") + o.name + "]";
        break;
      case OptType::Int:
        s = req ? std::string("<") + o.name + ">" : std::string("[--") + o.name + " <number>]";
        if (!req_opt) shortopt = true;
        break;
      case OptType::String:
        s = std::string("[--") + o.name + " <string>]";
        if (!req_opt) shortopt = true;
        break;
      case OptType::Data:
        s = req ? std::string("<") + o.name + ">" : std::string("[<") + o.name + ">]";
        if (!req_opt) shortopt = true;
        break;
      case OptType::Argv:
        if (shortopt)
          s = req ? std::string("{[--") + o.name + "] <string>}..."
                  : std::string("[[--") + o.name + "] <string>]...";
        else
          s = req ? std::string("<") + o.name + ">..." : std::string("[<") + o.name + ">]...";
        break;
      case OptType::Alias:
        continue;  // undocumented, as in virsh
    }
    std::printf(" %s", s.c_str());
  }
  std::printf("\n");
  if (def.desc && *def.desc) std::printf("\n  DESCRIPTION\n    %s\n", def.desc);
  if (!def.opts.empty()) {
    std::printf("\n  OPTIONS\n");
    for (auto &o : def.opts) {
      std::string b;
      switch (o.type) {
        case OptType::Bool:
          b = std::string("--") + o.name;
          break;
        case OptType::Int:
          b = (o.flags & kOptReq) ? std::string("[--") + o.name + "] <number>"
                                  : std::string("--") + o.name + " <number>";
          break;
        case OptType::String:
          b = std::string("--") + o.name + " <string>";
          break;
        case OptType::Data:
          b = std::string("[--") + o.name + "] <string>";
          break;
        case OptType::Argv:
          b = shortopt ? std::string("[--") + o.name + "] <string>"
                       : std::string("<") + o.name + ">";
          break;
        case OptType::Alias:
          continue;
      }
      std::printf("    %-15s  %s\n", b.c_str(), o.help);
    }
  }
  std::printf("\n");
}

void usage() {
  std::printf(
      "\n%s [options]... [<command_string>]"
      "\n%s [options]... <command> [args...]\n\n"
      "  options:\n"
      "    -c | --connect=URI      hypervisor connection URI\n"
      "    -d | --debug=NUM        debug level [0-4]\n"
      "    -e | --escape <char>    set escape sequence for console\n"
      "    -h | --help             this help\n"
      "    -k | --keepalive-interval=NUM\n"
      "                            keepalive interval in seconds, 0 for disable\n"
      "    -K | --keepalive-count=NUM\n"
      "                            number of possible missed keepalive messages\n"
      "    -l | --log=FILE         output logging to file\n"
      "    -q | --quiet            quiet mode\n"
      "    -r | --readonly         connect readonly\n"
      "    -t | --timing           print timing information\n"
      "    -v                      short version\n"
      "    -V                      long version\n"
      "         --version[=TYPE]   version, TYPE is short or long (default short)\n"
      "  commands (non interactive mode):\n\n",
      g_progname, g_progname);
  for (auto &g : groups()) {
    list_group(g, " %s (help keyword '%s')\n");
    std::printf("\n");
  }
  std::printf("\n  (specify help <group> for details about the commands in the group)\n");
  std::printf("\n  (specify help <command> for details about the command)\n\n");
}

// What Debian's virsh 9.0.0 says it was built with.
void long_version() {
  std::printf(
      "Virsh command line tool of libvirt %s\n"
      "See web site at https://libvirt.org/\n\n"
      "Compiled with support for:\n"
      " Hypervisors: QEMU/KVM LXC LibXL OpenVZ VMware VirtualBox ESX Test\n"
      " Networking: Remote Network Bridging Interface udev Nwfilter\n"
      " Storage: Dir Disk Filesystem SCSI Multipath iSCSI iSCSI-direct LVM RBD Gluster ZFS\n"
      " Miscellaneous: Daemon Nodedev AppArmor SELinux Secrets Debug DTrace Readline\n",
      "9.0.0");
}

}  // namespace

// ---- virsh's own commands ----

bool cmd_help(Shell &, const Cmd &c) {
  const char *name = nullptr;
  if (c.string_quiet("command", name) <= 0) {
    std::printf("Grouped commands:\n\n");
    for (auto &g : groups()) {
      list_group(g, " %s (help keyword '%s'):\n");
      std::printf("\n");
    }
    return true;
  }
  if (const CmdDef *def = find_command(name)) {
    command_help(*def);
    return true;
  }
  if (const GroupDef *g = find_group(name)) {
    list_group(*g, " %s (help keyword '%s'):\n");
    return true;
  }
  error("command or command group '%s' doesn't exist", name);
  return false;
}

bool cmd_cd(Shell &, const Cmd &c) {
  if (!g_interactive) {
    error("%s", "cd: command valid only in interactive mode");
    return false;
  }
  const char *dir = nullptr;
  std::string home;
  if (c.string_quiet("dir", dir) <= 0) {
    if (const struct passwd *pw = getpwuid(getuid())) home = pw->pw_dir;
    dir = home.empty() ? "/" : home.c_str();
  }
  if (chdir(dir) == -1) {
    error("cd: %s: %s", std::strerror(errno), dir);
    return false;
  }
  return true;
}

bool cmd_pwd(Shell &, const Cmd &) {
  char *cwd = getcwd(nullptr, 0);
  std::printf("%s\n", cwd ? cwd : "");
  std::free(cwd);
  return true;
}

bool cmd_echo(Shell &, const Cmd &c) {
  bool shell = c.has("shell"), xml = c.has("xml"), err = c.has("err"), split = c.has("split");
  if (!exclusive(c, "shell", "xml") || !exclusive(c, "shell", "split") ||
      !exclusive(c, "xml", "split"))
    return false;
  std::string buf;
  bool any = false;
  for (const std::string &arg : c.argv()) {
    any = true;
    if (xml) {
      buf += escape_xml(arg);
    } else if (shell) {
      buf += shell_escape(arg);
    } else if (split) {
      // ',' separates, ',,' is a literal comma.
      std::string cur;
      for (size_t i = 0; i < arg.size(); i++) {
        if (arg[i] == ',' && i + 1 < arg.size() && arg[i + 1] == ',') {
          cur += ',';
          i++;
        } else if (arg[i] == ',') {
          buf += cur + "\n";
          cur.clear();
        } else {
          cur += arg[i];
        }
      }
      buf += cur + "\n";
    } else {
      buf += arg;
    }
    buf += ' ';
  }
  while (!buf.empty() && buf.back() == ' ') buf.pop_back();
  if (!any) return true;
  if (err)
    error("%s", buf.c_str());
  else
    std::printf("%s", buf.c_str());
  return true;
}

bool cmd_quit(Shell &sh, const Cmd &) {
  g_interactive = false;
  sh.quit = true;
  return true;
}

bool cmd_exit(Shell &sh, const Cmd &c) {
  return cmd_quit(sh, c);
}

bool cmd_connect(Shell &sh, const Cmd &c) {
  bool ro = c.has("readonly");
  const char *name = nullptr;
  if (c.string("name", name) < 0) return false;
  // Without a URI, the current one keeps its read-only setting.
  if (!ro && !name) ro = sh.readonly;
  sh.conn = virtkit::Connection();
  std::string old = sh.uri;
  bool old_ro = sh.readonly;
  if (name) sh.uri = name;
  sh.readonly = ro;
  auto r = sh.connect();
  if (!r) {
    sh.uri = name ? sh.uri : old;
    sh.readonly = old_ro;
    return false;
  }
  return true;
}

// Checks the command table's own consistency, as virsh's self-test does.
bool cmd_self_test(Shell &, const Cmd &) {
  for (auto &g : groups()) {
    for (auto &c : g.cmds) {
      if (c.flags & kCmdAlias) {
        if (!find_command(c.alias)) {
          error("command '%s' has an alias of unknown '%s'", c.name, c.alias);
          return false;
        }
        continue;
      }
      bool seen_argv = false;
      for (auto &o : c.opts) {
        if (seen_argv) {
          error("command '%s': option '%s' follows an argv option", c.name, o.name);
          return false;
        }
        seen_argv = o.type == OptType::Argv;
        if (o.type != OptType::Alias) continue;
        std::string target = o.help;
        target = target.substr(0, target.find('='));
        bool found = std::any_of(c.opts.begin(), c.opts.end(), [&](const OptDef &x) {
          return x.type != OptType::Alias && target == x.name;
        });
        if (!found) {
          error("command '%s': alias '%s' of unknown option '%s'", c.name, o.name, target.c_str());
          return false;
        }
      }
    }
  }
  return true;
}

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
    if (parse_string(line.c_str(), cmds)) run_all(sh, cmds);
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
        usage();
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
        long_version();
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
      ok = parse_string(argv[optind], cmds);
    } else {
      Tokens t;
      t.argv = argv + optind;
      t.argv_end = argv + argc;
      ok = parse(t, cmds);
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
