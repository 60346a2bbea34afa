// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh: a virsh-compatible command line over virtkit's C++ API.
// Options, parsing, output, errors and exit codes follow Debian's virsh 9.0.0
// for the commands it knows; tests/cli/compare.py diffs the two.
// This file is the shell: errors as virsh prints them, parsing commands as
// virsh does, the interactive loop and the command line; the commands
// themselves and their table are in virtkit_sh_commands.cc.
#include "virtkit_sh.h"

#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace virtkit_sh {

void error(const char *fmt, ...) {
  std::fflush(stdout);
  std::fputs("error: ", stderr);
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
  std::fputc('\n', stderr);
}

// The libvirt error of a failed call, as virsh reports it after a command.
void report(const virtkit::Error &e) {
  error("%s", e.code() == VIR_ERR_OK || !e.message() ? "unknown error" : e.message()->c_str());
}

bool g_quiet = false;  // -q: no informational messages, no blank lines

void extra(const char *fmt, ...) {
  if (g_quiet) return;
  va_list ap;
  va_start(ap, fmt);
  std::vprintf(fmt, ap);
  va_end(ap);
}

}  // namespace virtkit_sh

namespace {

using namespace virtkit_sh;

// Errors are read from the C++ API's results; nothing is printed by libvirt.
void quiet(void *, virErrorPtr) {}

// ---- parsing, as virsh's vshCommandParse ----

// Parses one command's tokens into cmd; false (after printing virsh's error) on a
// syntax error.
bool parse_command(const std::vector<std::string> &toks, Cmd &cmd) {
  const CmdDef *def = nullptr;
  for (auto &d : commands())
    if (toks[0] == d.name) def = &d;
  if (!def) {
    error("unknown command: '%s'", toks[0].c_str());
    return false;
  }
  cmd.def = def;
  const auto &opts = def->opts;
  std::vector<bool> seen(opts.size()), need_arg(opts.size());
  for (size_t i = 0; i < opts.size(); i++)
    need_arg[i] =
        opts[i].type != OptType::Bool && opts[i].type != OptType::Alias && opts[i].positional;
  bool data_only = false;
  for (size_t t = 1; t < toks.size(); t++) {
    const std::string &tk = toks[t];
    if (!data_only && tk.size() > 2 && tk[0] == '-' && tk[1] == '-' &&
        std::isalnum(static_cast<unsigned char>(tk[2]))) {
      std::string name = tk.substr(2);
      std::optional<std::string> val;
      if (auto eq = name.find('='); eq != std::string::npos) {
        val = name.substr(eq + 1);
        name.resize(eq);
      }
      if (name == "help") {
        error("command '%s': --help is not supported by virtkit-sh", def->name);
        return false;
      }
      size_t i = 0;
      for (; i < opts.size(); i++)
        if (name == opts[i].name) {
          if (opts[i].type == OptType::Alias) {
            name = opts[i].alias;
            i = static_cast<size_t>(-1);
            continue;
          }
          break;
        }
      if (i >= opts.size()) {
        error("command '%s' doesn't support option --%s", def->name, name.c_str());
        return false;
      }
      if (seen[i]) {
        error("option --%s already seen", name.c_str());
        return false;
      }
      seen[i] = true;
      if (opts[i].type == OptType::Bool) {
        if (val) {
          error("invalid '=' after option --%s", name.c_str());
          return false;
        }
        cmd.opts[name] = "";
      } else {
        if (!val) {
          if (t + 1 >= toks.size()) {
            error("expected syntax: --%s <%s>", name.c_str(),
                  opts[i].type == OptType::Int ? "number" : "string");
            return false;
          }
          val = toks[++t];
        }
        need_arg[i] = false;
        cmd.opts[name] = *val;
      }
    } else if (!data_only && tk == "--") {
      data_only = true;
    } else {
      size_t i = 0;
      for (; i < opts.size(); i++)
        if (need_arg[i]) break;
      if (i >= opts.size()) {
        error("unexpected data '%s'", tk.c_str());
        return false;
      }
      need_arg[i] = false;
      seen[i] = true;
      cmd.opts[opts[i].name] = tk;
    }
  }
  bool missing = false;
  for (size_t i = 0; i < opts.size(); i++)
    if (opts[i].required && !seen[i]) {
      error(opts[i].type == OptType::Data ? "command '%s' requires <%s> option"
                                          : "command '%s' requires --%s option",
            def->name, opts[i].name);
      missing = true;
    }
  return !missing;
}

// Splits a command string into commands of tokens: whitespace separates, ';' or a
// newline ends a command, quotes group, a backslash escapes, '#' starts a comment.
bool split_line(const std::string &line, std::vector<std::vector<std::string>> &out) {
  std::vector<std::string> cur;
  size_t i = 0, n = line.size();
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  while (i < n) {
    char ch = line[i];
    if (ch == ' ' || ch == '\t') {
      i++;
      continue;
    }
    if (ch == ';' || ch == '\n') {
      flush();
      i++;
      continue;
    }
    if (ch == '#' && cur.empty()) {
      while (i < n && line[i] != '\n') i++;
      continue;
    }
    std::string tok;
    char quote = 0;
    for (; i < n; i++) {
      ch = line[i];
      if (!quote && (ch == ' ' || ch == '\t' || ch == ';' || ch == '\n')) break;
      if (ch == '\\' && i + 1 < n) {
        tok += line[++i];
      } else if (quote && ch == quote) {
        quote = 0;
      } else if (!quote && (ch == '"' || ch == '\'')) {
        quote = ch;
      } else {
        tok += ch;
      }
    }
    if (quote) {
      error("missing %c", quote);
      return false;
    }
    cur.push_back(tok);
  }
  flush();
  return true;
}

bool parse_all(const std::vector<std::vector<std::string>> &groups, std::vector<Cmd> &cmds) {
  for (auto &g : groups) {
    Cmd c;
    if (!parse_command(g, c)) return false;
    cmds.push_back(c);
  }
  return true;
}

// Runs parsed commands, a blank line after each; the result is the last one's.
bool run_all(Shell &sh, const std::vector<Cmd> &cmds, bool &quit) {
  bool ok = true;
  for (const Cmd &c : cmds) {
    ok = sh.run(c);
    extra("\n");
    std::fflush(stdout);
    if (std::strcmp(c.def->name, "quit") == 0 || std::strcmp(c.def->name, "exit") == 0) {
      quit = true;
      break;
    }
  }
  return ok;
}

int interactive(Shell &sh, bool quiet_mode) {
  if (!quiet_mode)
    std::printf(
        "Welcome to virsh, the virtualization interactive terminal.\n\n"
        "Type:  'help' for help with commands\n"
        "       'quit' to quit\n\n");
  const char *prompt = sh.readonly ? "virsh > " : "virsh # ";
  bool tty = isatty(STDIN_FILENO);
  std::vector<std::string> history;  // in memory only (no readline)
  std::string line;
  for (;;) {
    std::printf("%s", prompt);
    std::fflush(stdout);
    if (!std::getline(std::cin, line)) {
      std::printf("\n");
      break;
    }
    if (!tty) std::printf("%s\n", line.c_str());  // readline echoes piped input
    std::fflush(stdout);
    if (line.empty()) continue;
    history.push_back(line);
    std::vector<std::vector<std::string>> groups;
    std::vector<Cmd> cmds;
    if (!split_line(line, groups) || !parse_all(groups, cmds)) continue;
    bool quit = false;
    run_all(sh, cmds, quit);
    if (quit) break;
  }
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  virSetErrorFunc(nullptr, quiet);
  Shell sh;
  bool quiet_mode = false;
  int i = 1;
  for (; i < argc; i++) {
    std::string a = argv[i];
    if ((a == "-c" || a == "--connect") && i + 1 < argc)
      sh.uri = argv[++i];
    else if (a.rfind("--connect=", 0) == 0)
      sh.uri = a.substr(10);
    else if (a == "-r" || a == "--readonly")
      sh.readonly = true;
    else if (a == "-q" || a == "--quiet")
      quiet_mode = g_quiet = true;
    else if (a == "--") {
      i++;
      break;
    } else
      break;
  }
  bool uri_given = !sh.uri.empty();
  if (!uri_given)
    if (const char *env = std::getenv("VIRSH_DEFAULT_CONNECT_URI")) sh.uri = env;

  // virsh parses the whole command line before connecting or running anything.
  std::vector<Cmd> cmds;
  if (i < argc) {
    std::vector<std::vector<std::string>> groups;
    if (i + 1 == argc) {
      if (!split_line(argv[i], groups)) return 1;
    } else {
      groups.emplace_back(argv + i, argv + argc);
    }
    if (!parse_all(groups, cmds)) return 1;
  }
  // A named connection must succeed before anything runs.
  if (uri_given && !sh.connect()) return 1;
  if (i >= argc) return interactive(sh, quiet_mode);
  bool quit = false;
  return run_all(sh, cmds, quit) ? 0 : 1;
}
