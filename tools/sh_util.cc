// SPDX-License-Identifier: LGPL-2.1-or-later
// What many of virtkit-sh's commands use: virsh's tables, file reading,
// capacities and typed parameter values.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <cwchar>
#include <cwctype>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "virtkit_sh.h"

namespace virtkit_sh {

bool read_file(const char *path, std::string &out, size_t max) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error("Failed to open file '%s': %s", path, std::strerror(errno));
    return false;
  }
  out.clear();
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || out.size() + static_cast<size_t>(n) > max) {
      // Over the limit is EOVERFLOW, as virFileReadLimFD has it.
      int err = n < 0 ? errno : EOVERFLOW;
      close(fd);
      error("Failed to read file '%s': %s", path, std::strerror(err));
      return false;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return true;
}

std::vector<std::string> string_to_array(const std::string &s) {
  if (s.empty()) return {};
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t comma = s.find(',', start);
    parts.push_back(s.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  // An empty part after the first glues its neighbours with a ','.
  std::vector<std::string> out{parts[0]};
  bool glue = false;
  for (size_t i = 1; i < parts.size(); i++) {
    if (glue) {
      out.back() += "," + parts[i];
      glue = false;
    } else if (parts[i].empty()) {
      glue = true;
    } else {
      out.push_back(parts[i]);
    }
  }
  if (glue) out.emplace_back();
  return out;
}

namespace {
void print_subtree(const std::vector<TreeItem> &items, size_t id, size_t last, bool root,
                   std::string &indent) {
  size_t n = items.size();
  std::printf("%s%s%s\n", indent.c_str(), root ? "" : "+- ", items[id].name.c_str());
  if (!root) indent += id == last ? "  " : "| ";
  // The last child decides where the '|' line of the children ends.
  std::optional<size_t> last_child;
  for (size_t i = 0; i < n; i++)
    if (items[i].parent == static_cast<long>(id)) last_child = i;
  if (last_child) std::printf("%s  |\n", indent.c_str());
  indent += "  ";
  for (size_t i = 0; i < n; i++)
    if (items[i].parent == static_cast<long>(id))
      print_subtree(items, i, *last_child, false, indent);
  indent.resize(indent.size() - 2);
  // A blank (indented) line closes the last branch.
  if (!last_child && id == last) std::printf("%s\n", indent.c_str());
  if (!root) indent.resize(indent.size() - 2);
}
}  // namespace

void print_tree(size_t n, const std::function<TreeItem(size_t)> &item) {
  std::vector<TreeItem> items;
  items.reserve(n);
  for (size_t i = 0; i < n; i++) items.push_back(item(i));
  std::string indent;
  for (size_t i = 0; i < n; i++)
    if (items[i].parent == kTreeRoot) print_subtree(items, i, i, true, indent);
}

namespace {
std::string node_string(xmlDocPtr doc, xmlNodePtr node) {
  xmlBufferPtr buf = xmlBufferCreate();
  if (!buf) throw std::bad_alloc();
  xmlNodeDump(buf, doc, node, 0, 1);
  std::string s(reinterpret_cast<const char *>(xmlBufferContent(buf)),
                static_cast<size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  return s;
}
}  // namespace

bool print_xml(const char *xml, const char *xpath, bool wrap) {
  if (!xpath) {
    std::printf("%s", xml);
    return true;
  }
  int old_blanks = xmlKeepBlanksDefault(0);
  xmlDocPtr doc = xmlReadMemory(xml, static_cast<int>(std::strlen(xml)), "(xml)", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOWARNING);
  xmlKeepBlanksDefault(old_blanks);
  if (!doc) {
    error("%s", "(xml): failed to parse XML");
    return false;
  }
  bool ok = true;
  xmlXPathContextPtr ctxt = xmlXPathNewContext(doc);
  // An invalid expression selects nothing (libxml2 itself says why).
  xmlXPathObjectPtr obj = ctxt ? xmlXPathEval(BAD_CAST xpath, ctxt) : nullptr;
  if (obj && obj->type != XPATH_NODESET) {
    error("internal error: Incorrect xpath '%s'", xpath);
    ok = false;
  } else {
    xmlNodeSetPtr set = obj ? obj->nodesetval : nullptr;
    int n = set ? set->nodeNr : 0;
    if (wrap) {
      xmlDocPtr out = xmlNewDoc(BAD_CAST "1.0");
      xmlNodePtr root = xmlNewNode(nullptr, BAD_CAST "nodes");
      xmlDocSetRootElement(out, root);
      for (int i = 0; i < n; i++) xmlAddChild(root, xmlDocCopyNode(set->nodeTab[i], out, 1));
      std::printf("%s\n", node_string(out, root).c_str());
      xmlFreeDoc(out);
    } else {
      for (int i = 0; i < n; i++) std::printf("%s\n", node_string(doc, set->nodeTab[i]).c_str());
    }
  }
  xmlXPathFreeObject(obj);
  xmlXPathFreeContext(ctxt);
  xmlFreeDoc(doc);
  return ok;
}

std::string local_time(long long t) {
  time_t tt = static_cast<time_t>(t);
  struct tm tm {};
  char buf[64] = "";
  if (localtime_r(&tt, &tm)) std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z", &tm);
  return buf;
}

double pretty_capacity(unsigned long long value, const char *&unit) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double limit = 1024;
  for (size_t i = 0; i < 6; i++, limit *= 1024) {
    if (static_cast<double>(value) < limit) {
      unit = units[i];
      return static_cast<double>(value) / (limit / 1024);
    }
  }
  unit = units[6];
  return static_cast<double>(value) / (limit / 1024);
}

std::string write_temp(const char *doc) {
  const char *dir = std::getenv("TMPDIR");
  std::string name = std::string(dir ? dir : "/tmp") + "/virshXXXXXX.xml";
  int fd = mkostemps(name.data(), 4, O_CLOEXEC);
  if (fd < 0) {
    error("g_mkstemp_full: failed to create temporary file: %s", std::strerror(errno));
    return "";
  }
  fchmod(fd, S_IRUSR | S_IWUSR);
  size_t len = std::strlen(doc), done = 0;
  while (done < len) {
    ssize_t n = write(fd, doc + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error("write: %s: failed to write to temporary file: %s", name.c_str(), std::strerror(errno));
      close(fd);
      unlink(name.c_str());
      return "";
    }
    done += static_cast<size_t>(n);
  }
  if (close(fd) < 0) {
    error("close: %s: failed to write or close temporary file: %s", name.c_str(),
          std::strerror(errno));
    unlink(name.c_str());
    return "";
  }
  return name;
}

namespace {

// Where PATH finds prog (as execvp would), or "".
std::string find_in_path(const std::string &prog) {
  if (prog.find('/') != std::string::npos) return prog;
  const char *path = std::getenv("PATH");
  std::string dirs = path ? path : "/bin:/usr/bin";
  size_t start = 0;
  for (;;) {
    size_t end = dirs.find(':', start);
    std::string d = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::string cand = (d.empty() ? "." : d) + "/" + prog;
    if (access(cand.c_str(), X_OK) == 0) return cand;
    if (end == std::string::npos) return "";
    start = end + 1;
  }
}

}  // namespace

bool run_editor(const std::string &file) {
  const char *editor = std::getenv("VISUAL");
  if (!editor) editor = std::getenv("EDITOR");
  if (!editor) editor = "sensible-editor";
  static const char kPlain[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/_.:@";
  std::vector<std::string> args;
  if (std::strspn(editor, kPlain) != std::strlen(editor)) {
    // Options in the editor are the user's: let a shell read it.
    if (std::strspn(file.c_str(), kPlain) != file.size()) {
      error(
          "%s: temporary filename contains shell meta or other unacceptable characters (is "
          "$TMPDIR wrong?)",
          file.c_str());
      return false;
    }
    args = {"sh", "-c", std::string(editor) + " " + file};
  } else {
    args = {editor, file};
  }
  std::string prog = find_in_path(args[0]);
  if (prog.empty()) {
    error("Cannot find '%s' in path: %s", args[0].c_str(), std::strerror(ENOENT));
    return false;
  }
  std::string shown;
  for (auto &a : args) shown += (shown.empty() ? "" : " ") + shell_escape(a);
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    error("Cannot fork child process: %s", std::strerror(errno));
    return false;
  }
  if (pid == 0) {
    std::vector<char *> argv;
    for (auto &a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(prog.c_str(), argv.data());
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      error("Cannot wait for child process: %s", std::strerror(errno));
      return false;
    }
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    error("internal error: Child process (%s) unexpected exit status %d", shown.c_str(),
          WEXITSTATUS(status));
    return false;
  }
  if (WIFSIGNALED(status)) {
    error("internal error: Child process (%s) unexpected fatal signal %d", shown.c_str(),
          WTERMSIG(status));
    return false;
  }
  return true;
}

bool read_back(const std::string &file, std::string &out) {
  FILE *f = std::fopen(file.c_str(), "re");
  if (!f) {
    error("%s: failed to read temporary file: %s", file.c_str(), std::strerror(errno));
    return false;
  }
  out.clear();
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool bad = std::ferror(f) || out.size() > 10 * 1024 * 1024;
  int err = std::ferror(f) ? errno : EINVAL;
  std::fclose(f);
  if (bad) {
    error("%s: failed to read temporary file: %s", file.c_str(), std::strerror(err));
    return false;
  }
  return true;
}

namespace {

// vshAskReedit: y, n, f or i from the terminal; -1 without one.
int ask_reedit(const char *msg, bool relax_avail) {
  if (!isatty(STDIN_FILENO)) return -1;
  report_last();
  struct termios saved, raw;
  if (tcgetattr(STDIN_FILENO, &saved) < 0) return -1;
  raw = saved;
  cfmakeraw(&raw);
  if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) < 0) return -1;
  int c;
  for (;;) {
    std::printf("\r%s %s %s: ", msg, "Try again?", relax_avail ? "[y,n,i,f,?]" : "[y,n,f,?]");
    std::fflush(stdout);
    c = std::tolower(std::getchar());
    if (c == '?') {
      std::printf("\r\n%s\r\n%s\r\n", "y - yes, start editor again",
                  "n - no, throw away my changes");
      if (relax_avail) std::printf("%s\r\n", "i - turn off validation and try to redefine again");
      std::printf("%s\r\n%s\r\n", "f - force, try to redefine again", "? - print this help");
      continue;
    }
    if (c == 'y' || c == 'n' || c == 'f' || (relax_avail && c == 'i')) break;
    if (c == EOF) break;
  }
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::printf("\r\n");
  return c;
}

}  // namespace

