// SPDX-License-Identifier: LGPL-2.1-or-later
// What virtkit-sh's shell (virtkit_sh.cc) and its commands (cmd_*.cc) share:
// errors and informational output as virsh prints them, the command table
// (generated from commands.txt), parsed commands with virsh's option getters,
// and the Shell that runs them.
#pragma once

#include <virtkit/virtkit.hpp>

#include "util/numbers.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit_sh {

// virsh's message levels (-d, $VIRSH_DEBUG, the -l log file).
enum DebugLevel { kDebug = 0, kInfo = 1, kNotice = 2, kWarning = 3, kError = 4 };

// vshDebug: printed on stdout (and logged) when level >= the -d level.
void debug(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// virsh's "error: ..." on stderr, after flushing stdout; also logged.
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// The libvirt error of a failed call, as virsh reports it after a command.
void report(const virtkit::Error &e);

// An error raised inside virsh itself through libvirt's error reporting (as
// virScaleInteger does): saved like a libvirt error, printed after the command
// fails unless a later error replaces it. MESSAGE is the full text.
void save_error(int code, const std::string &message);

extern bool g_quiet;            // -q: no informational messages, no blank lines
extern const char *g_progname;  // argv[0]'s base name (virsh prints it)
extern bool g_interactive;      // the shell reads commands (cd needs it)

// virsh's vshReportError: prints the pending libvirt error, if any, and
// forgets it.
void report_last();

// virsh's vshResetLibvirtError: forget the last libvirt error (a fallback
// path that succeeded after all).
void reset_error();

// virsh's vshPrintExtra: informational output that -q suppresses.
void extra(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// ---- the command table (commands.txt, through cmdgen.py) ----

enum class OptType : uint8_t { Bool, String, Int, Data, Argv, Alias };

enum : uint8_t {
  kOptReq = 1,      // must be given
  kOptEmptyOk = 2,  // "" is a value
  kOptReqOpt = 4,   // only as --name value, never positionally
};

struct OptDef {
  const char *name;
  OptType type;
  uint8_t flags;
  const char *help;       // for an Alias: "name" or "name=value" it stands for
  const char *completer;  // what TAB offers; nullptr: nothing
  unsigned completer_flags;
};

enum : uint8_t {
  kCmdNoConnect = 1,  // runs without a connection
  kCmdHidden = 2,     // not listed by help
  kCmdAlias = 4,      // another name of CmdDef::alias
};

struct Cmd;
class Shell;
using Handler = bool (*)(Shell &, const Cmd &);

struct CmdDef {
  const char *name;
  const char *help;
  const char *desc;  // nullptr: none
  std::span<const OptDef> opts;
  uint8_t flags;
  const char *alias;
  Handler run;
};

struct GroupDef {
  const char *keyword;
  const char *name;
  std::span<const CmdDef> cmds;
};

std::span<const GroupDef> groups();
const CmdDef *find_command(std::string_view name);  // aliases resolved
const GroupDef *find_group(std::string_view name);  // by title or keyword

// ---- a parsed command ----

struct OptValue {
  const OptDef *def;
  std::string data;  // empty for a Bool
};

// One command and its options, in the order given. The getters follow virsh's
// vshCommandOpt*: 1 present and valid, 0 absent, <0 invalid (error printed).
struct Cmd {
  const CmdDef *def = nullptr;
  std::vector<OptValue> opts;

  const OptValue *find(std::string_view name) const {
    for (auto &o : opts)
      if (name == o.def->name) return &o;
    return nullptr;
  }
  bool has(std::string_view name) const { return find(name) != nullptr; }
  const std::string *get(std::string_view name) const {
    auto *o = find(name);
    return o ? &o->data : nullptr;
  }
  // vshCommandOptStringReq: 0 with value (or nullptr when absent), -1 on "".
  int string(const char *name, const char *&value) const;
  // vshCommandOptStringQuiet: as string(), without the message.
  int string_quiet(const char *name, const char *&value) const;
  int opt_int(const char *name, int &value) const;
  int opt_uint(const char *name, unsigned &value, bool wrap = false) const;
  int opt_ul(const char *name, unsigned long &value, bool wrap = false) const;
  int opt_ll(const char *name, long long &value) const;
  int opt_ull(const char *name, unsigned long long &value, bool wrap = false) const;
  int opt_scaled(const char *name, unsigned long long &value, int scale,
                 unsigned long long max) const;
  // vshCommandOptTimeoutToMs: --timeout in seconds, as milliseconds.
  int timeout_ms(int &ms) const;
  // Every value of the Argv option, in order.
  std::vector<std::string> argv() const;
};

// What the parser makes of an unfinished line, for completion (the last
// command of the line, as far as it parses).
struct Partial {
  const CmdDef *def = nullptr;
  std::vector<OptValue> opts;
  const OptDef *cursor = nullptr;  // the option whose value ends at the line's end
};
Partial parse_partial(const std::string &line);

// virsh's vshCommandStringParse (a command string: ';', quotes, comments) and
// vshCommandArgvParse (one argument per word): the commands, or false after
// the error.
bool parse_line(const char *line, std::vector<Cmd> &cmds);
bool parse_args(char **begin, char **end, std::vector<Cmd> &cmds);

// virsh's -h and -V texts (cmd_virsh.cc).
void print_usage();
void print_long_version();

// What TAB offers after `line`, whose last word is `text`: commands, options
// or an option's values, each starting with text (virsh's vshReadlineParse).
// nullopt: nothing to offer (the terminal may offer file names instead).
std::optional<std::vector<std::string>> completions(Shell &sh, const std::string &line,
                                                    const std::string &text);

// virsh's VSH_EXCLUSIVE_OPTIONS: false (after the error) when both are given.
bool exclusive(const Cmd &c, const char *a, const char *b);

// ---- shared by the commands (sh_util.cc) ----

// virsh's vshTable: columns as wide as their widest cell (display width);
// the header and its dashes only without -q.
class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// virFileReadAll with virsh's 10 MiB limit (or max bytes): false after
// libvirt's error ("Failed to open file '%s': ...") is printed.
bool read_file(const char *path, std::string &out, size_t max = 10 * 1024 * 1024);

// vshStringToArray: the comma separated parts of s, ",," standing for a
// literal comma; none for an empty s.
std::vector<std::string> string_to_array(const std::string &s);

// virBufferEscapeString's escaping: XML's five special characters as
// entities; control characters other than tab and newlines dropped.
std::string escape_xml(const std::string &s);

// vshTreePrint, for every root: items 0..n-1 drawn as trees ("+- child",
// '|' lines). item(i) gives an item's name and its parent's index:
// kTreeRoot for a root; an index outside 0..n-1 for a parent not listed
// (the item is not shown).
constexpr long kTreeRoot = -1;
struct TreeItem {
  std::string name;
  long parent;
};
void print_tree(size_t n, const std::function<TreeItem(size_t)> &item);

// Domains that free themselves.
struct DomainList {
  std::vector<virDomainPtr> doms;
  ~DomainList() {
    for (auto *d : doms) virDomainFree(d);
  }
};

// A creation time as virsh's snapshot and checkpoint lists print it, in local
// time: "YYYY-MM-DD HH:MM:SS +ZZZZ".
std::string local_time(long long t);

// vshPrettyCapacity: the value in the largest unit (B, KiB ... EiB) that
// keeps it at least 1.
double pretty_capacity(unsigned long long value, const char *&unit);

// virshDumpXML: the XML, or with an xpath the nodes it selects (each on its
// own line, or inside <nodes> when wrap). False after an error. Commands read
// --xpath themselves, as virsh, with c.string_quiet("xpath", ...) (an empty
// one fails silently) before fetching the XML.
bool print_xml(const char *xml, const char *xpath, bool wrap);

// virBufferEscapeShell: s as one word for a POSIX shell ('' when empty;
// single-quoted only when it holds a metacharacter).
std::string shell_escape(const std::string &s);

// The pieces of the edit loop, for commands that edit other text than XML:
// vshEditWriteToTempFile (the file's name, or "" after the error),
// vshEditFile (the editor on the file; false after the error) and
// vshEditReadBackFile (false after the error).
std::string write_temp(const char *doc);
bool run_editor(const std::string &file);
bool read_back(const std::string &file, std::string &out);

// virsh-edit.c's loop: the object's XML in a temporary file, $VISUAL or
// $EDITOR (else sensible-editor) on it, then define, offering to edit again
// on a terminal when that fails. relax (or nullptr) turns off validation for
// the 'i' answer; define_unchanged defines even an unchanged document.
enum class EditResult { kFailed, kUnchanged, kDone };
EditResult edit_xml(const std::function<char *()> &get_xml,
                    const std::function<bool(const char *)> &define,
                    const std::function<void()> *relax = nullptr, bool define_unchanged = false);

// The libvirt error virScaleInteger raises for a bad suffix or an overflow of
// value (the number as given): saved, so it is reported after the command.
void scale_error(virtkit::util::ScaleError e, unsigned long long value, const char *suffix);

// vshGetTypedParamValue: a typed parameter's value as virsh prints it.
std::string typed_param_value(const virTypedParameter &p);

// ---- waiting for events (virsh's vshEventStart/Wait/Done/Cleanup) ----

// How a wait ended; the values are virsh's VSH_EVENT_*.
enum EventEnd { kEventInterrupt = 0, kEventTimeout = 1, kEventDone = 2 };

// Runs libvirt's default event loop in a thread (false after the error), and
// stops it before the process ends.
bool start_event_loop();
void stop_event_loop();

// Arms a wait: SIGINT ends it, and so does timeout_ms when positive. False
// after the error.
bool event_start(int timeout_ms);
// From an event callback (the event loop's thread): ends the wait.
void event_done();
// Blocks until the wait ends: an EventEnd, or -1 after the error.
int event_wait();
// Disarms what event_start armed; always call it after event_start.
void event_cleanup();
// After event_wait: "event loop interrupted/timed out" and "events received:
// N"; true when some event came.
bool finish_wait(int end, int count);
// virTimeStringNowRaw: "YYYY-MM-DD HH:MM:SS.mmm+0000", in UTC.
std::string timestamp_now();

// ---- the shell ----

class Shell {
 public:
  std::string uri;
  bool readonly = false;
  bool quit = false;  // set by quit/exit
  virtkit::Connection conn;
  int keepalive_interval = -1, keepalive_count = -1;  // -1: virsh's defaults
  std::string escape = "^]";

  bool connect();
  bool run(const Cmd &c);

  // virsh's lookup (virshCommandOptDomainBy): by ID, then UUID, then name, as
  // allowed; lookup errors are replaced by "failed to get domain".
  std::optional<virtkit::Domain> domain(const Cmd &c, bool by_name = true, bool by_id = true,
                                        const char *opt = "domain", bool by_uuid = true);

  // A lifecycle call: "Domain 'NAME' DONE" or "Failed to FAILED domain 'NAME'".
  bool act(const Cmd &c, virtkit::Expected<void> (virtkit::Domain::*call)() const, const char *done,
           const char *failed);

 private:
  virtkit::Expected<virtkit::Connection> open_auth();
};

}  // namespace virtkit_sh
