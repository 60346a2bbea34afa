// SPDX-License-Identifier: LGPL-2.1-or-later
// The shells' terminal: libedit for editing, history and completion, and the
// interactive loop.
#include <fcntl.h>
#include <editline/readline.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "vsh.h"

namespace vsh {

namespace {

Control *g_completing = nullptr;  // the shell TAB completes against

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

// The history: $XDG_CACHE_HOME/libvirt/NAME/history (or ~/.cache/...).
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
  return base + "/libvirt/" + g_identity.name;
}

// The history, kept here as well so the file is written as GNU readline
// writes it (one line per entry), which virsh and virt-admin read back; libedit's own
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

}  // namespace

void history_init(bool tty) {
  int max = 500;
  std::string var = std::string(g_identity.env_prefix) + "_HISTSIZE";
  if (const char *env = std::getenv(var.c_str())) {
    int v;
    if (!virtkit::util::str_to_i(env, 10, v)) {
      error("Bad $%s value.", var.c_str());
      return;
    }
    if (v > 500000 || v < 0) {
      error("$%s value should be between 0 and %d", var.c_str(), 500000);
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

void Control::interactive(const char *welcome) {
  if (!g_quiet) {
    std::printf(welcome, g_progname);
    std::printf("%s", "Type:  'help' for help with commands\n       'quit' to quit\n\n");
  }
  bool tty = isatty(STDIN_FILENO);
  g_completing = this;
  rl_readline_name = g_identity.name;
  rl_attempted_completion_function = complete_hook;
  rl_basic_word_break_characters = " \t\n`@$><=;|&{(";
  rl_completer_quote_characters = "\"'";
  std::string line;
  while (g_interactive) {
    const char *prompt = this->prompt();
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
    if (parse_line(line.c_str(), cmds)) run_all(cmds);
  }
  std::printf("\n");  // after the last prompt or command, as vsh
  if (tty) history_save();
}

}  // namespace vsh