EditResult edit_xml(const std::function<char *()> &get_xml,
                    const std::function<bool(const char *)> &define,
                    const std::function<void()> *relax, bool define_unchanged) {
  auto take = [](char *p) {
    std::string s = p ? p : "";
    std::free(p);
    return s;
  };
  char *first = get_xml();
  if (!first) return EditResult::kFailed;
  std::string doc = take(first);
  std::string file = write_temp(doc.c_str());
  if (file.empty()) return EditResult::kFailed;
  struct Unlink {
    const std::string &f;
    ~Unlink() { unlink(f.c_str()); }
  } unlink_at_end{file};
  bool relax_avail = relax != nullptr;
  std::string edited;
  for (bool edit = true;;) {
    if (edit) {
      if (!run_editor(file)) return EditResult::kFailed;
      if (!read_back(file, edited)) return EditResult::kFailed;
      if (edited == doc && !define_unchanged) return EditResult::kUnchanged;
    }
    // Someone may have changed the object meanwhile.
    const char *msg = nullptr;
    char *again = get_xml();
    if (!again) return EditResult::kFailed;
    std::string reread = take(again);
    if (reread != doc) {
      msg = "The XML configuration was changed by another user.";
      doc = reread;
    }
    if (!msg && !define(edited.c_str())) msg = "Failed.";
    if (!msg) return EditResult::kDone;
    switch (ask_reedit(msg, relax_avail)) {
      case 'y':
        edit = true;
        continue;
      case 'f':
        edit = false;
        continue;
      case 'n':
        return EditResult::kFailed;
      case 'i':
        if (relax_avail) {
          (*relax)();
          relax_avail = false;
          edit = false;
          continue;
        }
        [[fallthrough]];
      default:
        error("%s", msg);
        return EditResult::kDone;
    }
  }
}

}  // namespace virtkit_sh
