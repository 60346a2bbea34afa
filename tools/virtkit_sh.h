// SPDX-License-Identifier: LGPL-2.1-or-later
// What virtkit-sh's shell (virtkit_sh.cc) and its commands (cmd_*.cc) share
// beyond the common shell (vsh.h): virsh's error reporting of virtkit::Error,
// the helpers of its commands, and the Shell that runs them.
#pragma once

#include <virtkit/virtkit.hpp>

#include "util/numbers.h"
#include "vsh.h"

#include <strings.h>

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

using namespace vsh;  // NOLINT: the shared shell is this program's too

// The libvirt error of a failed call, as virsh reports it after a command.
void report(const virtkit::Error &e);

// virsh's -h and -V texts (cmd_virsh.cc).
void print_usage();
void print_long_version();

// ---- shared by the commands (sh_util.cc) ----

// virFileReadAll with virsh's 10 MiB limit (or max bytes): false after
// libvirt's error ("Failed to open file '%s': ...") is printed.
bool read_file(const char *path, std::string &out, size_t max = 10 * 1024 * 1024);

// vshStringToArray: the comma separated parts of s, ",," standing for a
// literal comma; none for an empty s.
std::vector<std::string> string_to_array(const std::string &s);

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

// virsh's qsort of a list by key(item) with strcasecmp; stable, as glibc's
// merge sort is.
template <class H, class Key>
void sort_by(std::vector<H> &v, Key key) {
  std::vector<std::pair<std::string, H>> keyed;
  keyed.reserve(v.size());
  for (H &h : v) keyed.emplace_back(key(h), std::move(h));
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
    return strcasecmp(a.first.c_str(), b.first.c_str()) < 0;
  });
  for (size_t i = 0; i < keyed.size(); i++) v[i] = std::move(keyed[i].second);
}

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

// ---- the *-event commands ----

// After event_wait: "event loop interrupted/timed out" and "events received:
// N"; true when some event came.
bool finish_wait(int end, int count);

// ---- the shell ----

class Shell : public Control {
 public:
  std::string uri;
  bool readonly = false;
  virtkit::Connection conn;
  int keepalive_interval = -1, keepalive_count = -1;  // -1: virsh's defaults
  std::string escape = "^]";

  bool connect();
  bool connection() override { return connect(); }
  Words complete_value(const char *completer, unsigned flags, const Partial &p) override;
  const char *prompt() const override { return readonly ? "virsh > " : "virsh # "; }

  // virsh's lookup (virshCommandOptDomainBy): by ID, then UUID, then name, as
  // allowed; lookup errors are replaced by "failed to get domain".
  std::optional<virtkit::Domain> domain(const Cmd &c, bool by_name = true, bool by_id = true,
                                        const char *opt = "domain", bool by_uuid = true);

  // A lifecycle call: "Domain 'NAME' DONE" or "Failed to FAILED domain 'NAME'".
  bool act(const Cmd &c, virtkit::Expected<void> (virtkit::Domain::*call)() const, const char *done,
           const char *failed);

  // virshConnect: a connection to @p to (the default for nullptr) with
  // virsh's keepalive rules.
  virtkit::Expected<virtkit::Connection> open_auth(const char *to, unsigned flags) const;
};

}  // namespace virtkit_sh
